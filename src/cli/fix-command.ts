import { readFileSync, writeFileSync } from 'node:fs';
import { auditDocuments, InputError } from '../audit';
import { discoverFiles } from '../audit/discover-files';
import { readManifestText } from '../audit/read-file';
import { paletteFor } from './color';
import { renderInputErrors } from './diagnostics';
import { fixManifestText } from './fix-manifest';
import type { CliIo } from './io';
import { levelOption, parseCommand } from './options';
import { UsageError } from './usage-error';

/**
 * `hardened-workloads fix <files|dirs...> [--dry-run]`: writes the missing mechanical posture fields
 * in place (or prints the diff), then lists what still fails and needs a person: 0 nothing left,
 * 1 findings left, 2 a file refused or bad usage.
 */
export function fixCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommand('fix', args, {
    'dry-run': { type: 'boolean' },
    level: { type: 'string' },
  });
  if (positionals.length === 0) throw new UsageError('fix needs at least one file or directory', 'fix');
  const level = levelOption('fix', values.level);
  const dryRun = values['dry-run'] === true;
  const palette = paletteFor({ ...io, stdout: io.stderr });
  const errors: InputError[] = [];
  let left = 0;
  for (const file of discoverFiles(positionals, (error) => errors.push(error))) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      errors.push(new InputError(`cannot read the file: ${(error as Error).message}`, { file }));
      continue;
    }
    const result = fixManifestText(text);
    if (result.refused !== undefined) {
      errors.push(
        new InputError(`not changed: ${result.refused}`, { file, hint: 'apply the fields by hand' }),
      );
      continue;
    }
    if (result.changes.length > 0) {
      if (dryRun) io.stdout.write(lineDiff(file, text, result.text));
      else writeFileSync(file, result.text);
      const verb = dryRun ? 'would set' : 'set';
      for (const change of result.changes) io.stdout.write(`${file}: ${verb} ${change}\n`);
    }
    for (const skip of result.skipped) io.stdout.write(`${file}: left as is: ${skip}\n`);
    left += listRemaining(file, result.text, level, io);
  }
  if (errors.length > 0) {
    io.stderr.write(renderInputErrors(errors, palette));
    return 2;
  }
  return left > 0 ? 1 : 0;
}

/** What the audit still finds after the fix: each needs a person (a value to change, or a justification). */
function listRemaining(file: string, text: string, level: ReturnType<typeof levelOption>, io: CliIo): number {
  const values: unknown[] = [];
  try {
    for (const item of readManifestText(file, text)) if (item.document) values.push(item.document.value);
  } catch {
    return 0;
  }
  const report = auditDocuments(values, { level, source: file, onInputError: 'collect' });
  let count = 0;
  const seen = new Set<string>();
  for (const finding of report.findings) {
    if (finding.status !== 'violation' || finding.severity !== 'error') continue;
    const line = `${file}: needs a person: ${finding.kind} ${finding.name}: ${finding.rule}: ${finding.message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    count++;
    io.stdout.write(`${line}\n`);
  }
  return count;
}

/** A line diff (`-`/`+` with the line numbers of each hunk), enough to review an insertion-only change. */
export function lineDiff(file: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > 25_000_000)
    return `--- ${file}\n+++ ${file}\n(the file is too large to diff here)\n`;
  // Longest common subsequence table, from the end.
  const table: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const below = table[i + 1] as Uint32Array;
      const row = table[i] as Uint32Array;
      row[j] =
        a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const out = [`--- ${file}`, `+++ ${file} (fixed)`];
  let i = 0;
  let j = 0;
  let hunk: string[] = [];
  let hunkStart = '';
  const flush = () => {
    if (hunk.length > 0) out.push(hunkStart, ...hunk);
    hunk = [];
  };
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      i++;
      j++;
    } else {
      if (hunk.length === 0) hunkStart = `@@ -${i + 1} +${j + 1} @@`;
      const row = table[i];
      const next = table[i + 1];
      if (j < b.length && (i >= a.length || (row?.[j + 1] ?? 0) >= (next?.[j] ?? 0)))
        hunk.push(`+${b[j++] ?? ''}`);
      else hunk.push(`-${a[i++] ?? ''}`);
    }
  }
  flush();
  return `${out.join('\n')}\n`;
}
