import type { AuditReport } from '../audit';
import { auditFails, auditPaths, resolveAudit } from '../audit';
import type { Rule } from '../rules';
import { paletteFor } from './color';
import { renderInputErrors, renderSkipNotes } from './diagnostics';
import { renderJson, renderSarif, renderTable } from '../report';
import type { CliIo } from './io';
import {
  envFilesOption,
  environmentOption,
  failOnOption,
  formatOption,
  levelOption,
  maxFileSizeOption,
  parseCommand,
  pssVersionOption,
} from './options';
import { UsageError } from './usage-error';
import { packageVersion } from './version';

const AUDIT_FORMATS = ['table', 'json', 'sarif'] as const;
type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** `hardened-workloads audit <files|dirs...>`: 0 no error, 1 errors (or warnings with --fail-on warning), 2 bad input. */
export function auditCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommand('audit', args, {
    level: { type: 'string' },
    'pss-version': { type: 'string' },
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    environment: { type: 'string' },
    'max-file-size': { type: 'string' },
    'env-file': { type: 'string', multiple: true },
    'process-env': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  });
  const envFiles = envFilesOption(values['env-file']);
  const options = {
    level: levelOption('audit', values.level),
    pssVersion: pssVersionOption('audit', values['pss-version']),
    environment: environmentOption('audit', values.environment),
    maxFileBytes: maxFileSizeOption('audit', values['max-file-size']),
    compose: { envFiles, processEnvironment: values['process-env'] === true },
  };
  const format = formatOption('audit', values.format, AUDIT_FORMATS);
  const failOn = failOnOption('audit', values['fail-on']);
  const quiet = values.quiet === true;
  if (positionals.length === 0) throw new UsageError('audit needs at least one file or directory', 'audit');

  const report = auditPaths(positionals, {
    ...options,
    onInputError: 'collect',
    ...(io.readStdin !== undefined && { stdin: io.readStdin }),
  });
  // With no file read, a report of zeros would read like a pass: the errors say it all.
  const nothingRead = report.inputs.files === 0 && report.inputs.errors.length > 0;
  if (!nothingRead) io.stdout.write(renderReport(report, format, io, resolveAudit(options).rules, quiet));

  const stderrPalette = paletteFor({ ...io, stdout: io.stderr });
  if (!quiet) io.stderr.write(renderSkipNotes(report.inputs.skipped, stderrPalette));
  if (report.inputs.errors.length > 0) {
    io.stderr.write(renderInputErrors(report.inputs.errors, stderrPalette));
    return 2;
  }
  return auditFails(report.summary, failOn) ? 1 : 0;
}

function renderReport(
  report: AuditReport,
  format: AuditFormat,
  io: CliIo,
  rules: readonly Rule[],
  quiet: boolean,
): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, { version: packageVersion(), cwd: io.cwd ?? process.cwd(), rules });
    case 'table':
      return renderTable(report, {
        palette: paletteFor(io),
        ...(terminalColumns(io) !== undefined && { columns: terminalColumns(io) }),
        errorsOnly: quiet,
      });
  }
}

/** The width to wrap at: the terminal's, and none when stdout is not a terminal (full lines for pipes and logs). */
function terminalColumns(io: CliIo): number | undefined {
  const columns = io.stdout.columns;
  return io.stdout.isTTY === true && columns !== undefined && columns > 0 ? columns : undefined;
}
