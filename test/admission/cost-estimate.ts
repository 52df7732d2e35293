/**
 * An offline estimate of what the API server's CEL cost model charges: one unit per call,
 * select and identifier, a comprehension its range plus `listSize` times its loop. Lists in a pod
 * spec have no maxItems, so the estimate assumes every list (containers, volumes, capabilities,
 * annotations, ...) holds `listSize` items: an upper bound for real pods, not the API server's
 * own static estimate (which uses the request size limit).
 */
import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { parse } from '@bufbuild/cel';

/** Size, nesting and estimated cost of one expression. */
export interface ExpressionCost {
  readonly characters: number;
  /** Deepest nesting of the syntax tree. */
  readonly depth: number;
  /** Deepest nesting of comprehensions (macros over lists). */
  readonly loops: number;
  /** Estimated cost with every list holding `listSize` items. */
  readonly cost: number;
}

function walk(expr: Expr | undefined, listSize: number): { cost: number; depth: number; loops: number } {
  if (expr === undefined) return { cost: 0, depth: 0, loops: 0 };
  const kind = expr.exprKind;
  const combine = (children: (Expr | undefined)[], own: number) => {
    const parts = children.map((child) => walk(child, listSize));
    return {
      cost: own + parts.reduce((sum, p) => sum + p.cost, 0),
      depth: 1 + Math.max(0, ...parts.map((p) => p.depth)),
      loops: Math.max(0, ...parts.map((p) => p.loops)),
    };
  };
  switch (kind.case) {
    case 'constExpr':
      return { cost: 0, depth: 1, loops: 0 };
    case 'identExpr':
      return { cost: 1, depth: 1, loops: 0 };
    case 'selectExpr':
      return combine([kind.value.operand], 1);
    case 'callExpr':
      return combine([kind.value.target, ...kind.value.args], 1);
    case 'listExpr':
      return combine(kind.value.elements, 1);
    case 'structExpr':
      return combine(
        kind.value.entries.flatMap((e) => [
          e.keyKind.case === 'mapKey' ? e.keyKind.value : undefined,
          e.value,
        ]),
        1,
      );
    case 'comprehensionExpr': {
      const c = kind.value;
      const range = walk(c.iterRange, listSize);
      const init = walk(c.accuInit, listSize);
      const condition = walk(c.loopCondition, listSize);
      const step = walk(c.loopStep, listSize);
      const result = walk(c.result, listSize);
      return {
        cost: range.cost + init.cost + listSize * (condition.cost + step.cost) + result.cost,
        depth: 1 + Math.max(range.depth, init.depth, condition.depth, step.depth, result.depth),
        loops: Math.max(range.loops, 1 + Math.max(condition.loops, step.loops), result.loops),
      };
    }
    default:
      return { cost: 1, depth: 1, loops: 0 };
  }
}

/** The estimate for one CEL expression. */
export function estimateCost(expression: string, listSize: number): ExpressionCost {
  const { cost, depth, loops } = walk(parse(expression).expr, listSize);
  return { characters: expression.length, depth, loops, cost };
}
