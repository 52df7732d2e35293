import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DEFINED_IN } from './translate-service';
import type { JsonObject } from '../../rules/pod-view';
import { asArray, asObject } from '../../rules/pod-view';
import { InputError } from '../input-error';
import { readManifestFile } from '../read-file';
import type { ManifestProblem } from '../workloads';
import type { ComposeEnvironmentOptions, ComposeVariableSources } from './compose-environment';
import { includedVariables, projectVariables } from './compose-environment';
import { castServiceBooleans } from './booleans';
import { keyPath } from './key-path';
import { InterpolationError, interpolate } from './interpolate';
import type { ServiceOrigin, ServiceSet, Taint } from './merge-service';
import { unknownKeyProblems } from './unknown-keys';

/** A Compose document as the audit received it. */
export interface ComposeFileInput {
  /** The parsed document. */
  readonly value: unknown;
  /** The file, as the user named it. @default - none: in-memory input (no `.env`, no include) */
  readonly file?: string;
  /** 1-based line of the document. @default - none */
  readonly line?: number;
  /** The line of a dotted field path in the document. @default - lines unknown */
  readonly locate?: (path: string) => number | undefined;
}

/** How Compose files are read. */
export type ComposeReadOptions = ComposeEnvironmentOptions;

/** One service of a project, with the set it was declared in (its file, for include and extends). */
export interface ProjectService {
  /** The service's name under `services:`. */
  readonly name: string;
  /** The file (or included file) set that defines it. */
  readonly set: ServiceSet;
}

/** A Compose project: the file, what it includes, its variables substituted. */
export interface ComposeProject {
  /** The absolute directory of the top-level Compose file. @default - none: in-memory input */
  readonly projectDirectory?: string;
  /** Every service of the project, included files' too. */
  readonly services: readonly ProjectService[];
  /** Top-level `volumes`, `configs`, `secrets` of the project and what it includes; `file:` paths absolute. */
  readonly volumes: JsonObject;
  /** Top-level `configs` (a `file:` one is a host bind where a service uses it). */
  readonly configs: JsonObject;
  /** Top-level `secrets` (a `file:` one is a host bind where a service uses it). */
  readonly secrets: JsonObject;
  /** Top-level values that depend on unset variables, by keys from the root (`['configs', 'tls', 'file']`). */
  readonly topLevelTaints: readonly Taint[];
  /** What Compose would refuse, or what the audit cannot follow: each is exit 2. */
  readonly problems: readonly ManifestProblem[];
  /** Where the variables came from, for messages. */
  readonly variablesFrom: string;
}

const MAX_INCLUDE_DEPTH = 32;

interface LoadedFile {
  readonly file?: string;
  readonly directory?: string;
  readonly value: JsonObject;
  readonly locate: (keys: readonly (string | number)[]) => number | undefined;
  /** Values that depend on unset variables, by keys from the document root. */
  readonly taints: readonly Taint[];
}

/**
 * Reads a Compose project the way Compose does before it runs anything: variables substituted
 * from `.env`/`--env-file` (and the process environment when asked), `include:` and
 * `extends: { file }` followed relative to the file that names them. Never throws: what Compose
 * would refuse is a problem naming file, line and field.
 */
export function loadComposeProject(
  input: ComposeFileInput,
  options: ComposeReadOptions = {},
): ComposeProject {
  const problems: ManifestProblem[] = [];
  const directory = input.file === undefined ? undefined : dirname(resolve(input.file));
  let variables: ComposeVariableSources;
  try {
    variables = projectVariables(directory, options);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // Compose does not start without its variables: neither does the audit.
    return {
      services: [],
      volumes: {},
      configs: {},
      secrets: {},
      topLevelTaints: [],
      problems: [inputProblem(error)],
      variablesFrom: '',
    };
  }
  const locateTop = input.locate;
  const top = interpolateFile(
    input.value,
    input.file,
    directory,
    (keys) => locateTop?.(keyPath(keys)) ?? input.line,
    variables,
    problems,
  );
  const project = new ProjectBuilder(problems);
  project.add(top, variables, [canonical(input.file)]);
  return {
    ...(directory !== undefined && { projectDirectory: directory }),
    services: project.services,
    volumes: project.topLevel.volumes,
    configs: project.topLevel.configs,
    secrets: project.topLevel.secrets,
    topLevelTaints: project.topLevelTaints,
    problems,
    variablesFrom: variables.described,
  };
}

