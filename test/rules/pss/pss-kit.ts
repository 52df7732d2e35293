import type { Finding, JustificationRecord, Level, PostureEnvironment } from 'hardened-workloads';
import {
  JUSTIFICATIONS_ANNOTATION,
  evaluateWorkload,
  findRule,
  parsePssVersion,
  podView,
  resolveAudit,
  workloadsFromManifest,
} from 'hardened-workloads';

/** Shared by the Pod Security rule tests: minimal valid pods (PSA style) and a one-rule audit. */

/** A fixed clock, so that justification expiry is deterministic. */
export const NOW = new Date('2026-06-01T00:00:00Z');

/** A plain JSON object, as a parsed manifest holds it. */
export type Json = Record<string, unknown>;

/** The minimal container that passes every restricted check. */
export function restrictedContainer(name: string, securityContext: Json = {}, extra: Json = {}): Json {
  return {
    name,
    image: 'registry.example/app:1.0',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...securityContext },
    ...extra,
  };
}

/**
 * The minimal pod spec that passes every restricted check (as upstream's restricted `base.yaml`),
 * with an init container and a container. Overrides replace top-level fields.
 */
export function restrictedSpec(overrides: Json = {}): Json {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    initContainers: [restrictedContainer('init')],
    containers: [restrictedContainer('app')],
    ...overrides,
  };
}

/** The minimal baseline pod spec: no securityContext at all (as upstream's baseline `base.yaml`). */
export function baselineSpec(overrides: Json = {}): Json {
  return { containers: [{ name: 'app', image: 'registry.example/app:1.0' }], ...overrides };
}

/** How to run one rule. */
export interface RunOptions {
  /** @default 'v1.35' */
  readonly version?: string;
  /** @default 'hardened' (the rule runs alone, whatever its own level) */
  readonly level?: Level;
  /** Pod annotations. @default - none */
  readonly annotations?: Record<string, string>;
  /** Justification records on the pod. @default - none */
  readonly records?: readonly Partial<JustificationRecord>[];
  /** @default 'non-production' */
  readonly environment?: PostureEnvironment;
  /** Wrap the pod in a workload kind. @default 'Pod' */
  readonly kind?: 'Pod' | 'Deployment';
  /** @default 'kubernetes' */
  readonly dialect?: 'kubernetes' | 'compose';
}

function manifest(spec: Json, options: RunOptions): Json {
  const annotations = {
    ...options.annotations,
    ...(options.records && { [JUSTIFICATIONS_ANNOTATION]: JSON.stringify(options.records) }),
  };
  const metadata = { name: 'web', annotations };
  if (options.kind === 'Deployment') {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { metadata, spec } },
    };
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/** The findings of one rule on one pod spec. */
export function run(ruleId: string, spec: Json, options: RunOptions = {}): Finding[] {
  const rule = findRule(ruleId);
  if (rule === undefined) throw new Error(`no rule ${ruleId}`);
  const pssVersion = parsePssVersion(options.version ?? 'v1.35');
  if (pssVersion === undefined) throw new Error(`bad version ${String(options.version)}`);
  const audit = resolveAudit({
    rules: [rule],
    // Hardened by default, where justification matching shows: below it, a Pod Security check is
    // never justified (Pod Security Admission has no per-workload exemptions).
    level: options.level ?? 'hardened',
    pssVersion,
    now: NOW,
    environment: options.environment ?? 'non-production',
  });
  const { workloads } = workloadsFromManifest(manifest(spec, options));
  return workloads.flatMap((workload) => {
    const pod =
      options.dialect === 'compose'
        ? podView(workload.pod.spec, workload.pod.path, {
            dialect: 'compose',
            annotations: workload.pod.annotations,
            justificationValues: [workload.pod.annotations[JUSTIFICATIONS_ANNOTATION]],
          })
        : workload.pod;
    return evaluateWorkload({ ...workload, pod }, audit);
  });
}

/** Messages of the findings, for exact comparison. */
export function messages(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.message);
}

/** Message, path and container of the findings. */
export function summary(
  findings: readonly Finding[],
): { message: string; path: string; container: string | null }[] {
  return findings.map(({ message, path, container }) => ({ message, path, container }));
}

/** A justification record that passes every check, for any kind (approved, substantive, unexpired). */
export function validRecord(record: Partial<JustificationRecord>): Partial<JustificationRecord> {
  return {
    reason: 'the legacy agent binds the node port for the on-call health dashboard',
    approvedBy: 'security-review-board',
    ticket: 'SEC-1234',
    expires: '2027-01-01',
    ...record,
  };
}

/** The same record, made invalid: a placeholder reason justifies nothing. */
export function invalidRecord(record: Partial<JustificationRecord>): Partial<JustificationRecord> {
  return { ...validRecord(record), reason: 'todo' };
}

/** The statuses of the findings, in order. */
export function statuses(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.status);
}
