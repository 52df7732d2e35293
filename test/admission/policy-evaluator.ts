/**
 * Runs a generated ValidatingAdmissionPolicy offline with @bufbuild/cel (conformance-tested
 * against the CEL spec), binding the variables the API server binds: object, oldObject, request,
 * params and the policy's own variables, evaluated in order.
 */
import type { CelEnv } from '@bufbuild/cel';
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

type Program = (bindings: Record<string, unknown>) => unknown;

/** The verdict of one validation. */
export type ValidationOutcome =
  | { readonly result: 'pass' }
  | { readonly result: 'fail'; readonly message: string }
  | { readonly result: 'error'; readonly message: string };

/** One admission request, as the API server presents it to the policy. */
export interface AdmissionRequest {
  readonly object: unknown;
  readonly oldObject?: unknown;
  readonly operation?: 'CREATE' | 'UPDATE';
  readonly namespace?: string;
  readonly subResource?: string;
  /** The params object (the exemptions ConfigMap), or undefined when none is bound. */
  readonly params?: unknown;
}

/** The outcome of every validation of a policy, by the rule id its message names. */
export interface PolicyOutcome {
  /** Whether the match conditions selected the request at all. */
  readonly matched: boolean;
  readonly byRule: ReadonlyMap<string, ValidationOutcome>;
}

const env: CelEnv = celEnv({ funcs: strings });

/** How a failed messageExpression shows in an outcome's message. */
export const MESSAGE_FAILED = 'messageExpression failed';

function compile(expression: string, where: string): Program {
  try {
    const run = plan(env, parse(expression)) as unknown as Program;
    return run;
  } catch (error) {
    throw new Error(`${where} does not parse: ${(error as Error).message}\n${expression}`);
  }
}

/**
 * A JSON document as the API server hands it to CEL: a decoded typed object, so a null field is
 * absent, and integers are int64 (BigInt here), not doubles.
 */
export function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    const map = new Map<string, unknown>();
    for (const [key, item] of Object.entries(value)) {
      if (item === null || item === undefined) continue;
      map.set(key, toCel(item));
    }
    return map;
  }
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

function celToJs(value: unknown): unknown {
  return value;
}

interface CompiledValidation {
  readonly rule: string;
  readonly expression: Program;
  readonly message: Program;
}

/** A compiled policy, reusable across requests. */
export class CompiledPolicy {
  private readonly variables: { name: string; program: Program }[];
  private readonly validations: CompiledValidation[];
  private readonly matchConditions: Program[];

  public constructor(policy: Record<string, unknown>) {
    const spec = policy.spec as {
      variables?: { name: string; expression: string }[];
      validations: { expression: string; messageExpression: string; message: string }[];
      matchConditions?: { name: string; expression: string }[];
    };
    this.variables = (spec.variables ?? []).map((v) => ({
      name: v.name,
      program: compile(v.expression, `variable ${v.name}`),
    }));
    this.validations = spec.validations.map((v) => {
      const rule = /^([a-z0-9-]+):/.exec(v.message)?.[1];
      if (rule === undefined) throw new Error(`validation message names no rule: ${v.message}`);
      return {
        rule,
        expression: compile(v.expression, `rule ${rule}`),
        message: compile(v.messageExpression, `messageExpression of ${rule}`),
      };
    });
    this.matchConditions = (spec.matchConditions ?? []).map((m) =>
      compile(m.expression, `matchCondition ${m.name}`),
    );
  }

  /** The rule ids, in the policy's order. */
  public get rules(): string[] {
    return this.validations.map((v) => v.rule);
  }

  public evaluate(request: AdmissionRequest): PolicyOutcome {
    const object = toCel(request.object) as Map<string, unknown>;
    const operation = request.operation ?? 'CREATE';
    const kind = object.get('kind');
    const bindings: Record<string, unknown> = {
      object,
      oldObject: request.oldObject === undefined ? null : toCel(request.oldObject),
      params: request.params === undefined ? null : toCel(request.params),
      request: toCel({
        operation,
        namespace: request.namespace ?? 'default',
        kind: { kind },
        ...(request.subResource !== undefined && { subResource: request.subResource }),
      }),
    };
    for (const condition of this.matchConditions) {
      const result = condition(bindings);
      if (result === false) return { matched: false, byRule: new Map() };
    }
    const variables = new Map<string, unknown>();
    bindings.variables = variables;
    for (const variable of this.variables) {
      const value = variable.program(bindings);
      // A variable is evaluated lazily by the API server: an error surfaces in the validations that read it.
      if (!isCelError(value)) variables.set(variable.name, value);
    }
    const byRule = new Map<string, ValidationOutcome>();
    for (const validation of this.validations) {
      const result = validation.expression(bindings);
      if (result === true) {
        byRule.set(validation.rule, { result: 'pass' });
      } else if (result === false) {
        const message = validation.message(bindings);
        byRule.set(validation.rule, {
          result: 'fail',
          message: typeof message === 'string' ? message : `(${MESSAGE_FAILED}: ${errorText(message)})`,
        });
      } else {
        byRule.set(validation.rule, { result: 'error', message: errorText(result) });
      }
    }
    return { matched: true, byRule };
  }
}

function errorText(value: unknown): string {
  if (isCelError(value)) return (value as { message: string }).message;
  return `not a bool: ${String(celToJs(value))}`;
}
