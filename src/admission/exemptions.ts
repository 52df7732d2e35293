import type { AuditOptions, Workload } from '../audit';
import { evaluateWorkload, resolveAudit, workloadsFromManifest } from '../audit';
import type { MountMode } from '../posture';
import { parseExpiry } from '../posture';
import { findRule } from '../rules';
import { seccompLocalhostJustified, seccompProfileGenerated } from '../rules/hardened';
import { DEFAULT_EXEMPTIONS_NAME } from './policy';
import { exemptionKey, RFC3339_TIMESTAMP, WORKLOAD_LABEL } from './variables';

/** ConfigMap keys: `[-._a-zA-Z0-9]+`, at most 253 characters. */
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
/** Label values: at most 63 characters of `[-._a-zA-Z0-9]`, alphanumeric at both ends. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** One cluster exemption: the ConfigMap key and its expiry, and the finding it admits. */
export interface ExemptionEntry {
  /** `<namespace>.<Kind>_d<name>.<rule>[.<subject>]` ({@link exemptionKey}: `_` → `_u`, `/` → `_s`, `.` → `_d`). */
  readonly key: string;
  /** RFC 3339 expiry, e.g. `2026-06-30T23:59:59.999Z`. */
  readonly expires: string;
  /** The finding it admits, as the audit words it. */
  readonly finding: string;
  /** The container of the finding it admits. @default - absent: a pod-level finding */
  readonly container?: string;
  /** How that container mounts the volume the finding is about. @default - absent: not a mount */
  readonly mode?: MountMode;
}

/** The entries of a set of workloads, and why any justified finding got none. */
export interface AdmissionExemptions {
  /** One entry per justified finding, sorted by key. */
  readonly entries: readonly ExemptionEntry[];
  /** Justified findings that cannot become a cluster exemption (each stays refused in the cluster). */
  readonly problems: readonly string[];
}

/** The label value naming a workload for exemption lookup: `<Kind>.<name>`. */
export function workloadLabelValue(kind: string, name: string): string {
  return `${kind}.${name}`;
}

/**
 * The cluster exemptions of workloads: one entry per finding their validated justifications
 * justify (and nothing else), keyed by namespace, workload, rule and subject, with the
 * justification's expiry; and, where the record justifying a Localhost seccomp profile carries a
 * generated profile's hash, a `seccomp-profile-generated.<container>` entry saying so. An entry is
 * only honoured for pods labelled `hardened-workloads.io/workload: <Kind>.<name>`; a workload whose
 * pod template lacks the label gets a problem, not an entry.
 */
export function admissionExemptions(
  workloads: readonly Workload[],
  options: AuditOptions = {},
  labels: (workload: Workload) => Readonly<Record<string, unknown>> = () => ({}),
): AdmissionExemptions {
  const audit = resolveAudit(options);
  const entries = new Map<string, ExemptionEntry>();
  const problems: string[] = [];
  for (const workload of workloads) {
    const where = `${workload.kind} "${workload.name}"`;
    const findings = evaluateWorkload(workload, audit);
    const justified = findings.filter((f) => f.status === 'justified');
    if (justified.length === 0) continue;
    const id = workloadLabelValue(workload.kind, workload.name);
    if (workload.namespace === undefined) {
      problems.push(`${where}: set metadata.namespace; a cluster exemption is keyed by namespace`);
      continue;
    }
    if (!LABEL_VALUE.test(id)) {
      problems.push(`${where}: "${id}" is not a valid label value (63 characters at most): shorten the name`);
      continue;
    }
    if (labels(workload)[WORKLOAD_LABEL] !== id) {
      problems.push(
        `${where}: label its pod template ${WORKLOAD_LABEL}: ${id}; the cluster honours its exemptions only for pods carrying it`,
      );
      continue;
    }
    for (const finding of justified) {
      const rule = findRule(finding.rule);
      const record = finding.justification;
      if (rule === undefined || record === undefined) continue;
      // The violation behind the finding says what the entry is about: its subject, else its exemption
      // kind. (A justified Pod Security finding's message carries a note after the violation's own.)
      const violation = rule
        .check(workload.pod, audit.context)
        .find((v) => v.path === finding.path && finding.message.startsWith(v.message));
      const about =
        finding.subject ??
        violation?.subject ??
        (typeof violation?.exemption === 'string' ? violation.exemption : undefined);
      const key = exemptionKey({
        namespace: workload.namespace,
        workload: id,
        rule: rule.id,
        ...(about !== undefined && { subject: about }),
      });
      const expiry = record.expires === undefined ? undefined : parseExpiry(record.expires);
      if (expiry === undefined) {
        problems.push(
          `${where}: the justification of "${record.exemption}" for ${rule.id} has no expiry; a cluster exemption needs one: set justification.expires`,
        );
        continue;
      }
      if (!CONFIGMAP_KEY.test(key)) {
        problems.push(
          `${where}: ${rule.id} finding about ${JSON.stringify(about)} cannot be written as a ConfigMap key (${key})`,
        );
        continue;
      }
      // A key without the container would also admit the same rule and subject in another container
      // of the workload that no record justifies (a socket approved for "agent", mounted into "web").
      const unjustified = findings.find(
        (f) =>
          f.status !== 'justified' &&
          f.rule === finding.rule &&
          (f.subject ?? undefined) === finding.subject &&
          f.container !== finding.container,
      );
      if (unjustified !== undefined) {
        problems.push(
          `${where}: the exemption of ${rule.id} for container ${JSON.stringify(finding.container)} would also admit container ${JSON.stringify(unjustified.container)}, which no justification covers (${unjustified.message}): justify that container's mount too, or remove it`,
        );
        continue;
      }
      const expires = expiry.toISOString();
      addEntry(entries, {
        key,
        expires,
        finding: finding.message,
        ...(finding.container !== null && { container: finding.container }),
        ...(finding.mode !== undefined && { mode: finding.mode }),
      });
      // The record that justifies a Localhost profile also tells, by its hash, that the profile was
      // generated: the cluster learns it from this entry, never from the pod's own annotation.
      if (
        rule.id === seccompLocalhostJustified.id &&
        typeof record.profileSha256 === 'string' &&
        finding.container !== null
      ) {
        const generatedKey = exemptionKey({
          namespace: workload.namespace,
          workload: id,
          rule: seccompProfileGenerated.id,
          subject: finding.container,
        });
        if (CONFIGMAP_KEY.test(generatedKey))
          addEntry(entries, {
            key: generatedKey,
            expires,
            finding: `${finding.message}: the profile is generated (sha256 ${record.profileSha256})`,
          });
        else
          problems.push(
            `${where}: container ${JSON.stringify(finding.container)} cannot be written in a ConfigMap key (${generatedKey}); the cluster will warn that its seccomp profile is hand-written`,
          );
      }
    }
  }
  return { entries: [...entries.values()].sort((a, b) => a.key.localeCompare(b.key)), problems };
}

