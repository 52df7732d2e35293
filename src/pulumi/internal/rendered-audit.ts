import type { Finding, ResolvedAudit, Workload } from '../../audit';
import { evaluateWorkload, resolveAudit, workloadsFromManifest } from '../../audit';
import type { PostureEnvironment } from '../../posture';
import type { Rule } from '../../rules';

/** How a component's own rendered objects are audited. */
export interface RenderedAuditOptions {
  /** Where the audited resources run. @default DEFAULT_POSTURE.environment ('production') */
  readonly environment?: PostureEnvironment;
  /** The clock for justification expiry. @default - now */
  readonly now?: Date;
}

/** The hardened-level audit a component runs on what it renders: the same rules as the CLI. */
export function hardenedAudit(options: RenderedAuditOptions = {}): ResolvedAudit {
  return resolveAudit({
    level: 'hardened',
    ...(options.environment !== undefined && { environment: options.environment }),
    ...(options.now !== undefined && { now: options.now }),
  });
}

/**
 * A part of a document not known yet: its dotted path, or, when the document is a translation (a
 * Docker container read as a Compose service), its path there and the name the user knows it by.
 */
export type PendingPath = string | { readonly path: string; readonly shown: string };

/**
 * Audits one workload whose document had parts left out because they are not known yet. A rule that
 * restricts, or reports on, a left-out field gives one `unknown` finding instead of its verdict:
 * what cannot be read is never a pass, and never a made-up violation either.
 *
 * `pendingPaths` are dotted paths in the same document as the workload's pod (`workload.pod.path`).
 */
export function auditWithPending(
  workload: Workload,
  pendingPaths: readonly PendingPath[],
  audit: ResolvedAudit,
  reason = 'a Pulumi output during preview',
): Finding[] {
  const findings = evaluateWorkload(workload, audit);
  if (pendingPaths.length === 0) return findings;
  const pending = pendingPaths.map((p) => {
    const { path, shown } = typeof p === 'string' ? { path: p, shown: p } : p;
    return { path: shown, relative: podRelative(path, workload.pod.path) };
  });
  const result: Finding[] = [];
  const unknownRules = new Map<string, { rule: Rule; path: string }>();
  for (const rule of audit.rules) {
    // A pending `spec` is a whole pod not known yet: no rule can judge it.
    const hit = pending.find(
      (p) => p.relative === 'spec' || rule.restrictedFields.some((f) => overlaps(p.relative, normalise(f))),
    );
    if (hit !== undefined) unknownRules.set(rule.id, { rule, path: hit.path });
  }
  for (const finding of findings) {
    const hit = pending.find((p) => overlaps(p.relative, podRelative(finding.path, workload.pod.path)));
    if (hit !== undefined && !unknownRules.has(finding.rule)) {
      const rule = audit.rules.find((r) => r.id === finding.rule);
      if (rule) unknownRules.set(rule.id, { rule, path: hit.path });
    }
    if (!unknownRules.has(finding.rule)) result.push(finding);
  }
  for (const { rule, path } of unknownRules.values()) {
    result.push({
      file: workload.file ?? null,
      line: workload.line ?? null,
      kind: workload.kind,
      name: workload.name,
      namespace: workload.namespace ?? null,
      container: null,
      rule: rule.id,
      pssCheck: rule.pssCheck,
      severity: rule.severity,
      level: rule.level,
      status: 'unknown',
      message: `${path} is not known yet (${reason}): rule ${rule.id} could not check it`,
      path,
    });
  }
  return result;
}

// Rules name fields relative to the pod (`spec.containers[*]...`, `metadata.annotations`); documents
// nest the pod (`spec.template.spec...`). Both are brought to the rules' form, with indexes as [*].
function podRelative(path: string, podPath: string): string {
  const templatePath = podPath.endsWith('.spec') ? podPath.slice(0, -'.spec'.length) : '';
  let relative = path;
  if (
    podPath !== '' &&
    (path === podPath || path.startsWith(`${podPath}.`) || path.startsWith(`${podPath}[`))
  ) {
    relative = `spec${path.slice(podPath.length)}`;
  } else if (templatePath !== '' && path.startsWith(`${templatePath}.metadata`)) {
    relative = path.slice(templatePath.length + 1);
  }
  return normalise(relative);
}

function normalise(path: string): string {
  return path.replace(/\[\d+\]/g, '[*]').replace(/\["([^"]*)"\]/g, '.$1');
}

// One path contains the other: an unknown `spec.containers` hides every container field, and an
// unknown `spec.containers[*].image` is what an image rule restricts.
function overlaps(a: string, b: string): boolean {
  const within = (inner: string, outer: string) =>
    inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return within(a, b) || within(b, a);
}

/**
 * Audits every workload of a rendered document (parts left out as `pendingPaths` give `unknown`).
 * A document the extractor cannot read is a bug in the component, so it throws.
 */
export function auditDocument(
  document: unknown,
  pendingPaths: readonly string[],
  audit: ResolvedAudit,
  reason?: string,
): Finding[] {
  const { workloads, problems } = workloadsFromManifest(document);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  return workloads.flatMap((workload) => auditWithPending(workload, pendingPaths, audit, reason));
}