class ProjectBuilder {
  public readonly services: ProjectService[] = [];
  public readonly topLevel = { volumes: {}, configs: {}, secrets: {} } as Record<
    'volumes' | 'configs' | 'secrets',
    Record<string, unknown>
  >;
  public readonly topLevelTaints: Taint[] = [];
  private readonly serviceFiles = new Map<string, string | undefined>();

  public constructor(private readonly problems: ManifestProblem[]) {}

  public add(loaded: LoadedFile, variables: ComposeVariableSources, chain: readonly string[]): void {
    this.problems.push(
      ...unknownKeyProblems(loaded.value, (message, keys) => problemAt(loaded, message, keys)),
    );
    const set = serviceSet(loaded, variables, this.problems);
    for (const name of Object.keys(asObject(loaded.value.services))) {
      if (this.serviceFiles.has(name)) {
        this.problems.push(
          problemAt(
            loaded,
            `service ${JSON.stringify(name)} is also defined in ${this.serviceFiles.get(name) ?? 'the including file'}: Compose refuses conflicting services from include`,
            ['services', name],
          ),
        );
        continue;
      }
      this.serviceFiles.set(name, loaded.file);
      this.services.push({ name, set });
    }
    for (const section of ['volumes', 'configs', 'secrets'] as const) {
      for (const [name, definition] of Object.entries(asObject(loaded.value[section]))) {
        const absolute = withDirectory(definition, loaded.directory);
        const existing = this.topLevel[section][name];
        if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(absolute)) {
          this.problems.push(
            problemAt(
              loaded,
              `${section} ${JSON.stringify(name)} is defined differently by an included file: Compose refuses conflicting definitions`,
              [section, name],
            ),
          );
          continue;
        }
        this.topLevel[section][name] = absolute;
      }
    }
    for (const taint of loaded.taints) {
      const section = taint.keys[0];
      if (section === 'volumes' || section === 'configs' || section === 'secrets')
        this.topLevelTaints.push(taint);
    }
    this.include(loaded, variables, chain);
  }

  private include(loaded: LoadedFile, variables: ComposeVariableSources, chain: readonly string[]): void {
    asArray(loaded.value.include).forEach((entry, index) => {
      const keys = ['include', index];
      const spec = typeof entry === 'string' ? { path: entry } : asObject(entry);
      const paths = typeof spec.path === 'string' ? [spec.path] : asArray(spec.path);
      const taint = loaded.taints.find((t) => t.keys[0] === 'include' && t.keys[1] === index);
      if (taint !== undefined) {
        this.problems.push(
          problemAt(
            loaded,
            `include depends on ${variablesPhrase(taint.variables)}, unset in ${variables.described}: the audit cannot know which file Compose includes`,
            keys,
          ),
        );
        return;
      }
      if (paths.length !== 1 || typeof paths[0] !== 'string') {
        this.problems.push(
          problemAt(
            loaded,
            paths.length > 1
              ? 'include with several paths (override files) is not audited: audit the output of "docker compose config"'
              : 'include entry must name a file (path)',
            keys,
          ),
        );
        return;
      }
      if (loaded.directory === undefined) {
        this.problems.push(
          problemAt(loaded, 'include cannot be followed for input that is not a file', keys),
        );
        return;
      }
      if (chain.length > MAX_INCLUDE_DEPTH) {
        this.problems.push(
          problemAt(loaded, `include is nested more than ${MAX_INCLUDE_DEPTH} levels deep`, keys),
        );
        return;
      }
      const target = paths[0];
      const displayed = displayPath(loaded.file, target);
      const absolute = resolve(loaded.directory, target);
      const id = canonical(absolute);
      if (chain.includes(id)) {
        this.problems.push(
          problemAt(loaded, `include forms a cycle: ${displayed} is already being included`, keys),
        );
        return;
      }
      const read = readComposeFile(displayed, absolute);
      if (typeof read === 'string') {
        this.problems.push(problemAt(loaded, `include ${JSON.stringify(target)}: ${read}`, keys));
        return;
      }
      const includedDirectory =
        typeof spec.project_directory === 'string'
          ? resolve(loaded.directory, spec.project_directory)
          : dirname(absolute);
      const envFiles = (typeof spec.env_file === 'string' ? [spec.env_file] : asArray(spec.env_file))
        .filter((f): f is string => typeof f === 'string')
        .map((f) => resolve(loaded.directory ?? '', f));
      const dotEnv = join(includedDirectory, '.env');
      let included: ComposeVariableSources;
      try {
        included = includedVariables(
          variables,
          envFiles.length > 0 ? envFiles : existsSync(dotEnv) ? [dotEnv] : [],
        );
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        this.problems.push(inputProblem(error));
        return;
      }
      const file = interpolateFile(
        read.value,
        displayed,
        includedDirectory,
        read.locate,
        included,
        this.problems,
      );
      this.add(file, included, [...chain, id]);
    });
  }
}