/** Two justifications of the same finding: the sooner expiry holds. */
function addEntry(entries: Map<string, ExemptionEntry>, entry: ExemptionEntry): void {
  const earlier = entries.get(entry.key);
  if (earlier === undefined || earlier.expires > entry.expires) entries.set(entry.key, entry);
}

/** {@link admissionExemptions} of parsed manifest documents (the label is read from the pod template). */
export function admissionExemptionsOfManifests(
  documents: readonly unknown[],
  options: AuditOptions = {},
): AdmissionExemptions {
  const workloads: Workload[] = [];
  const labelsOf = new Map<Workload, Readonly<Record<string, unknown>>>();
  for (const document of documents) {
    for (const workload of workloadsFromManifest(document).workloads) {
      workloads.push(workload);
      labelsOf.set(workload, podLabels(document, workload));
    }
  }
  return admissionExemptions(workloads, options, (w) => labelsOf.get(w) ?? {});
}

function podLabels(document: unknown, workload: Workload): Readonly<Record<string, unknown>> {
  // The pod's metadata sits beside its spec: `spec.template.spec` → `spec.template.metadata`.
  const metadataPath =
    workload.pod.path === 'spec' ? ['metadata'] : [...workload.pod.path.split('.').slice(0, -1), 'metadata'];
  let current: unknown = document;
  for (const key of [...metadataPath, 'labels']) {
    current =
      current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current !== null && typeof current === 'object' ? (current as Record<string, unknown>) : {};
}

/** The one ConfigMap holding every entry, in the platform namespace. */
export function exemptionsConfigMap(
  exemptions: AdmissionExemptions,
  target: { readonly namespace: string; readonly name?: string },
): Record<string, unknown> {
  // The cluster admits nothing for an entry that is not an RFC 3339 time: refuse to write one.
  const malformed = exemptions.entries.filter((e) => !new RegExp(RFC3339_TIMESTAMP).test(e.expires));
  if (malformed.length > 0)
    throw new RangeError(
      `exemption entries need an RFC 3339 expiry such as 2026-06-30T23:59:59Z; got ${malformed
        .map((e) => `${e.key}: ${JSON.stringify(e.expires)}`)
        .join(', ')}`,
    );
  const unkeyable = exemptions.entries.filter((e) => !CONFIGMAP_KEY.test(e.key));
  if (unkeyable.length > 0)
    throw new RangeError(
      `not ConfigMap keys ([-._a-zA-Z0-9], 253 at most): ${unkeyable.map((e) => e.key).join(', ')}`,
    );
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: target.name ?? DEFAULT_EXEMPTIONS_NAME,
      namespace: target.namespace,
      annotations: {
        'hardened-workloads.io/generated-from': 'validated justifications (admissionExemptions)',
      },
    },
    data: Object.fromEntries(exemptions.entries.map((e) => [e.key, e.expires])),
  };
}
