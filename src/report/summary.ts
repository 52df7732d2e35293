import type { AuditReport, Finding } from '../audit';
import { COMPOSE_SERVICE_KIND } from '../audit';
import type { Severity } from '../rules';
import type { Palette } from './palette';
import { wrapText, wrapUnits } from './wrap';

const CONTINUATION = '  ';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `1 workload`, `3 services`, `2 workloads and 1 service`: Compose files speak of services. */
function workloadCount(workloads: number, services: number): string {
  const kubernetes = workloads - services;
  if (services === 0) return plural(kubernetes, 'workload');
  if (kubernetes === 0) return plural(services, 'service');
  return `${plural(kubernetes, 'workload')} and ${plural(services, 'service')}`;
}

/**
 * `N errors, M warnings, J justified in K workloads from F files[, S documents skipped] [level, Pod Security version,
 * environment]`. Warnings are counted as warnings, never as violations; a run of Compose files only
 * names no Pod Security version (Pod Security does not apply to Compose).
 */
export function summaryText(report: AuditReport): string {
  const s = report.summary;
  const services = s.composeServices;
  const composeOnly = services > 0 && services === s.workloads;
  const unknown = s.unknown > 0 ? ` (${s.unknown} unknown until deployed)` : '';
  const context = [
    `level ${s.level}`,
    ...(composeOnly ? [] : [`Pod Security ${s.pssVersion}`]),
    s.environment,
  ];
  // A refusal comes first: "0 errors" must not read as a pass when input was not read at all.
  const refused = s.refused > 0 ? `${plural(s.refused, 'input')} refused, the audit is incomplete; ` : '';
  return (
    refused +
    `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${unknown}, ${s.justified} justified` +
    (s.accepted > 0 ? `, ${s.accepted} accepted (baseline)` : '') +
    ` in ${workloadCount(s.workloads, services)} from ${plural(s.files, 'file')}` +
    (s.skipped > 0 ? `, ${plural(s.skipped, 'document')} skipped` : '') +
    ` [${context.join(', ')}]`
  );
}

/** The summary line, coloured by the worst outcome and wrapped at `columns` when given. */
export function summaryLines(report: AuditReport, palette: Palette, columns?: number): string[] {
  const s = report.summary;
  const colour =
    s.errors > 0 || s.refused > 0
      ? (text: string) => palette.red(palette.bold(text))
      : s.warnings > 0
        ? palette.yellow
        : palette.green;
  const text = summaryText(report);
  return (columns === undefined ? [text] : wrapText(text, columns)).map(colour);
}

/** Unjustified findings per rule of one severity, most frequent first. */
export function countsByRule(findings: readonly Finding[], severity: Severity): [string, number][] {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    if (finding.status === 'justified' || finding.status === 'accepted' || finding.severity !== severity)
      continue;
    counts.set(finding.rule, (counts.get(finding.rule) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * `errors by rule: privileged 3 · host-namespaces 2` and the same for warnings (none with
 * `errorsOnly`), wrapped at `columns` between items, never inside one.
 */
export function ruleSummaryLines(
  report: AuditReport,
  palette: Palette,
  options: { readonly columns?: number; readonly errorsOnly?: boolean } = {},
): string[] {
  const lines: string[] = [];
  const severities: readonly Severity[] = options.errorsOnly === true ? ['error'] : ['error', 'warning'];
  for (const severity of severities) {
    const counts = countsByRule(report.findings, severity);
    const [first, ...rest] = counts.map(([rule, count]) => `${rule} ${count}`);
    if (first === undefined) continue;
    const colour = severity === 'error' ? palette.red : palette.yellow;
    const units = [`${severity}s by rule: ${first}`, ...rest];
    if (options.columns === undefined) {
      lines.push(colour(units.join(' · ')));
      continue;
    }
    // Lines break between items, never inside one; continuation lines are indented.
    const wrapped = wrapUnits(units, options.columns - CONTINUATION.length, ' · ');
    lines.push(...wrapped.map((line, index) => colour(index === 0 ? line : CONTINUATION + line)));
  }
  return lines;
}

/** Whether a finding belongs to a Compose service. */
export function isComposeService(finding: Pick<Finding, 'kind'>): boolean {
  return finding.kind === COMPOSE_SERVICE_KIND;
}
