import type { PodSecurityLevel } from '../rules/pod-security-level';
import type { Finding } from '../audit';
import type { JustificationRecord } from '../posture';
import { findAnswer } from './answer';
import type { ChecklistAnswer, ChecklistStatus, WorkloadChecklist } from './answer-types';
import { summariseChecklists } from './render-json';

/** How to render the Markdown report. */
export interface ChecklistMarkdownOptions {
  /** The report's top-level heading. @default 'Runtime security decision checklist' */
  readonly title?: string;
}

const STATUS_LABEL: Readonly<Record<ChecklistStatus, string>> = {
  default: 'default',
  justified: 'justified exception',
  violation: '**VIOLATION**',
};

// Text from the manifest stays on its line: a name with a line break cannot start a heading or a list.
function inline(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return inline(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

function workloadTitle(c: WorkloadChecklist): string {
  return inline(`${c.kind} ${c.namespace !== null ? `${c.namespace}/` : ''}${c.name}`);
}

function source(c: WorkloadChecklist): string {
  if (c.file === null) return '';
  return c.line !== null ? `${c.file}:${c.line}` : c.file;
}

/** `reason (ticket SEC-1, approved by alice, expires 2027-01-01)`. */
export function describeJustification(record: JustificationRecord): string {
  const details = [
    record.ticket !== undefined && `ticket ${record.ticket}`,
    record.approvedBy !== undefined && `approved by ${record.approvedBy}`,
    record.expires !== undefined && `expires ${record.expires}`,
  ].filter((d): d is string => typeof d === 'string');
  return `"${record.reason}"${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

function findingLine(f: Finding): string {
  const where = f.container !== null ? ` (container ${JSON.stringify(f.container)})` : '';
  const severity = f.severity === 'warning' ? ' (warning)' : '';
  const justified =
    f.justification !== undefined ? ` Justified: ${describeJustification(f.justification)}.` : '';
  return inline(`- \`${f.rule}\`${severity}${where}: ${f.message} at \`${f.path}\`.${justified}`);
}

function uniqueFindings(answers: readonly ChecklistAnswer[], status: Finding['status'] | 'open'): Finding[] {
  const seen = new Set<Finding>();
  for (const a of answers)
    for (const f of a.findings)
      if (status === 'open' ? f.status !== 'justified' : f.status === status) seen.add(f);
  return [...seen];
}

// Pod Security Admission judges the pod, not its justifications: say which namespace admits it.
function namespaceLine(level: PodSecurityLevel): string {
  return level === 'restricted'
    ? 'Namespace: admitted at `pod-security.kubernetes.io/enforce: restricted`.'
    : `Namespace: needs \`pod-security.kubernetes.io/enforce: ${level}\`; Pod Security Admission at restricted rejects this pod, justified or not.`;
}

function renderWorkload(c: WorkloadChecklist): string[] {
  const lines = [`## ${workloadTitle(c)}`, ''];
  const from = source(c);
  lines.push(`${from !== '' ? `Source: \`${from}\`. ` : ''}Status: ${STATUS_LABEL[c.status]}.`, '');
  if (c.namespaceEnforce !== null) lines.push(namespaceLine(c.namespaceEnforce), '');
  lines.push('| # | Question | Answer | Status |', '|---|---|---|---|');
  c.answers.forEach((a, index) => {
    lines.push(`| ${index + 1} | ${cell(a.question)} | ${cell(a.answer)} | ${STATUS_LABEL[a.status]} |`);
  });
  const justified = uniqueFindings(c.answers, 'justified');
  if (justified.length > 0) lines.push('', '### Justified exceptions', '', ...justified.map(findingLine));
  const open = uniqueFindings(c.answers, 'open');
  const uncovered = c.answers.flatMap((a) =>
    a.uncovered.map(
      (u) => `- ${a.question} ${u.message}: no audit rule reports it, so it counts as a violation.`,
    ),
  );
  if (open.length + uncovered.length > 0)
    lines.push('', '### Violations', '', ...open.map(findingLine), ...uncovered);
  if (c.otherFindings.length > 0)
    lines.push('', '### Other findings', '', ...c.otherFindings.map(findingLine));
  const debugging = findAnswer(c, 'debugging')?.facts;
  if (debugging !== undefined && debugging.commands.length > 0) {
    lines.push('', '### Debugging without tools in the image', '');
    for (const command of debugging.commands)
      lines.push(
        inline(`Container \`${command.container}\`:`),
        '',
        '```sh',
        inline(command.command),
        '```',
        '',
      );
    lines.push(...debugging.notes.map((note) => `- ${note}`));
  }
  lines.push('');
  return lines;
}

/**
 * The checklist as Markdown: a summary table of workloads, then one section per workload with the
 * eight questions in a table, its justified exceptions (reason, ticket, approver, expiry), its
 * violations, other findings, and the exact debug commands.
 */
export function renderChecklistMarkdown(
  checklists: readonly WorkloadChecklist[],
  options: ChecklistMarkdownOptions = {},
): string {
  const summary = summariseChecklists(checklists);
  const lines = [`# ${options.title ?? 'Runtime security decision checklist'}`, ''];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(summary.workloads, 'workload')}: ${summary.default} on the default posture, ` +
      `${summary.justified} with justified exceptions only, ${summary.violation} with violations.`,
    '',
  );
  if (checklists.length === 0) return lines.join('\n');
  lines.push('| Workload | Source | Status | Exceptions | Violations |', '|---|---|---|---|---|');
  for (const c of checklists) {
    const justified = uniqueFindings(c.answers, 'justified').length;
    const open =
      uniqueFindings(c.answers, 'open').filter((f) => f.severity === 'error').length +
      c.answers.reduce((n, a) => n + a.uncovered.length, 0) +
      c.otherFindings.filter((f) => f.severity === 'error' && f.status !== 'justified').length;
    lines.push(
      `| ${cell(workloadTitle(c))} | ${cell(source(c))} | ${STATUS_LABEL[c.status]} | ${justified} | ${open} |`,
    );
  }
  lines.push('');
  for (const c of checklists) lines.push(...renderWorkload(c));
  return lines.join('\n');
}
