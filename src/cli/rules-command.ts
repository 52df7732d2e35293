import { resolveAudit } from '../audit';
import { ALL_RULES } from '../rules';
import { paletteFor } from './color';
import type { CliIo } from './io';
import { levelOption, parseCommand } from './options';
import { UsageError } from './usage-error';

/** `hardened-workloads rules [--level L]`: one line per rule, or per rule active at a level. */
export function rulesCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommand('rules', args, { level: { type: 'string' } });
  if (positionals.length > 0)
    throw new UsageError(`rules takes no arguments; got "${positionals.join(' ')}"`, 'rules');
  const level = values.level === undefined ? undefined : levelOption('rules', values.level);
  const palette = paletteFor(io);
  // At a level, the rules an audit runs (an override hides the rule it replaces); otherwise all of them.
  const rules = level === undefined ? ALL_RULES : resolveAudit({ level }).rules;
  const header = ['RULE', 'LEVEL', 'SEVERITY', 'POD SECURITY CHECK', 'TITLE'];
  const rows = rules.map((rule) => [rule.id, rule.level, rule.severity, rule.pssCheck ?? '-', rule.title]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] as string).length)),
  );
  const format = (row: readonly string[]): string =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const lines = [
    palette.bold(format(header)),
    ...rows.map(format),
    '',
    level === undefined ? `${rules.length} rules` : `${rules.length} rules active at level ${level}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
