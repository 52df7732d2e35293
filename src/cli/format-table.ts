import type { AuditReport, Finding } from '../audit';
import type { Palette } from './color';

const STATUS_WIDTH = 9;

/**
 * The report for people: findings grouped by resource (`file:line kind name`), one line per finding
 * (line, status, rule, message), and a closing summary line.
 */
export function renderTable(report: AuditReport, palette: Palette): string {
  const out: string[] = [];
  const ruleWidth = Math.max(0, ...report.findings.map((f) => f.rule.length));
  let group: string | undefined;
  for (const finding of report.findings) {
    const heading = resourceHeading(finding);
    if (heading !== group) {
      if (group !== undefined) out.push('');
      out.push(palette.bold(heading));
      group = heading;
    }
    const line = finding.line !== null && finding.file !== null ? `${finding.line}`.padStart(5) : '     ';
    out.push(
      `${palette.dim(line)}  ${statusLabel(finding, palette)}  ${palette.cyan(finding.rule.padEnd(ruleWidth))}  ${findingMessage(finding)}`,
    );
  }
  if (out.length > 0) out.push('');
  out.push(summaryLine(report, palette));
  return `${out.join('\n')}\n`;
}

function resourceHeading(finding: Finding): string {
  const where = finding.file === null ? '' : `${finding.file}${workloadLine(finding)} `;
  const namespace = finding.namespace === null ? '' : ` (namespace ${finding.namespace})`;
  return `${where}${finding.kind} ${finding.name}${namespace}`;
}

function workloadLine(finding: Finding): string {
  const line = finding.documentLine ?? finding.line;
  return line === null ? '' : `:${line}`;
}

function statusLabel(finding: Finding, palette: Palette): string {
  if (finding.status === 'justified') return palette.green('JUSTIFIED'.padEnd(STATUS_WIDTH));
  const label = (finding.status === 'unknown' ? 'UNKNOWN' : finding.severity.toUpperCase()).padEnd(
    STATUS_WIDTH,
  );
  if (finding.severity === 'info') return palette.dim(label);
  return finding.severity === 'error' ? palette.red(label) : palette.yellow(label);
}

function findingMessage(finding: Finding): string {
  const record = finding.justification;
  if (finding.status !== 'justified' || record === undefined) return finding.message;
  const details = [
    record.ticket,
    record.approvedBy !== undefined ? `approved by ${record.approvedBy}` : undefined,
    record.expires !== undefined ? `expires ${record.expires}` : undefined,
  ].filter((part) => part !== undefined);
  return `${finding.message}: justified: ${record.reason}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `N violations (E errors, W warnings), J justified in K workloads from F files[, S documents skipped]`. */
export function summaryLine(report: AuditReport, palette: Palette): string {
  const s = report.summary;
  const text =
    `${plural(s.violations, 'violation')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}), ` +
    `${s.justified} justified in ${plural(s.workloads, 'workload')} from ${plural(s.files, 'file')}` +
    (s.skipped > 0 ? `, ${plural(s.skipped, 'document')} skipped` : '');
  const level = palette.dim(` [level ${s.level}, Pod Security ${s.pssVersion}, ${s.environment}]`);
  if (s.errors > 0) return palette.red(palette.bold(text)) + level;
  if (s.warnings > 0) return palette.yellow(text) + level;
  return palette.green(text) + level;
}
