import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { ComponentLabel } from './component-errors';
import {
  assertNoViolations,
  blockingFindings,
  describeComponent,
  logFindings,
  violationMessage,
} from './component-errors';
import { applyWithUnknowns, knownAtConstruction, knownAtResolution } from './deferred-values';

/**
 * The findings of a value, given its known part and the dotted paths of the parts left out
 * (`unknown` findings for rules that read them). `reason` says why they are left out.
 */
export type AuditOf = (known: unknown, pendingPaths: readonly string[], reason: string) => Finding[];

/** Inputs whose registration waits for their audit. */
export interface GatedInputs<T> {
  /** The value to register: every Output and Promise in it resolves only once the audit passed. */
  readonly value: T;
  /** The findings once the inputs resolve, logged on the resource (`unknown` entries at preview). */
  readonly findings: pulumi.Output<readonly Finding[]>;
}

/** Why a value is left out of the audit while the program runs. */
export const PENDING_AT_CONSTRUCTION = 'a Pulumi output, audited once it resolves';
const PENDING_AT_PREVIEW = 'a Pulumi output not known during preview';

/**
 * Audits inputs and makes their registration depend on the audit. The known part is audited at
 * once (a violation throws a `pulumi.ResourceError` before anything is registered). When Outputs or
 * Promises remain, every one of them is replaced by an Output that resolves to the same value only
 * after the whole value resolved and passed the audit: a violation found then rejects those Outputs,
 * so Pulumi fails the registration (`error serializing property ...`) instead of sending it. At
 * preview a value the engine does not know yet is reported `unknown` (a warning), never a pass; an
 * unknown during an update (which the engine never hands over) is refused.
 */
export function gateOnAudit<T>(
  label: ComponentLabel,
  value: T,
  auditOf: AuditOf,
  logOn: () => pulumi.Resource | undefined,
): GatedInputs<T> {
  const known = knownAtConstruction(value);
  const atConstruction = auditOf(known.value, known.pendingPaths, PENDING_AT_CONSTRUCTION);
  assertNoViolations(label, atConstruction);
  if (known.pendingPaths.length === 0) {
    // Logged once the caller has created the resource the log names; nothing to log is the common case.
    if (atConstruction.some((f) => f.status !== 'justified')) {
      void Promise.resolve().then(() => {
        logFindings(label, atConstruction, logOn());
      });
    }
    return { value, findings: pulumi.output(atConstruction) };
  }
  let pass!: () => void;
  let refuse!: (error: Error) => void;
  const passed = new Promise<void>((resolve, reject) => {
    pass = resolve;
    refuse = reject;
  });
  // Each gated Output carries the refusal to its registration; this copy must not surface on its own.
  passed.catch(() => undefined);
  const findings = applyWithUnknowns(value, (resolved) => {
    try {
      const settled = knownAtResolution(resolved);
      if (settled.pendingPaths.length > 0 && !pulumi.runtime.isDryRun()) {
        throw new pulumi.ResourceError(
          `${describeComponent(label)} (${label.type}): ${settled.pendingPaths.join(', ')} is unknown during an update, so it cannot be audited; pass a value the program knows`,
          logOn(),
          true,
        );
      }
      const result = auditOf(settled.value, settled.pendingPaths, PENDING_AT_PREVIEW);
      logFindings(label, result, logOn());
      const violations = blockingFindings(result);
      if (violations.length > 0) {
        refuse(new pulumi.ResourceError(violationMessage(label, violations), logOn(), true));
      } else {
        pass();
      }
      return result;
    } catch (error) {
      refuse(error instanceof Error ? error : new Error(String(error)));
      return [];
    }
  });
  return { value: gateLeaves(value, passed) as T, findings };
}

// The same value with every Output and Promise resolving only after `passed`.
function gateLeaves(value: unknown, passed: Promise<void>): unknown {
  if (pulumi.Output.isInstance(value) || isPromiseLike(value)) {
    const leaf: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>);
    return leaf.apply((resolved) => passed.then(() => resolved));
  }
  if (Array.isArray(value)) return Object.freeze(value.map((item: unknown) => gateLeaves(item, passed)));
  if (isPlainObject(value)) {
    return Object.freeze(
      Object.fromEntries(Object.entries(value).map(([key, item]) => [key, gateLeaves(item, passed)])),
    );
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
