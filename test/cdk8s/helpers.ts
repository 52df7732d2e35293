import { Testing } from 'cdk8s';
import type { Chart } from 'cdk8s';
import {
  POD_TEMPLATE_PATHS,
  evaluateWorkload,
  resolveAudit,
  workloadsFromManifest,
} from 'hardened-workloads';
import type { Finding, Level } from 'hardened-workloads';

/** A manifest as synthesized: plain JSON, read by field name in the tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON, as cdk8s returns it
export type Manifest = Record<string, any>;

/** A pinned image, so that no image warning clutters the findings. */
export const IMAGE = 'registry.example.com/team/api:1.4.2';

/** A justification that passes every check. */
export const REASON = { reason: 'binds port 80 because the partner load balancer cannot be reconfigured' };
/** A justification with an approver, for the high-risk exemptions. */
export const APPROVED = { ...REASON, approvedBy: 'security-review-board' };

/** A fresh chart, and the manifests it synthesizes. */
export function chartOf(build: (chart: Chart) => void): Manifest[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart) as Manifest[];
}

/** The one manifest of a kind. */
export function only(manifests: readonly Manifest[], kind: string): Manifest {
  const matching = manifests.filter((m) => m.kind === kind);
  if (matching.length !== 1) throw new Error(`expected one ${kind}, found ${matching.length}`);
  return matching[0]!;
}

/** The pod template (metadata + spec) of a workload manifest. */
export function podTemplate(manifest: Manifest): Manifest {
  const path = POD_TEMPLATE_PATHS[manifest.kind as string];
  if (path === undefined) throw new Error(`${String(manifest.kind)} has no pod`);
  return path.reduce<Manifest>((node, key) => node[key] as Manifest, manifest);
}

/** The pod spec of a workload manifest. */
export function podSpec(manifest: Manifest): Manifest {
  return podTemplate(manifest).spec as Manifest;
}

/** A container of a workload manifest, by name. */
export function container(manifest: Manifest, name = 'main'): Manifest {
  const spec = podSpec(manifest);
  const all = [
    ...((spec.initContainers as Manifest[] | undefined) ?? []),
    ...(spec.containers as Manifest[]),
  ];
  const found = all.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no container "${name}"`);
  return found;
}

/** Findings of the audit (the CLI's engine) on manifests, at a level. */
export function auditManifests(manifests: readonly Manifest[], level: Level): Finding[] {
  const audit = resolveAudit({ level });
  return manifests.flatMap((m) =>
    workloadsFromManifest(m).workloads.flatMap((w) => evaluateWorkload(w, audit)),
  );
}

/** The findings that are not justified. */
export function unjustified(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.status !== 'justified');
}
