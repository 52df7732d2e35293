/**
 * Which of our rules mirrors each Kyverno pod-security policy (shared/conformance/kyverno/SOURCE.md),
 * and, where one Kyverno policy splits a Pod Security check into several rules, which of our
 * findings belong to each Kyverno rule.
 */

/** A Kyverno policy and the rule of ours that implements the same Pod Security check. */
export interface KyvernoMirror {
  readonly level: 'baseline' | 'restricted';
  readonly policy: string;
  readonly ruleId: string;
  /**
   * For a Kyverno rule that covers only part of our rule, the findings it corresponds to (by
   * message). @default - every finding of the rule
   */
  readonly findingsOf?: Readonly<Record<string, (message: string) => boolean>>;
}

/** Every Kyverno policy that mirrors a Pod Security check. */
export const KYVERNO_MIRRORS: readonly KyvernoMirror[] = [
  { level: 'baseline', policy: 'disallow-capabilities', ruleId: 'capabilities-baseline' },
  { level: 'baseline', policy: 'disallow-host-namespaces', ruleId: 'host-namespaces' },
  { level: 'baseline', policy: 'disallow-host-path', ruleId: 'host-path-volumes' },
  { level: 'baseline', policy: 'disallow-host-ports', ruleId: 'host-ports' },
  { level: 'baseline', policy: 'disallow-host-process', ruleId: 'windows-host-process' },
  { level: 'baseline', policy: 'disallow-privileged-containers', ruleId: 'privileged' },
  { level: 'baseline', policy: 'disallow-proc-mount', ruleId: 'proc-mount' },
  {
    level: 'baseline',
    policy: 'disallow-selinux',
    ruleId: 'selinux-options',
    findingsOf: {
      'selinux-type': (message) => /: (.*; )?type "/.test(message),
      'selinux-user-role': (message) => /(user|role) may not be set/.test(message),
    },
  },
  { level: 'baseline', policy: 'restrict-apparmor-profiles', ruleId: 'apparmor-profile' },
  { level: 'baseline', policy: 'restrict-seccomp', ruleId: 'seccomp-profile-baseline' },
  { level: 'baseline', policy: 'restrict-sysctls', ruleId: 'sysctls' },
  {
    level: 'restricted',
    policy: 'disallow-capabilities-strict',
    ruleId: 'capabilities-restricted',
    findingsOf: {
      'require-drop-all': (message) => message.includes('capabilities.drop=["ALL"]'),
      'adding-capabilities-strict': (message) => message.includes('in securityContext.capabilities.add'),
    },
  },
  { level: 'restricted', policy: 'disallow-privilege-escalation', ruleId: 'allow-privilege-escalation' },
  { level: 'restricted', policy: 'require-run-as-non-root-user', ruleId: 'run-as-user' },
  { level: 'restricted', policy: 'require-run-as-nonroot', ruleId: 'run-as-non-root' },
  { level: 'restricted', policy: 'restrict-seccomp-strict', ruleId: 'seccomp-profile-restricted' },
  { level: 'restricted', policy: 'restrict-volume-types', ruleId: 'restricted-volumes' },
];

/** Kyverno policies that are not Pod Security checks, so have no mirror: each with its reason. */
export const KYVERNO_NOT_PSS: Readonly<Record<string, string>> = {
  'disallow-host-ports-range':
    'allows hostPort 5000-6000: a Kyverno variant, not a Pod Security control (host-ports is covered by disallow-host-ports)',
};
