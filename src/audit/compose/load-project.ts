import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { JsonObject } from '../../rules/pod-view';
import { asObject } from '../../rules/pod-view';
import type { ManifestProblem } from '../workloads';
import type { ComposeGoResponse } from './compose-go';
import { readComposeProject } from './compose-go';
import type { WrittenAt } from './compose-positions';
import { composeLocator } from './compose-positions';
import { closestKey, COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS } from './compose-keys';
import { keyPath } from './key-path';
import { WasmModuleError } from '../wasm/wasi-reactor';

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

/** How Compose files are read. */
export type ComposeReadOptions = ComposeEnvironmentOptions;

/** A Compose document as the audit received it. */
export interface ComposeFileInput {
  /** The parsed document; read by compose-go only when there is no file. */
  readonly value: unknown;
  /** The file, as the user named it. @default - none: in-memory input (no `.env`, no override file) */
  readonly file?: string;
  /** 1-based line of the document. @default - none */
  readonly line?: number;
  /** The line of a dotted field path in the document (in-memory input). @default - lines unknown */
  readonly locate?: (path: string) => number | undefined;
}

/** A value that depends on a variable unset in the audited environment. */
export interface Taint {
  /** Keys below the service (or from the root, for top-level definitions), e.g. `['volumes', 0]`. */
  readonly keys: readonly (string | number)[];
  /** The unset variables. */
  readonly variables: readonly string[];
}

/** One service of a loaded project: compose-go's canonical form. */
export interface ProjectService {
  /** The service's name under `services:`. */
  readonly name: string;
  /** The service as compose-go normalised it (long syntaxes, absolute paths, booleans cast). */
  readonly service: JsonObject;
  /** Values of the service that read unset variables. */
  readonly taints: readonly Taint[];
}

/** A Compose project as compose-go loads it. */
export interface ComposeProject {
  /** The absolute project directory. @default - none: a document taken as written */
  readonly projectDirectory?: string;
  /** Every service, those of inactive profiles too (a deployer enables them with --profile). */
  readonly services: readonly ProjectService[];
  /** Top-level `volumes` (a named volume can be a host bind). */
  readonly volumes: JsonObject;
  /** Top-level `configs` (a `file:` one is a host bind where a service uses it). */
  readonly configs: JsonObject;
  /** Top-level `secrets` (a `file:` one is a host bind where a service uses it). */
  readonly secrets: JsonObject;
  /** Top-level values that read unset variables, by keys from the root (`['configs', 'tls', 'file']`). */
  readonly topLevelTaints: readonly Taint[];
  /** What Compose refuses, or what the audit cannot follow: each is exit 2. */
  readonly problems: readonly ManifestProblem[];
  /** Where the variables came from, for messages. */
  readonly variablesFrom: string;
  /** Where a key path from the model root was written. */
  readonly locate: (keys: readonly (string | number)[]) => Partial<WrittenAt> | undefined;
  /** The project's identity (directory and files), so that a run audits it once. @default - none */
  readonly identity?: string;
}

/**
 * Reads a Compose project as Docker Compose v2 reads it before it runs anything, with compose-go
 * itself: the file's directory is the project directory; when `docker compose` run there without
 * -f would load the file (COMPOSE_FILE, or compose.yaml beside its compose.override.yaml), the
 * project is read that way, override files included, else as `docker compose -f FILE`. Variables
 * come from `.env`/`--env-file` (and the process environment when asked). Never throws: what
 * Compose refuses is a problem naming file, line and cause.
 */
export function loadComposeProject(
  input: ComposeFileInput,
  options: ComposeReadOptions = {},
): ComposeProject {
  const file = input.file === undefined ? undefined : resolve(input.file);
  const workingDir = file === undefined ? process.cwd() : dirname(file);
  const envFiles = (options.envFiles ?? []).map((f) => resolve(f));
  const environment = processEnvironment(options);
  const variablesFrom = describeVariables(file === undefined ? undefined : workingDir, options, environment);
  let response: ComposeGoResponse;
  try {
    response = readComposeProject({
      workingDir,
      files: file === undefined ? [] : [file],
      ...(file === undefined && { content: JSON.stringify(input.value ?? {}) }),
      envFiles,
      environment,
      profiles: [],
      discover: file !== undefined,
    });
  } catch (error) {
    if (!(error instanceof WasmModuleError)) throw error;
    return emptyProject(variablesFrom, {
      message: `cannot load compose-go (${error.file}): ${error.message}; reinstall hardened-workloads`,
      path: '',
      ...(input.file !== undefined && { file: input.file }),
    });
  }
  const files = [...(response.included ?? []).slice().reverse(), ...(response.composeFiles ?? [])];
  const located = file === undefined ? undefined : composeLocator(files.length > 0 ? files : [file]);
  const locate = (keys: readonly (string | number)[]): Partial<WrittenAt> | undefined => {
    if (located !== undefined) return located(keys);
    const line = input.locate?.(keyPath(keys)) ?? input.line;
    return line === undefined ? undefined : { line };
  };
  if (response.error !== undefined || response.project === undefined) {
    return emptyProject(variablesFrom, refusal(response, input, variablesFrom, located));
  }
  const problems: ManifestProblem[] = [];
  if (response.taintsUnknown !== undefined && response.unset.length > 0) {
    problems.push({
      message:
        `the project reads ${variablesPhrase(response.unset)}, unset in ${variablesFrom}, and compose-go cannot merge it without ` +
        `substituting them (${response.taintsUnknown}): the audit cannot tell which settings they decide; set them in .env or --env-file`,
      path: '',
      ...(input.file !== undefined && { file: input.file }),
    });
  }
  const model = response.project;
  const enabled = asObject(model.services);
  const disabled = asObject(response.disabled);
  // In the order they were written (compose-go's model is a map): file by file, line by line.
  const order = (name: string): [number, number] => {
    const at = locate(['services', name]);
    return [at?.file === undefined ? files.length : files.length - files.indexOf(at.file), at?.line ?? 0];
  };
  const names = [...Object.keys(enabled), ...Object.keys(disabled).filter((n) => !Object.hasOwn(enabled, n))]
    .map((name) => ({ name, at: order(name) }))
    .sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.name.localeCompare(b.name))
    .map((entry) => entry.name);
  const services = names.map((name) => ({
    name,
    service: asObject(enabled[name] ?? disabled[name]),
    taints: response.taints
      .filter((t) => t.keys[0] === 'services' && t.keys[1] === name)
      .map((t) => ({ keys: t.keys.slice(2), variables: t.variables })),
  }));
  return {
    // A document taken from memory has no project directory to read a seccomp profile from.
    ...(file !== undefined && response.workingDir !== undefined && { projectDirectory: response.workingDir }),
    services,
    volumes: asObject(model.volumes),
    configs: asObject(model.configs),
    secrets: asObject(model.secrets),
    topLevelTaints: response.taints.filter((t) =>
      ['volumes', 'configs', 'secrets'].includes(String(t.keys[0])),
    ),
    problems,
    variablesFrom,
    locate,
    ...(file !== undefined && {
      identity: JSON.stringify([response.workingDir, response.composeFiles, envFiles]),
    }),
  };
}

