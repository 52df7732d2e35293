import type { AuditReport, FailOn, Finding } from '../audit';
import type { Palette } from './palette';
import { PLAIN } from './palette';
import { isComposeService, ruleSummaryLines, summaryLines } from './summary';
import type { TableRow } from './table-rows';
import { workloadRows } from './table-rows';
import { wrapText } from './wrap';

const LINE_WIDTH = 5;
const STATUS_WIDTH = 9;
const GAP = '  ';
/** Below this, the message goes under the row rather than beside it. */
const MIN_MESSAGE_WIDTH = 24;
/** Where the message starts in the narrow layout. */
const NARROW_INDENT = ' '.repeat(LINE_WIDTH + GAP.length);

/** How to render the table. */
export interface TableOptions {
  /** Colours, on a colour terminal. @default PLAIN */
  readonly palette?: Palette;
  /**
   * The terminal's width: headings, messages and the summary are wrapped so that no line is wider,
   * and the rules sharing a row are stacked. @default - absent (not a terminal): one full line per row
   */
  readonly columns?: number;
  /**
   * Only the rows that fail the audit: errors, and warnings too when `failOn` is `warning`; no
   * justified row (the summary still counts them). @default false
   */
  readonly errorsOnly?: boolean;
  /** With `errorsOnly`, whether warnings fail the audit and so are shown. @default 'error' */
  readonly failOn?: FailOn;
}

/**
 * The report for people: one group per workload or Compose service, headed on the workload's own
 * line (`file:line Deployment api (namespace web)`, `file:line service api`); in it one row per field
 * in line order (line, status, the rules that report the field, their messages); then the counts per
 * rule and the summary line. Used by the CLI and the cdk8s validation plugin.
 */
export function renderTable(report: AuditReport, options: TableOptions = {}): string {
  const palette = options.palette ?? PLAIN;
  const { columns } = options;
  const shown =
    options.errorsOnly === true
      ? report.findings.filter(
          (f) =>
            f.status !== 'justified' &&
            f.status !== 'accepted' &&
            (f.severity === 'error' || (f.severity === 'warning' && options.failOn === 'warning')),
        )
      : report.findings;
  const groups = workloadRows(shown);
  const ruleWidth = Math.max(0, ...groups.flatMap((group) => group.rows.map((row) => longest(row.rules))));
  const out: string[] = [];
  for (const group of groups) {
    if (out.length > 0) out.push('');
    const heading = resourceHeading(group.workload, group.line);
    out.push(...(columns === undefined ? [heading] : wrapText(heading, columns)).map(palette.bold));
    for (const row of group.rows) out.push(...renderRow(row, ruleWidth, palette, columns));
  }
  if (out.length > 0) out.push('');
  out.push(
    ...ruleSummaryLines(report, palette, {
      ...(columns !== undefined && { columns }),
      errorsOnly: options.errorsOnly === true && options.failOn !== 'warning',
    }),
  );
  out.push(...summaryLines(report, palette, columns));
  return `${out.join('\n')}\n`;
}

function renderRow(
  row: TableRow,
  ruleWidth: number,
  palette: Palette,
  columns: number | undefined,
): string[] {
  const line = palette.dim((row.line === null ? '' : `${row.line}`).padStart(LINE_WIDTH));
  const status = statusLabel(row, palette);
  const message = row.messages.join('; ');
  if (columns === undefined) {
    return [`${line}${GAP}${status}${GAP}${palette.cyan(rulesCell(row).padEnd(ruleWidth))}${GAP}${message}`];
  }
  const messageIndent = LINE_WIDTH + GAP.length + STATUS_WIDTH + GAP.length + ruleWidth + GAP.length;
  const messageWidth = columns - messageIndent;
  if (messageWidth < MIN_MESSAGE_WIDTH) {
    // A narrow terminal: the rules beside the status, the message below, indented.
    const rules = row.rules.map((rule, index) =>
      index === 0
        ? `${line}${GAP}${status}${GAP}${palette.cyan(rule)}`
        : `${blank(messageIndent - ruleWidth - GAP.length)}${palette.cyan(rule)}`,
    );
    const text = wrapText(message, columns - NARROW_INDENT.length).map((part) => NARROW_INDENT + part);
    return [...rules, ...text];
  }
  const texts = wrapText(message, messageWidth);
  const height = Math.max(texts.length, row.rules.length);
  const lines: string[] = [];
  for (let index = 0; index < height; index++) {
    const rule = palette.cyan((row.rules[index] ?? '').padEnd(ruleWidth));
    const lead = index === 0 ? `${line}${GAP}${status}` : blank(LINE_WIDTH + GAP.length + STATUS_WIDTH);
    lines.push(`${lead}${GAP}${rule}${GAP}${texts[index] ?? ''}`.trimEnd());
  }
  return lines;
}

function blank(width: number): string {
  return ' '.repeat(width);
}

function longest(texts: readonly string[]): number {
  return Math.max(0, ...texts.map((text) => text.length));
}

function rulesCell(row: TableRow): string {
  return row.rules.join(',');
}

/** The workload on its own line: `file:line Deployment api (namespace web)`, or `file:line service api`. */
function resourceHeading(finding: Finding, line: number | null): string {
  const where = finding.file === null ? '' : `${finding.file}${line === null ? '' : `:${line}`} `;
  if (isComposeService(finding)) return `${where}service ${finding.name}`;
  const namespace = finding.namespace === null ? '' : ` (namespace ${finding.namespace})`;
  return `${where}${finding.kind} ${finding.name}${namespace}`;
}

function statusLabel(row: TableRow, palette: Palette): string {
  if (row.status === 'justified') return palette.green('JUSTIFIED'.padEnd(STATUS_WIDTH));
  if (row.status === 'accepted') return palette.green('ACCEPTED'.padEnd(STATUS_WIDTH));
  const label = (row.status === 'unknown' ? 'UNKNOWN' : row.severity.toUpperCase()).padEnd(STATUS_WIDTH);
  if (row.severity === 'info') return palette.dim(label);
  return row.severity === 'error' ? palette.red(label) : palette.yellow(label);
}
