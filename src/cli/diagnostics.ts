import type { AuditInputs, InputError, SkipNote } from '../audit';
import type { Palette } from './color';

const MAX_LISTED = 10;

/** Bad input, one problem per line with its hint: `error: file:line:col: problem (field f)`. */
export function renderInputErrors(errors: readonly InputError[], palette: Palette): string {
  const lines: string[] = [];
  for (const error of errors.slice(0, MAX_LISTED * 2)) {
    lines.push(`${palette.red('error:')} ${error.message}`);
    if (error.hint !== undefined) lines.push(`  ${palette.dim(`hint: ${error.hint}`)}`);
  }
  if (errors.length > MAX_LISTED * 2)
    lines.push(`${palette.red('error:')} and ${errors.length - MAX_LISTED * 2} more`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Baseline entries that matched nothing (stale: remove them) and the count of expired ones. */
export function renderBaselineNotes(
  baseline: NonNullable<AuditInputs['baseline']>,
  palette: Palette,
): string {
  const lines: string[] = [];
  for (const { entry, line } of baseline.unmatched.slice(0, MAX_LISTED)) {
    const what = [entry.kind, entry.namespace === undefined ? entry.name : `${entry.namespace}/${entry.name}`]
      .concat(entry.container === undefined ? [] : [`container ${entry.container}`])
      .join(' ');
    lines.push(
      `${palette.yellow('warning:')} ${baseline.file}${line === undefined ? '' : `:${line}`}: the entry for ${entry.rule} on ${what} (${entry.file}) matched no finding: remove it`,
    );
  }
  if (baseline.unmatched.length > MAX_LISTED)
    lines.push(
      `${palette.yellow('warning:')} and ${baseline.unmatched.length - MAX_LISTED} more unmatched entries`,
    );
  if (baseline.expired > 0)
    lines.push(
      `${palette.red('error:')} ${baseline.file}: ${baseline.expired} entr${baseline.expired === 1 ? 'y has' : 'ies have'} expired: their findings fail again`,
    );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `note: .hardened-workloads.yaml: rules off: a, b; severity changed: c=warning`. */
export function renderRuleSettings(
  file: string,
  rules: Readonly<Record<string, string>>,
  palette: Palette,
): string {
  const off = Object.keys(rules).filter((id) => rules[id] === 'off');
  const changed = Object.entries(rules).filter(([, setting]) => setting !== 'off');
  const parts = [
    ...(off.length > 0 ? [`rules off: ${off.join(', ')}`] : []),
    ...(changed.length > 0 ? [`severity set: ${changed.map(([id, s]) => `${id}=${s}`).join(', ')}`] : []),
  ];
  return parts.length > 0 ? `${palette.dim('note:')} ${file}: ${parts.join('; ')}\n` : '';
}

/**
 * What was skipped and why: documents of non-workload kinds are counted per kind (a repository
 * has many ConfigMaps), anything else is listed with its location.
 */
export function renderSkipNotes(notes: readonly SkipNote[], palette: Palette): string {
  const byKind = new Map<string, number>();
  const other: SkipNote[] = [];
  for (const note of notes) {
    if (note.kind !== undefined) byKind.set(note.kind, (byKind.get(note.kind) ?? 0) + 1);
    else other.push(note);
  }
  const lines: string[] = [];
  const prefix = palette.dim('note:');
  if (byKind.size > 0) {
    const total = [...byKind.values()].reduce((a, b) => a + b, 0);
    const kinds = [...byKind].map(([kind, count]) => (count === 1 ? kind : `${kind} (${count})`)).join(', ');
    const documents = total === 1 ? '1 document that holds' : `${total} documents that hold`;
    lines.push(`${prefix} skipped ${documents} no workload: ${kinds}`);
  }
  // Whole files skipped for one reason (not manifests, kustomize patches) are one line, not a flood.
  const byReason = new Map<string, SkipNote[]>();
  for (const note of other) {
    const key = note.line === undefined ? note.reason : `\u0000${byReason.size}`;
    byReason.set(key, [...(byReason.get(key) ?? []), note]);
  }
  const single: SkipNote[] = [];
  for (const notes of byReason.values()) {
    const [first] = notes;
    if (notes.length < 3 || first === undefined) single.push(...notes);
    else {
      const names = notes.slice(0, MAX_LISTED).map((note) => note.file ?? '<input>');
      const more = notes.length > MAX_LISTED ? ` and ${notes.length - MAX_LISTED} more` : '';
      lines.push(`${prefix} skipped ${notes.length} files, ${first.reason}: ${names.join(', ')}${more}`);
    }
  }
  for (const note of single.slice(0, MAX_LISTED)) {
    const where = [note.file ?? '<input>', note.line].filter((part) => part !== undefined).join(':');
    lines.push(`${prefix} ${where}: ${note.reason}: skipped`);
  }
  if (single.length > MAX_LISTED) lines.push(`${prefix} and ${single.length - MAX_LISTED} more skipped`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
