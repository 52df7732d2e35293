import type { Finding, FindingStatus } from '../audit';
import type { Severity } from '../rules';

/** One row of the table: one field of one workload, with every rule that reports it. */
export interface TableRow {
  /** The field's line, or null when the finding has no file position. */
  readonly line: number | null;
  readonly status: FindingStatus;
  readonly severity: Severity;
  /** The ids of the rules that report the field, in rule order, each once. */
  readonly rules: readonly string[];
  /** The rules' messages, each distinct message once. */
  readonly messages: readonly string[];
}

/** The rows of one workload (or Compose service), in line order. */
export interface WorkloadRows {
  /** A finding of the workload, for its file, kind, name and namespace. */
  readonly workload: Finding;
  /** The line of the workload's own key: its document, or its Compose service. */
  readonly line: number | null;
  readonly rows: readonly TableRow[];
}

interface RowDraft {
  line: number | null;
  readonly status: FindingStatus;
  readonly severity: Severity;
  readonly rules: string[];
  readonly messages: string[];
  readonly order: number;
}

/**
 * Groups findings by workload (in input order) and, within a workload, by field: rules that
 * report the same field with the same status share a row. Rows are sorted by line; rows on the
 * same line keep the order of the rules.
 */
export function workloadRows(findings: readonly Finding[]): WorkloadRows[] {
  const groups = new Map<string, { workload: Finding; drafts: Map<string, RowDraft> }>();
  for (const finding of findings) {
    const workloadLine = finding.documentLine ?? finding.line;
    const key = JSON.stringify([finding.file, workloadLine, finding.kind, finding.namespace, finding.name]);
    let group = groups.get(key);
    if (group === undefined) {
      group = { workload: finding, drafts: new Map() };
      groups.set(key, group);
    }
    const rowKey = JSON.stringify([finding.path, finding.status, finding.severity]);
    let draft = group.drafts.get(rowKey);
    if (draft === undefined) {
      draft = {
        line: finding.line,
        status: finding.status,
        severity: finding.severity,
        rules: [],
        messages: [],
        order: group.drafts.size,
      };
      group.drafts.set(rowKey, draft);
    }
    if (finding.line !== null && (draft.line === null || finding.line < draft.line))
      draft.line = finding.line;
    if (!draft.rules.includes(finding.rule)) draft.rules.push(finding.rule);
    const message = findingMessage(finding);
    if (!draft.messages.includes(message)) draft.messages.push(message);
  }
  return [...groups.values()].map(({ workload, drafts }) => ({
    workload,
    line: workload.documentLine ?? workload.line,
    rows: [...drafts.values()]
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.order - b.order)
      .map(({ line, status, severity, rules, messages }) => ({ line, status, severity, rules, messages })),
  }));
}

/** The finding's message, and for a justified one the justification that covers it. */
export function findingMessage(finding: Finding): string {
  const acceptance = finding.acceptance;
  if (finding.status === 'accepted' && acceptance !== undefined) {
    const details = [
      acceptance.ticket,
      `approved by ${acceptance.approvedBy}`,
      acceptance.expires !== undefined ? `expires ${acceptance.expires}` : undefined,
      `baseline ${acceptance.baseline}`,
    ].filter((part) => part !== undefined);
    return `${finding.message}: accepted: ${acceptance.reason} (${details.join(', ')})`;
  }
  const record = finding.justification;
  if (finding.status !== 'justified' || record === undefined) return finding.message;
  const details = [
    record.ticket,
    record.approvedBy !== undefined ? `approved by ${record.approvedBy}` : undefined,
    record.expires !== undefined ? `expires ${record.expires}` : undefined,
  ].filter((part) => part !== undefined);
  return `${finding.message}: justified: ${record.reason}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}