function serviceSet(
  loaded: LoadedFile,
  variables: ComposeVariableSources,
  problems: ManifestProblem[],
): ServiceSet {
  const services = asObject(loaded.value.services);
  const cache = new Map<string, ServiceSet | string>();
  const set: ServiceSet = {
    services,
    origin: (name) => originOf(loaded, name),
    taints: (name) =>
      loaded.taints
        .filter((t) => t.keys[0] === 'services' && t.keys[1] === name)
        .map((t) => ({ ...t, keys: t.keys.slice(2) })),
    load: (file, from) => {
      const base = from.directory;
      if (base === undefined)
        return 'extends of another file cannot be followed for input that is not a file';
      const absolute = resolve(base, file);
      const cached = cache.get(absolute);
      if (cached !== undefined) return cached;
      const displayed = displayPath(from.file, file);
      const read = readComposeFile(displayed, absolute);
      let result: ServiceSet | string;
      if (typeof read === 'string') result = `extends file ${JSON.stringify(file)}: ${read}`;
      else {
        const other = interpolateFile(
          read.value,
          displayed,
          dirname(absolute),
          read.locate,
          variables,
          problems,
        );
        problems.push(
          ...unknownKeyProblems(other.value, (message, keys) => problemAt(other, message, keys)),
          ...booleanProblems(other),
        );
        result = serviceSet(other, variables, problems);
      }
      cache.set(absolute, result);
      return result;
    },
  };
  return set;
}

// A base's boolean that the extending service overrides is still read by Compose, and refused if invalid.
function booleanProblems(loaded: LoadedFile): ManifestProblem[] {
  return Object.entries(asObject(loaded.value.services)).flatMap(([name, service]) =>
    castServiceBooleans(asObject(service)).problems.map((problem) =>
      problemAt(
        loaded,
        `service ${JSON.stringify(name)}: ${keyPath(problem.keys)} must be a boolean, not ${JSON.stringify(problem.value)}: Compose refuses it`,
        ['services', name, ...problem.keys],
      ),
    ),
  );
}

function originOf(loaded: LoadedFile, name: string): ServiceOrigin {
  return {
    ...(loaded.file !== undefined && { file: loaded.file }),
    ...(loaded.directory !== undefined && { directory: loaded.directory }),
    keys: ['services', name],
    locate: loaded.locate,
  };
}

