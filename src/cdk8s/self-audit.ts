import type { JustificationRecord, PostureEnvironment, YamlHazard } from '../posture';
import { JUSTIFICATIONS_ANNOTATION, decodeJustifications } from '../posture';
import type { Finding, Workload } from '../audit';
import type { ResolvedAudit } from '../audit';
import { POD_TEMPLATE_PATHS, evaluateWorkload, resolveAudit, workloadsFromManifest } from '../audit';
import { creationSite } from '../audit/creation-site';
import { atPath } from '../rules/pod-view';
import type { Refusal } from '../audit/refusal';
import { CDK8S_EXEMPTION_OPTIONS, findingRefusal, formatRefusal } from '../audit/refusal';
import { outputFidelityErrors } from './output-fidelity';

/**
 * The justifications a hardened construct produced from its own validated exemptions: the only
 * ones its synth-time audit honours.
 */
export interface ConstructJustifications {
  /** The records rendered from the construct's validated exemptions. */
  readonly records: readonly JustificationRecord[];
  /** The annotation value the construct writes, or undefined when it has no exemption. */
  readonly annotation: string | undefined;
}

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
 * Audits one rendered manifest (patches applied) at the hardened level. A workload that cannot be
 * read is an error, never a pass; so is a string Kubernetes' YAML reader would read differently.
 * With `own`, only the construct's own justifications count, and any other justification record
 * on the object or its pod template is an error naming it; without, the manifest's records count. Each error
 * says how to fix it (the exemption to write, or the rule's remedy) and, given the construct's
 * creation stack, where the user's code created it.
 * @param createdBy an Error made when the construct was created: its stack names the user's file.
 */
export function auditRenderedManifest(
  manifest: unknown,
  environment?: PostureEnvironment,
  audit: ResolvedAudit = hardenedAudit(environment),
  own?: ConstructJustifications,
  createdBy?: Error,
): SelfAuditResult {
  return auditRendering(manifest, {
    audit,
    ...(own !== undefined && { own }),
    ...(createdBy !== undefined && { createdBy }),
  });
}

/** How a hardened construct has its own rendering audited. */
export interface RenderingAudit {
  /** The rule selection. */
  readonly audit: ResolvedAudit;
  /** The construct's own justifications: the only ones honoured. @default - the manifest's records */
  readonly own?: ConstructJustifications;
  /** The construct's creation stack, read only for a refusal. @default - no creation site */
  readonly createdBy?: Error;
  /** The manifest's YAML hazards, when the walk that froze it found them. @default - walked here */
  readonly hazards?: readonly YamlHazard[];
}

/** {@link auditRenderedManifest} with the construct's options, the hazards found once. */
export function auditRendering(manifest: unknown, options: RenderingAudit): SelfAuditResult {
  const { audit, own, createdBy, hazards } = options;
  const { workloads, problems } = workloadsFromManifest(manifest);
  const refusals: Refusal[] = problems.map((p) => ({ reason: `${p.message} (field ${p.path})` }));
  if (manifest !== null && typeof manifest === 'object' && !Array.isArray(manifest)) {
    const fidelity = outputFidelityErrors(manifest as Record<string, unknown>, hazards);
    refusals.push(...fidelity.map((reason) => ({ reason })));
  }
  if (own !== undefined) {
    refusals.push(...foreignJustificationErrors(manifest, own).map((reason) => ({ reason })));
  }
  const warnings: string[] = [];
  const findings: Finding[] = [];
  for (const workload of workloads) {
    for (const finding of evaluateWorkload(own === undefined ? workload : withOwn(workload, own), audit)) {
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

function withOwn(workload: Workload, own: ConstructJustifications): Workload {
  return {
    ...workload,
    pod: { ...workload.pod, justifications: { records: [...own.records], problems: [] } },
  };
}

const NO_STEPS: readonly string[] = [];
const JUSTIFICATIONS_STEPS = ['metadata', 'annotations', JUSTIFICATIONS_ANNOTATION] as const;

// The justification annotation of the object reached by `steps` (none: the manifest itself).
function justificationsAt(node: unknown, steps: readonly string[]): unknown {
  return atPath(atPath(node, steps), JUSTIFICATIONS_STEPS);
}

// The records a value holds that the construct did not produce, named for the message.
function foreignRecords(value: unknown, own: ConstructJustifications): string[] {
  if (value === own.annotation) return [];
  const ownKeys = new Set(own.records.map((r) => JSON.stringify(r)));
  const decoded = decodeJustifications(value);
  const named = decoded.records
    .filter((r) => !ownKeys.has(JSON.stringify(r)))
    .map(
      (r) =>
        `"${r.exemption}"${r.subject !== undefined ? ` (${r.subject})` : ''}${r.container !== undefined ? ` for container ${JSON.stringify(r.container)}` : ''}`,
    );
  if (named.length > 0 || decoded.problems.length > 0) return [...named, ...decoded.problems];
  // Same records, written differently (reordered, one removed): still not what the construct wrote.
  return [
    value === undefined ? 'the annotation was removed' : 'records other than the ones the construct wrote',
  ];
}

function foreignJustificationErrors(manifest: unknown, own: ConstructJustifications): string[] {
  const kind = (manifest as { kind?: unknown } | null)?.kind;
  const template =
    typeof kind === 'string' && Object.hasOwn(POD_TEMPLATE_PATHS, kind)
      ? POD_TEMPLATE_PATHS[kind]
      : undefined;
  const onObject = justificationsAt(manifest, NO_STEPS);
  const onTemplate = template === undefined ? undefined : justificationsAt(manifest, template);
  // Every synth of every workload asks: the usual answer (exactly what the construct wrote) is
  // known from two reads.
  if (onObject === own.annotation && (template === undefined || onTemplate === own.annotation)) return [];
  const places: [string, string, unknown][] = [['the object', 'metadata', onObject]];
  if (template !== undefined) places.push(['the pod template', `${template.join('.')}.metadata`, onTemplate]);
  const errors: string[] = [];
  for (const [label, field, value] of places) {
    const foreign = foreignRecords(value, own);
    if (foreign.length === 0) continue;
    errors.push(
      `justification-owned: annotation ${JUSTIFICATIONS_ANNOTATION} on ${label} holds justifications this construct did not produce from its validated exemptions: ${foreign.join(', ')}; ` +
        `declare the relaxation as a justified exemption of the construct (exemptions or podExemptions) instead of writing the annotation (field ${field}.annotations["${JUSTIFICATIONS_ANNOTATION}"])`,
    );
  }
  return errors;
}

/** The rule selection of the synth-time audit: the hardened level, with the clock read now. */
export function hardenedAudit(environment?: PostureEnvironment, maxExemptionDays?: number): ResolvedAudit {
  return resolveAudit({
    level: 'hardened',
    ...(environment !== undefined && { environment }),
    ...(maxExemptionDays !== undefined && { maxExemptionDays }),
  });
}
