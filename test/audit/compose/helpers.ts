import { parse } from 'yaml';
import type { AuditOptions, Finding, ManifestProblem } from 'hardened-workloads/audit';
import { evaluateWorkload, resolveAudit } from 'hardened-workloads/audit';
import { workloadsFromCompose } from 'hardened-workloads/audit/compose';

/** A fixed clock, so that justification expiry never depends on the day the tests run. */
export const NOW = new Date('2026-06-01T00:00:00Z');

/** Audits a Compose document (YAML text or parsed) at the hardened level unless told otherwise. */
export function auditCompose(
  document: string | Record<string, unknown>,
  options: AuditOptions = {},
): { findings: Finding[]; problems: ManifestProblem[] } {
  const doc: unknown = typeof document === 'string' ? parse(document) : document;
  const { workloads, problems } = workloadsFromCompose(doc, { file: 'compose.yaml', line: 1 });
  const audit = resolveAudit({ now: NOW, ...options });
  return { findings: workloads.flatMap((w) => evaluateWorkload(w, audit)), problems };
}

/** Findings that fail an audit by default: error violations. */
export function errors(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error' && f.status === 'violation');
}

/** The distinct rule ids of some findings, sorted. */
export function ruleIds(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}