function emptyProject(variablesFrom: string, problem: ManifestProblem): ComposeProject {
  return {
    services: [],
    volumes: {},
    configs: {},
    secrets: {},
    topLevelTaints: [],
    problems: [problem],
    variablesFrom,
    locate: () => undefined,
  };
}

// compose-go's own message, at the file and line it names, with what the audit knows to fix it.
function refusal(
  response: ComposeGoResponse,
  input: ComposeFileInput,
  variablesFrom: string,
  located: ((keys: readonly (string | number)[]) => WrittenAt | undefined) | undefined,
): ManifestProblem {
  const error = response.error ?? { message: 'compose-go returned no project' };
  let message = `Compose refuses the project: ${error.message.replace(/\s*\n\s*/g, '; ')}`;
  // compose-go's schema says `additional properties 'x' not allowed`, or `services.api.x false schema`.
  const unknownKey =
    /additional properties? '([^']+)' not allowed/.exec(error.message)?.[1] ??
    /\bservices\.[\w.-]+?\.([\w-]+) false schema/.exec(error.message)?.[1];
  if (unknownKey !== undefined) {
    const close = closestKey(unknownKey, [...COMPOSE_SERVICE_KEYS, ...COMPOSE_TOP_LEVEL_KEYS]);
    message +=
      close === undefined
        ? ` (${JSON.stringify(unknownKey)} is not a Compose key)`
        : ` (${JSON.stringify(unknownKey)} is not a Compose key: did you mean ${JSON.stringify(close)}?)`;
  }
  if (response.unset.length > 0) {
    message += `; it reads ${variablesPhrase(response.unset)}, unset in ${variablesFrom}: set them in .env or --env-file as the deployment does`;
  }
  // compose-go names the field (`services.api.privileged`) more often than the line: place it.
  const field = FIELD_IN_MESSAGE.exec(error.message)?.[0];
  const keys = field?.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  const at = error.line === undefined && keys !== undefined ? located?.(keys) : undefined;
  const file = at?.file ?? error.file ?? input.file;
  const line = at?.line ?? error.line;
  return {
    message,
    path: field ?? '',
    ...(file !== undefined && { file }),
    ...(line !== undefined && line > 0 && { line, located: true }),
  };
}

const FIELD_IN_MESSAGE = /\b(?:services|volumes|configs|secrets|networks|include)(?:\.[\w-]+)+/;

function processEnvironment(options: ComposeReadOptions): Record<string, string> {
  const source = options.processEnvironment === true ? process.env : options.processEnvironment || {};
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) if (value !== undefined) environment[key] = value;
  return environment;
}

function describeVariables(
  directory: string | undefined,
  options: ComposeReadOptions,
  environment: Readonly<Record<string, string>>,
): string {
  const sources: string[] = [];
  const envFiles = options.envFiles ?? [];
  if (envFiles.length > 0) sources.push(...envFiles.map((f) => `--env-file ${f}`));
  else if (directory !== undefined && existsSync(join(directory, '.env')))
    sources.push(join(directory, '.env'));
  if (
    options.processEnvironment !== undefined &&
    options.processEnvironment !== false &&
    Object.keys(environment).length >= 0
  )
    sources.push('the process environment');
  return sources.length === 0 ? 'no .env file or --env-file' : sources.join(', ');
}

/** `a, b` or `A`: variables named in a message. */
export function variablesPhrase(variables: readonly string[]): string {
  return `${variables.length === 1 ? 'variable' : 'variables'} ${variables.join(', ')}`;
}