/** Reads another Compose file: one document, a mapping. A string says why it cannot be read. */
function readComposeFile(
  displayed: string,
  absolute: string,
): { value: unknown; locate: (keys: readonly (string | number)[]) => number | undefined } | string {
  if (!existsSync(absolute)) return `no such file ${JSON.stringify(displayed)}`;
  const documents = [];
  try {
    for (const item of readManifestFile(absolute)) {
      if (item.error) return item.error.message.replace(absolute, displayed);
      documents.push(item.document);
    }
  } catch (error) {
    if (error instanceof InputError) return error.problem;
    throw error;
  }
  const [document] = documents;
  if (document === undefined || documents.length > 1) {
    return `${displayed} must hold exactly one Compose document (it holds ${documents.length})`;
  }
  let locator: ReturnType<typeof document.locator> | undefined;
  return {
    value: document.value,
    locate: (keys) => {
      locator ??= document.locator();
      return locator.lineOf(keyPath(keys)) ?? document.line;
    },
  };
}

/** The document with every string value interpolated; errors become problems at the value's line. */
function interpolateFile(
  value: unknown,
  file: string | undefined,
  directory: string | undefined,
  locate: (keys: readonly (string | number)[]) => number | undefined,
  variables: ComposeVariableSources,
  problems: ManifestProblem[],
): LoadedFile {
  const taints: Taint[] = [];
  const loaded = { file, directory, locate };
  const walk = (node: unknown, keys: readonly (string | number)[]): unknown => {
    if (typeof node === 'string') {
      try {
        const result = interpolate(node, variables.variables);
        if (result.unset.length > 0) taints.push({ keys, variables: result.unset });
        return result.value;
      } catch (error) {
        if (!(error instanceof InterpolationError)) throw error;
        const prefix =
          error.reason === 'required'
            ? 'Compose refuses to run: '
            : error.reason === 'ambiguous'
              ? 'Compose versions disagree: '
              : 'invalid interpolation: ';
        problems.push(problemAt(loaded, `${prefix}${error.message}`, keys));
        // The problem stops the audit (exit 2); the value reads as unset so no second problem repeats it.
        return null;
      }
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...keys, index]));
    if (node !== null && typeof node === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node as JsonObject)) copy[key] = walk(item, [...keys, key]);
      return copy;
    }
    return node;
  };
  return {
    ...(file !== undefined && { file }),
    ...(directory !== undefined && { directory }),
    value: asObject(walk(value, [])),
    locate,
    taints,
  };
}

// A relative `file:` is relative to the file that defines it: the directory travels with it.
function withDirectory(definition: unknown, directory: string | undefined): unknown {
  const object = asObject(definition);
  if (typeof object.file !== 'string' || directory === undefined) return definition;
  return { ...object, [DEFINED_IN]: directory };
}

function problemAt(
  loaded: Pick<LoadedFile, 'file' | 'locate'>,
  message: string,
  keys: readonly (string | number)[],
): ManifestProblem {
  const line = loaded.locate(keys);
  return {
    message,
    path: keyPath(keys),
    ...(loaded.file !== undefined && { file: loaded.file }),
    ...(line !== undefined && { line, located: true }),
  };
}

function inputProblem(error: InputError): ManifestProblem {
  return {
    message: error.problem,
    path: error.field ?? '',
    ...(error.file !== undefined && { file: error.file }),
    ...(error.line !== undefined && { line: error.line, located: true }),
  };
}

/** `a, b` or `A`: variables named in a message. */
export function variablesPhrase(variables: readonly string[]): string {
  return `${variables.length === 1 ? 'variable' : 'variables'} ${variables.join(', ')}`;
}

function displayPath(from: string | undefined, target: string): string {
  if (isAbsolute(target) || from === undefined) return target;
  const base = dirname(from);
  return base === '.' ? join(target) : join(base, target);
}

function canonical(file: string | undefined): string {
  if (file === undefined) return '<input>';
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}
