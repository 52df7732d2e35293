import { parseArgs } from 'node:util';
import type { FailOn } from '../audit';
import { DEFAULT_MAX_FILE_BYTES, parseByteSize } from '../audit';
import type { PostureEnvironment } from '../posture';
import type { Level, PssVersion } from '../rules';
import { LATEST_PSS_VERSION, LEVELS, parsePssVersion } from '../rules';
import { UsageError } from './usage-error';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** Parses one command's arguments; an unknown option or a missing value is a {@link UsageError}. */
export function parseCommand(
  command: string,
  args: readonly string[],
  options: OptionSpec,
): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    // parseArgs explains itself ("Unknown option '--levl'"); its advice on `--` does not apply here.
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(message, command);
  }
}

/** An option's value as parseArgs gives it. */
export type OptionValue = string | boolean | (string | boolean)[] | undefined;

/** `--env-file`, repeatable: the files in the order given. */
export function envFilesOption(value: OptionValue): string[] {
  return stringsOption(value);
}

/** A repeatable string option (`--exclude`): the values in the order given. */
export function stringsOption(value: OptionValue): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

function oneOf<T extends string>(
  command: string,
  flag: string,
  value: OptionValue,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got "${String(value)}"`, command);
}

/** `--level`, defaulting to hardened. */
export function levelOption(command: string, value: OptionValue): Level {
  return oneOf(command, 'level', value, LEVELS, 'hardened');
}

/** `--pss-version`: v1.28, 1.30, latest. */
export function pssVersionOption(command: string, value: OptionValue): PssVersion {
  if (value === undefined) return LATEST_PSS_VERSION;
  const version = typeof value === 'string' ? parsePssVersion(value) : undefined;
  if (version === undefined) {
    throw new UsageError(
      `--pss-version must look like v1.30 or be "latest"; got "${String(value)}"`,
      command,
    );
  }
  if (version.minor > LATEST_PSS_VERSION.minor) {
    throw new UsageError(
      `--pss-version ${String(value)} is newer than the newest implemented version v1.${LATEST_PSS_VERSION.minor}; use latest`,
      command,
    );
  }
  return version;
}

/** `--environment`, defaulting to production. */
export function environmentOption(command: string, value: OptionValue): PostureEnvironment {
  return oneOf(command, 'environment', value, ['production', 'non-production'] as const, 'production');
}

/** `--fail-on`, defaulting to error; `none` reports without failing on findings (refused input still exits 2). */
export function failOnOption(command: string, value: OptionValue): FailOn | 'none' {
  return oneOf(command, 'fail-on', value, ['error', 'warning', 'none'] as const, 'error');
}

/** `--format`, from the command's formats; the first is the default. */
export function formatOption<T extends string>(
  command: string,
  value: OptionValue,
  formats: readonly [T, ...T[]],
): T {
  return oneOf(command, 'format', value, formats, formats[0]);
}

/** `--max-file-size`: 64MiB, 512KiB, bytes. */
export function maxFileSizeOption(command: string, value: OptionValue): number {
  if (value === undefined) return DEFAULT_MAX_FILE_BYTES;
  const bytes = typeof value === 'string' ? parseByteSize(value) : undefined;
  if (bytes === undefined) {
    throw new UsageError(`--max-file-size must be a size such as 64MiB; got "${String(value)}"`, command);
  }
  return bytes;
}
