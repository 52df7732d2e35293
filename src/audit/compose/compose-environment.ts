import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvFile } from './env-file';
import type { ComposeVariables } from './interpolate';

/**
 * Where the audit takes the values of `${VAR}` from. Compose substitutes from the shell
 * environment first, then the env files; an audit in CI runs in a shell that is not the one that
 * will deploy, so the process environment is read only when asked.
 */
export interface ComposeEnvironmentOptions {
  /**
   * Env files, as `docker compose --env-file` takes them (later files win). When any is given,
   * the project's `.env` is not read, as in Compose. @default - none: the `.env` next to the Compose file
   */
  readonly envFiles?: readonly string[];
  /**
   * Read the process environment too; it wins over env files, as the shell does for Compose. Pass
   * `true` for `process.env`, or the variables themselves. @default false
   */
  readonly processEnvironment?: boolean | Readonly<Record<string, string | undefined>>;
}

/** What the variables were read from, for messages: `.env`, `--env-file x`, the process environment. */
export interface ComposeVariableSources {
  readonly variables: ComposeVariables;
  readonly described: string;
}

/**
 * The variables of a project whose Compose file is in `directory` (undefined: in-memory input, no
 * `.env`). @throws InputError when an env file cannot be read the same way by every Compose.
 */
export function projectVariables(
  directory: string | undefined,
  options: ComposeEnvironmentOptions = {},
): ComposeVariableSources {
  const variables = new Map<string, string>();
  const sources: string[] = [];
  const envFiles = options.envFiles ?? [];
  if (envFiles.length > 0) {
    for (const file of envFiles) for (const [k, v] of readEnvFile(file)) variables.set(k, v);
    sources.push(...envFiles.map((f) => `--env-file ${f}`));
  } else if (directory !== undefined) {
    const dotEnv = join(directory, '.env');
    if (existsSync(dotEnv)) {
      for (const [k, v] of readEnvFile(dotEnv)) variables.set(k, v);
      sources.push(dotEnv);
    }
  }
  const processEnvironment =
    options.processEnvironment === true ? process.env : options.processEnvironment || undefined;
  if (processEnvironment !== undefined) {
    for (const [k, v] of Object.entries(processEnvironment)) if (v !== undefined) variables.set(k, v);
    sources.push('the process environment');
  }
  return {
    variables,
    described: sources.length === 0 ? 'no .env file or --env-file' : sources.join(', '),
  };
}

/**
 * The variables of an included project: the including project's values win, its own `.env` (or
 * `env_file`) fills the gaps, as compose-go merges them.
 */
export function includedVariables(
  parent: ComposeVariableSources,
  envFiles: readonly string[],
): ComposeVariableSources {
  const variables = new Map(parent.variables);
  for (const file of envFiles) {
    for (const [k, v] of readEnvFile(file)) if (!parent.variables.has(k)) variables.set(k, v);
  }
  return {
    variables,
    described: envFiles.length === 0 ? parent.described : `${parent.described}, ${envFiles.join(', ')}`,
  };
}
