import type { ResolvedAudit } from '../audit';
import type { PodView } from '../rules/pod-view';

/*
 * A chart often declares many workloads whose pods are alike: only names and labels differ, and
 * rules read neither. Rules are pure functions of the pod view and the audit's context, so a pod
 * view equal in every value to one the same audit found clean is clean too. Only clean verdicts
 * are remembered: a finding names its workload, so any pod with a finding is always audited.
 */

/** What rules read of a pod view (the rest is derived from it). */
type RuleInput = Pick<PodView, 'dialect' | 'path' | 'spec' | 'annotations' | 'justifications'>;

// One entry per resolved audit (one per synth session, with its clock): a copy of the last clean
// pod, so that no later change to the audited objects can make the memo answer for them.
const lastClean = new WeakMap<ResolvedAudit, RuleInput>();

/** Whether `audit` already found a pod with exactly this view clean. */
export function isKnownClean(pod: RuleInput, audit: ResolvedAudit): boolean {
  const clean = lastClean.get(audit);
  if (clean === undefined) return false;
  try {
    return (
      clean.dialect === pod.dialect &&
      clean.path === pod.path &&
      sameValue(clean.spec, pod.spec) &&
      sameValue(clean.annotations, pod.annotations) &&
      sameValue(clean.justifications, pod.justifications)
    );
  } catch {
    return false; // a value that cannot be walked (a throwing getter): audit it
  }
}

/** Remembers that `audit` found this pod clean. */
export function rememberClean(pod: PodView, audit: ResolvedAudit): void {
  let copy: RuleInput;
  try {
    copy = structuredClone({
      dialect: pod.dialect,
      path: pod.path,
      spec: pod.spec,
      annotations: pod.annotations,
      justifications: pod.justifications,
    });
  } catch {
    return; // a value that cannot be copied (a function): such pods are always audited
  }
  lastClean.set(audit, copy);
}

/**
 * Strict structural equality: the same primitives (`Object.is`: NaN equals NaN, 0 differs from -0),
 * the same prototypes, the same own keys in the same order (an explicit `undefined` differs from
 * an absent key, and an array hole from an `undefined` item), recursively.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a) && (a as unknown[]).length !== (b as unknown[]).length) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i] as string;
    if (key !== keysB[i]) return false;
    if (!sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
