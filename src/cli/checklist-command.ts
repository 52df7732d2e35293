import { loadWorkloads } from '../audit';
import { answerChecklists, renderChecklistJson, renderChecklistMarkdown } from '../checklist';
import type { SkipNote } from '../audit';
import { paletteFor } from './color';
import { renderSkipNotes } from './diagnostics';
import type { CliIo } from './io';
import {
  environmentOption,
  formatOption,
  maxFileSizeOption,
  parseCommand,
  pssVersionOption,
} from './options';
import { UsageError } from './usage-error';

/** `hardened-workloads checklist <files|dirs...>`: the seed's decision checklist per workload. */
export function checklistCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommand('checklist', args, {
    format: { type: 'string' },
    'pss-version': { type: 'string' },
    environment: { type: 'string' },
    'max-file-size': { type: 'string' },
  });
  const format = formatOption('checklist', values.format, ['markdown', 'json'] as const);
  const pssVersion = pssVersionOption('checklist', values['pss-version']);
  const environment = environmentOption('checklist', values.environment);
  const maxFileBytes = maxFileSizeOption('checklist', values['max-file-size']);
  if (positionals.length === 0)
    throw new UsageError('checklist needs at least one file or directory', 'checklist');
  const skipped: SkipNote[] = [];
  const checklists = answerChecklists(
    loadWorkloads(positionals, { maxFileBytes, onSkip: (note) => skipped.push(note) }),
    { pssVersion, environment },
  );
  const text = format === 'json' ? renderChecklistJson(checklists) : renderChecklistMarkdown(checklists);
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  io.stderr.write(renderSkipNotes(skipped, paletteFor({ ...io, stdout: io.stderr })));
  return checklists.some((checklist) => checklist.status === 'violation') ? 1 : 0;
}
