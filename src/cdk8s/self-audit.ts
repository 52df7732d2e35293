import type { PostureEnvironment } from '../posture';
import type { Finding } from '../audit';
import type { ResolvedAudit } from '../audit';
import { evaluateWorkload, resolveAudit, workloadsFromManifest } from '../audit';
import { creationSite } from '../audit/creation-site';
import { CDK8S_EXEMPTION_OPTIONS, findingRefusal, formatRefusal } from '../audit/refusal';

/** What the synth-time audit of one rendered object found. */
export interface SelfAuditResult {
  /** Violations of `error` severity: each fails the synth. */
  readonly errors: readonly string[];
  /** Violations of `warning` severity: printed, not failing. */
  readonly warnings: readonly string[];
  /** Every finding, justified ones included. */
  readonly findings: readonly Finding[];
}

/** One finding as a synth message: the rule, the reason with its culprits, and the field. */
export function describeFinding(finding: Finding): string {
  return `${finding.rule}: ${finding.message} (field ${finding.path})`;
}

/**
 * Audits one rendered manifest (patches applied) at the hardened level, with the justifications
 * it records. A workload that cannot be read is an error, never a pass. Each error says how to fix
 * it (the exemption to write, or the rule's remedy) and, given the construct's creation stack, where
 * the user's code created it.
 * @param createdBy an Error made when the construct was created: its stack names the user's file.
 */
export function auditRenderedManifest(
  manifest: unknown,
  environment?: PostureEnvironment,
  audit: ResolvedAudit = hardenedAudit(environment),
  createdBy?: Error,
): SelfAuditResult {
  const { workloads, problems } = workloadsFromManifest(manifest);
  const refusals = problems.map((p) => ({ reason: `${p.message} (field ${p.path})` }));
  const warnings: string[] = [];
  const findings: Finding[] = [];
  for (const workload of workloads) {
    for (const finding of evaluateWorkload(workload, audit)) {
      findings.push(finding);
      if (finding.status === 'justified') continue;
      if (finding.severity === 'error') refusals.push(findingRefusal(finding, CDK8S_EXEMPTION_OPTIONS));
      else warnings.push(describeFinding(finding));
    }
  }
  if (workloads.length === 0 && problems.length === 0) {
    refusals.push({ reason: 'the rendered object holds no pod spec: it cannot be audited' });
  }
  // The stack is read (and formatted) only for a refused construct.
  const createdAt = refusals.length > 0 ? creationSite(createdBy) : undefined;
  const errors = refusals.map((refusal) => formatRefusal(refusal, createdAt));
  return { errors, warnings, findings };
}

/** The rule selection of the synth-time audit: the hardened level, with the clock read now. */
export function hardenedAudit(environment?: PostureEnvironment): ResolvedAudit {
  return resolveAudit({ level: 'hardened', ...(environment !== undefined && { environment }) });
}
