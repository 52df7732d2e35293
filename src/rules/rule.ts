import type { ExemptionKind, MountMode, PostureEnvironment } from '../posture';
import type { Dialect, PodView } from './pod-view';
import type { PssVersion } from './pss-version';

/** The audit levels: each includes the ones before it. */
export const LEVELS = ['baseline', 'restricted', 'hardened'] as const;
/** baseline and restricted are the Pod Security Standards; hardened adds the seed's posture. */
export type Level = (typeof LEVELS)[number];

/**
 * `error` findings fail the audit; `warning` findings do only with `--fail-on warning`; `info`
 * findings never do (they list what a reviewer may want to see, e.g. project files bound read-only).
 */
export type Severity = 'error' | 'warning' | 'info';

/** The upstream Pod Security Admission check ids (policy/check_*.go). */
export type PssCheckId =
  | 'hostNamespaces'
  | 'privileged'
  | 'capabilities_baseline'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'appArmorProfile'
  | 'seLinuxOptions'
  | 'procMount'
  | 'seccompProfile_baseline'
  | 'sysctls'
  | 'windowsHostProcess'
  | 'hostProbesAndHostLifecycle'
  | 'allowPrivilegeEscalation'
  | 'capabilities_restricted'
  | 'restrictedVolumes'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seccompProfile_restricted'
  | 'procMount_restricted';

/** Ids of the same control in other tools (see shared/conformance/RULES.md). */
export interface RuleReferences {
  /** CIS Docker Benchmark recommendations, e.g. `5.5`. @default - none */
  readonly cisDocker?: readonly string[];
  /** Polaris check ids, e.g. `runAsPrivileged`. @default - none */
  readonly polaris?: readonly string[];
  /** kube-linter check names, e.g. `privileged-container`. @default - none */
  readonly kubeLinter?: readonly string[];
  /** Checkov check ids, e.g. `CKV_K8S_16`. @default - none */
  readonly checkov?: readonly string[];
  /** kubesec rule ids, e.g. `Privileged`. @default - none */
  readonly kubesec?: readonly string[];
  /** Trivy misconfiguration ids, e.g. `KSV-0017`. @default - none */
  readonly trivy?: readonly string[];
}

/** One problem a rule found in a pod. */
export interface Violation {
  /** Short reason plus the culprits, e.g. `container "app" must set securityContext.allowPrivilegeEscalation=false`. */
  readonly message: string;
  /** Dotted path of the offending field in the document. */
  readonly path: string;
  /** The culprit container, when the problem belongs to one. @default - absent: a pod-level problem */
  readonly container?: string;
  /**
   * The capability, host path, host port or namespace at fault, for matching a justification.
   * @default - absent: the finding has no subject
   */
  readonly subject?: string;
  /**
   * For a finding borne by a mount (a socket, a host path, its propagation): how `container` mounts
   * it. A justification must name that container and that mode. @default - absent: not a mount
   */
  readonly mode?: MountMode;
  /**
   * Which exemption kind would justify this finding; `null` when none may (a missing `drop: [ALL]`
   * is never justified, even by a rule whose other findings are). @default - any of the rule's `justifiedBy`
   */
  readonly exemption?: ExemptionKind | null;
  /**
   * The finding's severity when it differs from the rule's: a no-op capability add-back is a warning,
   * and an error once a justification approved it. @default - the rule's severity
   */
  readonly severity?: Severity;
}

/** What a rule knows about the audit it runs in. */
export interface RuleContext {
  /** The level audited; a rule may check more strictly at a higher level. */
  readonly level: Level;
  /** The Pod Security Standards version checked; version-dependent rules follow it. */
  readonly pssVersion: PssVersion;
  /** Where the workload runs; production refuses some exemptions outright. */
  readonly environment: PostureEnvironment;
  /** The clock for justification expiry. */
  readonly now: Date;
  /**
   * The posture's longest lifetime, in days, of a justification that needs an approver.
   * @default - no limit
   */
  readonly maxExemptionDays?: number;
}

/** A rule: metadata next to a pure check. */
export interface Rule {
  /** Stable kebab-case id: the file name, the docs anchor, the CLI output. Never renamed. */
  readonly id: string;
  /** The desired state, e.g. "Containers are not privileged". */
  readonly title: string;
  /** Whether a finding fails the audit by default (`error`) or only with `--fail-on warning`. */
  readonly severity: Severity;
  /** The lowest level the rule belongs to. */
  readonly level: Level;
  /** The upstream Pod Security check this rule implements, or null. */
  readonly pssCheck: PssCheckId | null;
  /**
   * Rules this one replaces when both are active (e.g. capabilities-restricted replaces capabilities-baseline).
   * @default - none
   */
  readonly overrides?: readonly string[];
  /** The first Pod Security version with this check; older versions skip it. @default - all versions */
  readonly sinceVersion?: PssVersion;
  /** Which inputs the rule applies to. */
  readonly dialects: readonly Dialect[];
  /** The fields the rule restricts (Pod Security Admission's "Restricted Fields"). */
  readonly restrictedFields: readonly string[];
  /** The values it allows (Pod Security Admission's "Allowed Values"). */
  readonly allowedValues: string;
  /** Ids of the same control in other tools, for teams migrating from them. */
  readonly references: RuleReferences;
  /** Why the rule exists. */
  readonly rationale: string;
  /** What to change to comply. */
  readonly remediation: string;
  /** A compliant snippet, YAML. */
  readonly exampleFix: string;
  /** Exemption kinds whose justification turns a finding into `justified`; empty = not justifiable. */
  readonly justifiedBy: readonly ExemptionKind[];
  /** Pure. Returns [] when the pod complies. May throw: the engine reports a crash as a violation, never a pass. */
  check(pod: PodView, context: RuleContext): readonly Violation[];
}

/** Checks a rule's metadata and freezes it; used by every rule file. */
export function defineRule(rule: Rule): Rule {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(rule.id))
    throw new Error(`rule id "${rule.id}" must be kebab-case`);
  return Object.freeze(rule);
}
