import { InputError } from '../audit';
import { admissionPolicyCommand } from './admission-policy-command';
import { auditCommand } from './audit-command';
import { checklistCommand } from './checklist-command';
import { paletteFor } from './color';
import { renderInputErrors } from './diagnostics';
import { explainCommand } from './explain-command';
import { fixCommand } from './fix-command';
import type { CliIo } from './io';
import { rulesCommand } from './rules-command';
import { USAGE } from './usage';
import { UsageError } from './usage-error';
import { packageVersion } from './version';

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => number>> = {
  audit: auditCommand,
  rules: rulesCommand,
  explain: explainCommand,
  checklist: checklistCommand,
  'admission-policy': admissionPolicyCommand,
  fix: fixCommand,
};

/**
 * Runs the command line (without `node` and the script) and returns the exit status: 0 clean,
 * 1 violations, 2 bad input, bad usage or an unexpected failure. Never throws, never prints a
 * stack trace (unless HARDENED_WORKLOADS_DEBUG is set).
 */
export function run(argv: readonly string[], io: CliIo): Promise<number> {
  return Promise.resolve(runSync(argv, io));
}

function runSync(argv: readonly string[], io: CliIo): number {
  const palette = paletteFor({ ...io, stdout: io.stderr });
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? args[0] : undefined;
      (command === undefined ? io.stderr : io.stdout).write(USAGE[topic ?? 'main'] ?? USAGE.main ?? '');
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    const handler = COMMANDS[command];
    if (handler === undefined) {
      throw new UsageError(
        command.startsWith('-') ? `unknown option "${command}"` : `unknown command "${command}"`,
      );
    }
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(USAGE[command] ?? '');
      return 0;
    }
    return handler(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `${palette.red('error:')} ${error.message}\n\n${USAGE[error.command ?? 'main'] ?? USAGE.main ?? ''}`,
      );
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr.write(renderInputErrors([error], palette));
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(
      `${palette.red('error:')} unexpected failure: ${message.split('\n')[0] ?? ''}\n` +
        `  ${palette.dim('hint: this is a bug in hardened-workloads; please report it with the command and the input that caused it')}\n`,
    );
    if (io.env?.HARDENED_WORKLOADS_DEBUG && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    return 2;
  }
}
