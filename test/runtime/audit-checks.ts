/**
 * The project's own audit (the rule core behind `hardened-workloads audit`) applied to the runtime
 * cases' inputs: the verdict on a generated Compose file or manifest, and the static-only controls
 * that an engine here ignores, each read as "the audit rule reports nothing on the input and
 * reports the variant missing the setting".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditFails, auditPaths, type AuditReport, type Finding } from 'hardened-workloads/audit';

/** The level the generated files must pass: the project's strictest. */
export const AUDIT_LEVEL = 'hardened';

/**
 * Audits a file as `hardened-workloads audit <file>` would (auditPaths: the same reader, Compose
 * detection and line numbers), at the hardened level. Without `file` the text is written to a
 * temporary file that is removed afterwards.
 */
export function auditText(text: string, file?: string): AuditReport {
  if (file !== undefined) {
    writeFileSync(file, text);
    return auditPaths([file], { level: AUDIT_LEVEL });
  }
  const dir = mkdtempSync(join(tmpdir(), 'hw-runtime-audit-'));
  try {
    const path = join(dir, 'input.yaml');
    writeFileSync(path, text);
    return auditPaths([path], { level: AUDIT_LEVEL });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The findings that count against a workload (justified ones are listed, not counted). */
export const unjustified = (report: AuditReport): Finding[] =>
  report.findings.filter((f) => f.status !== 'justified');

/** The audit's verdict in one line, e.g. `pass: 0 errors, 0 warnings, 1 justified (capabilities-justified)`. */
export function describeVerdict(report: AuditReport): string {
  const s = report.summary;
  const justified = report.findings.filter((f) => f.status === 'justified').map((f) => f.rule);
  const failing = Object.entries(s.byRule).map(([rule, n]) => `${rule} x${n}`);
  return (
    `${auditFails(s, 'warning') ? 'FAIL' : 'pass'}: ${s.errors} errors, ${s.warnings} warnings, ` +
    `${s.justified} justified${justified.length > 0 ? ` (${[...new Set(justified)].join(', ')})` : ''}` +
    `${failing.length > 0 ? `; ${failing.join(', ')}` : ''} (${s.workloads} workload)`
  );
}

/** Whether the report passes with no violation at all, warnings included. */
export const verdictPasses = (report: AuditReport): boolean =>
  !auditFails(report.summary, 'warning') && report.inputs.errors.length === 0;

/** The unjustified findings of one rule, shown as `rule: message` (or `no <rule> finding`). */
export function describeRule(
  report: AuditReport,
  rule: string,
): { readonly found: boolean; readonly text: string } {
  const hits = unjustified(report).filter((f) => f.rule === rule);
  return hits.length === 0
    ? { found: false, text: `no ${rule} finding` }
    : { found: true, text: `${rule}: ${[...new Set(hits.map((f) => f.message))].join('; ')}` };
}

/** Which of `rules` the audit reports (unjustified) on a report. */
export function reportedRules(
  report: AuditReport,
  rules: readonly string[],
): { missing: string[]; shown: string } {
  const present = new Set(unjustified(report).map((f) => f.rule));
  const missing = rules.filter((r) => !present.has(r));
  return {
    missing,
    shown: present.size === 0 ? 'no finding' : [...present].sort().join(', '),
  };
}
