import type { ExemptionKind } from '../posture';
import { EXEMPTION_KINDS, exemptionExample } from '../posture';
import { findRule } from '../rules';
import { socketExposure } from '../rules/hardened/container-runtime-sockets';
import type { Finding } from './finding';

/**
 * Why a construct or component is refused, in the style of Pod Security Admission: the short reason
 * with its culprits, then the fix. Every host (cdk8s constructs, Pulumi components) formats its
 * refusals with {@link formatRefusal}, so they read alike.
 */
export interface Refusal {
  /** Short reason plus the culprits and the field, e.g. `privileged: container "api" must not ... (field ...)`. */
  readonly reason: string;
  /** What to change or write, e.g. the exemption that would allow it. @default - none */
  readonly fix?: string;
}

/** How a host spells the exemption lists, for the example in a fix. */
export interface ExemptionOptions {
  /** The option that holds a container's exemptions, e.g. `exemptions`. */
  readonly container: string;
  /** The option that holds the pod's exemptions (host namespaces), e.g. `podExemptions`. */
  readonly pod: string;
}

/** The option names of the cdk8s constructs. */
export const CDK8S_EXEMPTION_OPTIONS: ExemptionOptions = { container: 'exemptions', pod: 'podExemptions' };

/**
 * One refusal as text: the reason on the first line, then the fix and where the user's code created
 * the construct or component, each on its own indented line.
 */
export function formatRefusal(refusal: Refusal, createdAt?: string): string {
  const lines = [refusal.reason];
  if (refusal.fix !== undefined) lines.push(`    fix: ${refusal.fix}`);
  if (createdAt !== undefined) lines.push(`    created at ${createdAt}`);
  return lines.join('\n');
}

/** The refusal of one violation: the rule, its message and field, then the exemption to write or the fix. */
export function findingRefusal(finding: Finding, options: ExemptionOptions): Refusal {
  const reason = `${finding.rule}: ${finding.message} (field ${finding.path})`;
  const fix = findingFix(finding, options);
  return fix === undefined ? { reason } : { reason, fix };
}

/**
 * What to write to allow a finding: the exemption kind with a one-line example on the container (or
 * the pod) it belongs to; for a finding no exemption may allow, the rule's remediation.
 */
export function findingFix(finding: Finding, options: ExemptionOptions): string | undefined {
  const kinds = finding.exemptionKinds ?? findRule(finding.rule)?.justifiedBy ?? [];
  if (kinds.length === 0) {
    const remediation = findRule(finding.rule)?.remediation;
    return remediation === undefined ? undefined : `${remediation} (no exemption can allow it)`;
  }
  const kind = preferredKind(kinds, finding.subject);
  const pod = EXEMPTION_KINDS[kind].scope === 'pod';
  const target = pod
    ? 'the workload'
    : finding.container !== null
      ? `container "${finding.container}"`
      : 'the container that mounts it';
  const others = kinds.filter((k) => k !== kind);
  return (
    `remove it, or allow it with a justified exemption on ${target}: ` +
    `${pod ? options.pod : options.container}: [${exemptionExample(kind, finding.subject, finding.mode)}]` +
    (others.length > 0 ? ` (or kind ${others.map((k) => `'${k}'`).join(', ')})` : '')
  );
}

// A host path that is a container runtime socket needs the socket's own exemption: a plain
// hostPath one would leave the socket rule failing.
function preferredKind(kinds: readonly ExemptionKind[], subject: string | undefined): ExemptionKind {
  if (kinds.includes('dockerSocket') && subject !== undefined && socketExposure(subject)?.kind === 'socket') {
    return 'dockerSocket';
  }
  return kinds[0] as ExemptionKind;
}
