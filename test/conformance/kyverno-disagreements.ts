import type { PssVersion } from '../../src/rules';

/** Where a Kyverno expectation comes from. */
export type KyvernoSource =
  | 'kyverno-test'
  | 'chainsaw/pod-good'
  | 'chainsaw/pod-bad'
  | 'chainsaw/podcontroller-good'
  | 'chainsaw/podcontroller-bad';

/** One reviewed case where our verdict differs from Kyverno's expectation, and why ours is right. */
export interface KyvernoDisagreement {
  readonly policy: string;
  readonly source: KyvernoSource;
  readonly kind: string;
  readonly name: string;
  /** The Pod Security version at which we disagree (and every later one). */
  readonly since: PssVersion;
  /** What Kyverno expects; we give the other verdict. */
  readonly kyverno: 'pass' | 'fail';
  readonly reason: string;
}

const PROC_MOUNT_USERNS =
  'the pod sets hostUsers: false, and Pod Security relaxes procMount for user-namespace pods from v1.35 ' +
  '(policy/check_procMount_baseline.go); Kyverno has no such relaxation';
const SELINUX_ENGINE =
  'the pod uses SELinux type container_engine_t, which Pod Security allows from v1.31 ' +
  "(policy/check_seLinuxOptions.go); Kyverno's allow-list predates it";

function rejectedByKyvernoOnly(
  policy: string,
  source: KyvernoSource,
  kind: string,
  name: string,
  sinceMinor: number,
  reason: string,
): KyvernoDisagreement {
  return { policy, source, kind, name, since: { major: 1, minor: sinceMinor }, kyverno: 'fail', reason };
}

/**
 * Every disagreement with the Kyverno suite, reviewed. At the version closest to Kyverno's
 * semantics (v1.24: before the Windows exemptions of 1.25, the 1.27+ sysctls, container_engine_t
 * and the user-namespace relaxations) there are none; each entry is a later Pod Security change.
 * Kept in step with test/conformance/KYVERNO.md.
 */
export const KYVERNO_DISAGREEMENTS: readonly KyvernoDisagreement[] = [
  rejectedByKyvernoOnly('disallow-proc-mount', 'chainsaw/pod-bad', 'Pod', 'badpod01', 35, PROC_MOUNT_USERNS),
  rejectedByKyvernoOnly('disallow-proc-mount', 'chainsaw/pod-bad', 'Pod', 'badpod02', 35, PROC_MOUNT_USERNS),
  rejectedByKyvernoOnly('disallow-proc-mount', 'chainsaw/pod-bad', 'Pod', 'badpod03', 35, PROC_MOUNT_USERNS),
  rejectedByKyvernoOnly('disallow-proc-mount', 'chainsaw/pod-bad', 'Pod', 'badpod04', 35, PROC_MOUNT_USERNS),
  rejectedByKyvernoOnly('disallow-proc-mount', 'chainsaw/pod-bad', 'Pod', 'badpod05', 35, PROC_MOUNT_USERNS),
  rejectedByKyvernoOnly('disallow-selinux', 'chainsaw/pod-bad', 'Pod', 'badpod01-new', 31, SELINUX_ENGINE),
  rejectedByKyvernoOnly('disallow-selinux', 'chainsaw/pod-bad', 'Pod', 'badpod03-new', 31, SELINUX_ENGINE),
  rejectedByKyvernoOnly('disallow-selinux', 'chainsaw/pod-bad', 'Pod', 'badpod04-new', 31, SELINUX_ENGINE),
  rejectedByKyvernoOnly(
    'disallow-selinux',
    'chainsaw/podcontroller-bad',
    'Deployment',
    'baddeployment01-new',
    31,
    SELINUX_ENGINE,
  ),
  rejectedByKyvernoOnly(
    'disallow-selinux',
    'chainsaw/podcontroller-bad',
    'CronJob',
    'badcronjob01-new',
    31,
    SELINUX_ENGINE,
  ),
];
