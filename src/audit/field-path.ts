/** One step of a field path: a mapping key or a sequence index. */
export type PathStep = string | number;

const STEP = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g;

/**
 * Splits a finding's dotted path (`spec.containers[0].securityContext`, `metadata.annotations["a.b/c"]`)
 * into steps. Quoted keys are JSON strings, so they may hold dots and brackets.
 */
export function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  for (const match of path.matchAll(STEP)) {
    const [, index, quoted, plain] = match;
    if (index !== undefined) steps.push(Number(index));
    else if (quoted !== undefined) steps.push(JSON.parse(`"${quoted}"`) as string);
    else if (plain !== undefined) steps.push(plain);
  }
  return steps;
}
