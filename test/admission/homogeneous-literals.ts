/**
 * A static check for the API server's homogeneous-literal rule without a cluster: from Kubernetes 1.29
 * the CEL environment adds cel-go's ValidateHomogeneousAggregateLiterals, which refuses a list or map
 * literal whose entries have different types, `dyn` (any field of the untyped `object`) and `string`
 * included. This infers a coarse type for each entry (string, int, bool, dyn, list, map) the way cel-go's
 * checker would for the shapes the policy uses, and reports every literal mixing two known types. Entries
 * whose type it cannot tell are left out: the cluster tier's creation of every policy is the full check.
 */
import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { parse } from '@bufbuild/cel';

type CoarseType =
  | 'string'
  | 'int'
  | 'uint'
  | 'double'
  | 'bool'
  | 'null'
  | 'bytes'
  | 'dyn'
  | 'list'
  /** A list whose elements are untyped (a filter of an untyped list): a list, to the literal rule. */
  | 'dynlist'
  | 'map'
  | 'timestamp';

/** Whether a comprehension's step appends its own iteration variable (`filter`), not a new value (`map`). */
function keepsElements(step: Expr | undefined, iterVar: string): boolean {
  const kind = step?.exprKind;
  if (kind === undefined) return false;
  if (kind.case === 'listExpr')
    return kind.value.elements.some(
      (e) => e.exprKind.case === 'identExpr' && e.exprKind.value.name === iterVar,
    );
  if (kind.case === 'callExpr') return kind.value.args.some((a) => keepsElements(a, iterVar));
  return false;
}

const STRING_METHODS = new Set([
  'join',
  'replace',
  'lowerAscii',
  'upperAscii',
  'trim',
  'substring',
  'format',
]);
const BOOL_FUNCTIONS = new Set([
  'matches',
  'startsWith',
  'endsWith',
  'contains',
  '_==_',
  '_!=_',
  '_<_',
  '_<=_',
  '_>_',
  '_>=_',
  '_&&_',
  '_||_',
  '!_',
  '@in',
]);
/** Roots whose fields are untyped in the API server's environment. */
const DYN_ROOTS = new Set(['object', 'oldObject', 'params']);

/** The coarse types of the policy's variables, by name (`variables.<name>`). */
export type VariableTypes = Map<string, CoarseType | undefined>;

function typeOf(
  expr: Expr | undefined,
  scope: ReadonlyMap<string, CoarseType>,
  variables: VariableTypes,
): CoarseType | undefined {
  if (expr === undefined) return undefined;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'constExpr': {
      const c = kind.value.constantKind.case;
      if (c === 'stringValue') return 'string';
      if (c === 'int64Value') return 'int';
      if (c === 'uint64Value') return 'uint';
      if (c === 'doubleValue') return 'double';
      if (c === 'boolValue') return 'bool';
      if (c === 'nullValue') return 'null';
      if (c === 'bytesValue') return 'bytes';
      return undefined;
    }
    case 'identExpr':
      return scope.get(kind.value.name) ?? (DYN_ROOTS.has(kind.value.name) ? 'dyn' : undefined);
    case 'selectExpr': {
      if (kind.value.testOnly) return 'bool';
      const operand = kind.value.operand;
      if (operand?.exprKind.case === 'identExpr' && operand.exprKind.value.name === 'variables')
        return variables.get(kind.value.field);
      return typeOf(operand, scope, variables) === 'dyn' ? 'dyn' : undefined;
    }
    case 'listExpr':
      return 'list';
    case 'structExpr':
      return kind.value.messageName === '' ? 'map' : undefined;
    case 'comprehensionExpr': {
      const c = kind.value;
      const init = typeOf(c.accuInit, scope, variables);
      if (init !== 'list') return init === 'bool' ? 'bool' : undefined;
      const range = typeOf(c.iterRange, scope, variables);
      return (range === 'dyn' || range === 'dynlist') && keepsElements(c.loopStep, c.iterVar)
        ? 'dynlist'
        : 'list';
    }
    case 'callExpr': {
      const { function: name, target, args } = kind.value;
      if (name === 'string') return 'string';
      if (name === 'int' || name === 'size') return 'int';
      if (name === 'timestamp') return 'timestamp';
      if (BOOL_FUNCTIONS.has(name)) return 'bool';
      if (target !== undefined && STRING_METHODS.has(name)) return 'string';
      if (name === 'split') return 'list';
      if (name === '_+_') {
        const types = args.map((a) => typeOf(a, scope, variables));
        if (types.includes('string')) return 'string';
        if (types.includes('list')) return 'list';
        if (types.includes('dyn')) return 'dyn';
        return undefined;
      }
      if (name === '_?_:_') {
        const [, a, b] = args.map((x) => typeOf(x, scope, variables));
        if (a !== undefined && a === b) return a;
        // cel-go joins different branch types to dyn.
        return a === undefined || b === undefined ? undefined : 'dyn';
      }
      if (name === '_[_]') return typeOf(args[0], scope, variables) === 'dyn' ? 'dyn' : undefined;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Every literal mixing entry types in `expression`, described; `[]` when it would compile. */
export function mixedLiterals(expression: string, variables: VariableTypes = new Map()): string[] {
  const problems: string[] = [];
  const visit = (expr: Expr | undefined, scope: ReadonlyMap<string, CoarseType>): void => {
    if (expr === undefined) return;
    const kind = expr.exprKind;
    const check = (what: string, entries: (Expr | undefined)[]) => {
      const types = new Set(
        entries
          .map((e) => typeOf(e, scope, variables))
          .filter((t) => t !== undefined)
          .map((t) => (t === 'dynlist' ? 'list' : t)),
      );
      if (types.size > 1) problems.push(`${what} literal mixes ${[...types].sort().join(' and ')}`);
    };
    switch (kind.case) {
      case 'listExpr':
        check('list', kind.value.elements);
        kind.value.elements.forEach((e) => {
          visit(e, scope);
        });
        return;
      case 'structExpr':
        if (kind.value.messageName === '')
          check(
            'map',
            kind.value.entries.map((e) => e.value),
          );
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') visit(entry.keyKind.value, scope);
          visit(entry.value, scope);
        }
        return;
      case 'selectExpr':
        visit(kind.value.operand, scope);
        return;
      case 'callExpr':
        visit(kind.value.target, scope);
        kind.value.args.forEach((a) => {
          visit(a, scope);
        });
        return;
      case 'comprehensionExpr': {
        const c = kind.value;
        visit(c.iterRange, scope);
        visit(c.accuInit, scope);
        // The element of an untyped list is untyped; of a list the policy built, unknown here.
        const range = typeOf(c.iterRange, scope, variables);
        const element = range === 'dyn' || range === 'dynlist' ? 'dyn' : undefined;
        const inner = new Map(scope);
        if (element !== undefined) inner.set(c.iterVar, element);
        else inner.delete(c.iterVar);
        inner.delete(c.accuVar);
        for (const part of [c.loopCondition, c.loopStep, c.result]) visit(part, inner);
        return;
      }
      default:
        return;
    }
  };
  visit(parse(expression).expr, new Map());
  return problems;
}

/** The coarse type of each variable, in order (later variables read earlier ones). */
export function variableTypes(variables: readonly { name: string; expression: string }[]): VariableTypes {
  const types: VariableTypes = new Map();
  for (const variable of variables)
    types.set(variable.name, typeOf(parse(variable.expression).expr, new Map(), types));
  return types;
}
