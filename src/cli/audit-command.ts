import { existsSync, writeFileSync } from 'node:fs';
import type { AuditReport, FailOn } from '../audit';
import { auditFails, auditPaths, readBaseline, renderBaseline, resolveAudit } from '../audit';
import type { Rule } from '../rules';
import { paletteFor } from './color';
import { configuredRules, loadAuditConfig } from './config-file';
import { renderBaselineNotes, renderInputErrors, renderRuleSettings, renderSkipNotes } from './diagnostics';
import { renderJson, renderSarif, renderTable } from '../report';
import type { CliIo } from './io';
import { resolve } from 'node:path';
import type { OptionValue } from './options';
import {
  envFilesOption,
  stringsOption,
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

/**
 * `hardened-workloads audit <files|dirs|-...>`: 0 no failing finding, 1 failing findings (errors, or
 * warnings too with --fail-on warning; none with --fail-on none), 2 bad usage or any refused input.
 * A refused input never hides the findings of the rest: both are reported, and 2 wins because the
 * audit did not cover everything it was given.
 */
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
    exclude: { type: 'string', multiple: true },
    strict: { type: 'boolean' },
    'skip-non-manifests': { type: 'boolean' },
    config: { type: 'string' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    reason: { type: 'string' },
    'approved-by': { type: 'string' },
    expires: { type: 'string' },
    ticket: { type: 'string' },
  });
  if (positionals.length === 0) throw new UsageError('audit needs at least one file or directory', 'audit');
  const cwd = io.cwd ?? process.cwd();
  const explicitConfig = typeof values.config === 'string' ? resolve(cwd, values.config) : undefined;
  const config = loadAuditConfig(cwd, explicitConfig);
  // A flag wins over the config file, which wins over the default.
  const pick = (flag: OptionValue, setting: string | undefined): OptionValue => flag ?? setting;
  const envFiles = envFilesOption(values['env-file']);
  const options = {
    level: levelOption('audit', pick(values.level, config?.level)),
    pssVersion: pssVersionOption('audit', pick(values['pss-version'], config?.pssVersion)),
    environment: environmentOption('audit', pick(values.environment, config?.environment)),
    maxFileBytes: maxFileSizeOption('audit', values['max-file-size']),
    compose: { envFiles, processEnvironment: values['process-env'] === true },
    ...(config !== undefined && { rules: configuredRules(config.rules) }),
  };
  const format = formatOption('audit', pick(values.format, config?.format), AUDIT_FORMATS);
  const failOn = failOnOption('audit', pick(values['fail-on'], config?.failOn));
  const quiet = values.quiet === true;
  const strict = values.strict === true || config?.strict === true;
  const exclude = [
    ...(config !== undefined && config.exclude.length > 0
      ? [{ patterns: config.exclude, base: config.directory }]
      : []),
    { patterns: stringsOption(values.exclude), base: cwd },
  ];

  const writeBaseline = typeof values['write-baseline'] === 'string' ? values['write-baseline'] : undefined;
  const entryFields = {
    ...(typeof values.reason === 'string' && { reason: values.reason }),
    ...(typeof values['approved-by'] === 'string' && { approvedBy: values['approved-by'] }),
    ...(typeof values.expires === 'string' && { expires: values.expires }),
    ...(typeof values.ticket === 'string' && { ticket: values.ticket }),
  };
  if (writeBaseline === undefined && Object.keys(entryFields).length > 0) {
    throw new UsageError('--reason, --approved-by, --expires and --ticket go with --write-baseline', 'audit');
  }
  const baselinePath = typeof values.baseline === 'string' ? resolve(cwd, values.baseline) : config?.baseline;
  const now = new Date();
  // --write-baseline keeps the reviewed entries of the file it rewrites, and judges without it.
  const baseline =
    writeBaseline !== undefined
      ? undefined
      : baselinePath === undefined
        ? undefined
        : readBaseline(baselinePath);

  const report = auditPaths(positionals, {
    ...options,
    onInputError: 'collect',
    ...(io.readStdin !== undefined && { stdin: io.readStdin }),
    exclude,
    skipNonManifests: !strict,
    skipNamedNonManifests: !strict && values['skip-non-manifests'] === true,
    strict,
    now,
    ...(baseline !== undefined && { baseline }),
  });
  if (writeBaseline !== undefined)
    return writeBaselineFile(report, resolve(cwd, writeBaseline), entryFields, io);
  // Notes and refusals first: on a terminal they come before the table, whose summary counts them.
  const stderrPalette = paletteFor({ ...io, stdout: io.stderr });
  // Rules the config turns off or re-grades are said every run, quiet or not: nothing is hidden silently.
  if (config !== undefined) io.stderr.write(renderRuleSettings(config.file, config.rules, stderrPalette));
  if (!quiet) io.stderr.write(renderSkipNotes(report.inputs.skipped, stderrPalette));
  if (report.inputs.baseline !== undefined)
    io.stderr.write(renderBaselineNotes(report.inputs.baseline, stderrPalette));
  io.stderr.write(renderInputErrors(report.inputs.errors, stderrPalette));
  // With no file read, a table of zeros would read like a pass: the errors say it all. JSON and
  // SARIF are always written, for the tools that read them, and list the refusals themselves.
  const nothingRead = report.inputs.files === 0 && report.inputs.errors.length > 0;
  if (!(nothingRead && format === 'table')) {
    io.stdout.write(renderReport(report, format, io, resolveAudit(options).rules, { quiet, failOn }));
  }
  if (report.inputs.errors.length > 0) return 2;
  return failOn !== 'none' && auditFails(report.summary, failOn) ? 1 : 0;
}

/**
 * Writes the baseline of today's violations: entries of the file already there that still match are
 * kept as reviewed, new ones take --reason/--approved-by/--expires/--ticket or are left empty for the
 * reviewer (the reader refuses an empty reason or approver). Refused inputs are exit 2: a baseline of
 * a partial audit would accept less than it claims.
 */
function writeBaselineFile(
  report: AuditReport,
  file: string,
  fields: Parameters<typeof renderBaseline>[2],
  io: CliIo,
): number {
  const palette = paletteFor({ ...io, stdout: io.stderr });
  if (report.inputs.errors.length > 0) {
    io.stderr.write(renderInputErrors(report.inputs.errors, palette));
    io.stderr.write(`${palette.red('error:')} ${file}: not written: the audit is incomplete\n`);
    return 2;
  }
  const previous = existsSync(file) ? readBaseline(file) : undefined;
  const { text, kept, added } = renderBaseline(report.findings, file, fields, previous);
  writeFileSync(file, text);
  const review =
    added > 0 && (fields.reason === undefined || fields.approvedBy === undefined)
      ? `; fill in reason and approvedBy of the ${added} new before it is used`
      : '';
  io.stderr.write(
    `${palette.dim('note:')} ${file}: wrote ${kept + added} entries (${kept} kept, ${added} new)${review}\n`,
  );
  return 0;
}

function renderReport(
  report: AuditReport,
  format: AuditFormat,
  io: CliIo,
  rules: readonly Rule[],
  { quiet, failOn }: { readonly quiet: boolean; readonly failOn: FailOn | 'none' },
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
        failOn: failOn === 'warning' ? 'warning' : 'error',
      });
  }
}

/** The width to wrap at: the terminal's, and none when stdout is not a terminal (full lines for pipes and logs). */
function terminalColumns(io: CliIo): number | undefined {
  const columns = io.stdout.columns;
  return io.stdout.isTTY === true && columns !== undefined && columns > 0 ? columns : undefined;
}
