import { copyOwnData, ownValue } from './own-data';
import type { Justification } from './justification';
import { JustificationError, justificationProblems } from './justification';

/** The annotation that records why a HardenedNamespace enforces less than restricted. */
export const NAMESPACE_JUSTIFICATION_ANNOTATION = 'hardened-workloads.io/pod-security-justification';

/**
 * A Pod Security enforce level below restricted, chosen with its justification: for workloads
 * whose justified exemptions Pod Security Admission at restricted rejects (it has no
 * per-workload exemptions, so the namespace must admit them).
 */
export interface NamespacePodSecurity {
  /** The level the namespace enforces: `baseline` or `privileged`. */
  readonly level: 'baseline' | 'privileged';
  /**
   * Why the namespace's pods need it. `privileged` admits anything, so it is a design review:
   * `approvedBy` is required.
   */
  readonly justification: Justification;
}

/**
 * Checks a namespace's chosen level: an own-data copy, `baseline` or `privileged`, with a valid
 * justification (`approvedBy` for `privileged`). Throws naming `where`; returns the frozen copy.
 */
export function checkNamespacePodSecurity(value: unknown, where: string): NamespacePodSecurity | undefined {
  if (value === undefined) return undefined;
  const copy = copyOwnData(value, `${where}: podSecurity`);
  const level = ownValue(copy, 'level');
  if (level !== 'baseline' && level !== 'privileged') {
    throw new RangeError(
      `${where}: podSecurity.level ${JSON.stringify(level)} is not "baseline" or "privileged" (restricted is the default and needs no justification)`,
    );
  }
  const problems = justificationProblems(ownValue(copy, 'justification'), {
    requireApproval: level === 'privileged',
    now: new Date(),
  });
  if (problems.length > 0) {
    throw new JustificationError(
      `${where}: podSecurity.level "${level}" needs a valid justification\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  return copy as NamespacePodSecurity;
}
