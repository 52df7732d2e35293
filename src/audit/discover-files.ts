import type { Dirent, Stats } from 'node:fs';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { InputError } from './input-error';
import { specialFileError, specialFileKind } from './special-files';
import type { SkipNote } from './document-workloads';
import type { PathFilter } from './path-filter';
import { kustomizationPatches, renderedSourceOf } from './rendered-sources';
import { STDIN_PATH } from './stdin-source';

/** The extensions read when walking a directory. A file named explicitly is read whatever its name. */
export const MANIFEST_EXTENSIONS: readonly string[] = Object.freeze(['.yaml', '.yml', '.json']);

/** What {@link discoverFiles} accepts besides paths. */
export interface DiscoverOptions {
  /** Whether `-` stands for standard input. @default false */
  readonly stdin?: boolean;
  /** Paths left out: not entered, not read, not reported. @default - none */
  readonly exclude?: PathFilter;
  /**
   * Told of each Helm chart or kustomization directory (not entered: its files are not manifests)
   * and of each file a kustomization names as a patch (not read). @default - ignored
   */
  readonly onSkip?: (note: SkipNote) => void;
  /** Refuse Helm charts and kustomizations (an {@link InputError} each) instead of noting them. @default false */
  readonly strict?: boolean;
}

/**
 * The files to audit, in a stable order: each path as given, directories walked recursively in
 * sorted order (hidden directories and node_modules are not entered), each file once. A missing
 * path, a directory without manifests, or a named pipe, socket or device (named, or met under a
 * directory with a manifest extension) is an {@link InputError}: thrown, or passed to `onError` and
 * the next path walked. Nothing is opened here: a named pipe would block the audit. With `stdin`,
 * the path `-` is yielded as is (once), for the caller to read standard input.
 *
 * A Helm chart (`Chart.yaml`) or kustomization (`kustomization.yaml`) directory is not entered,
 * named or met: `onSkip` says how to audit its rendering (an error with `strict`). The files a
 * kustomization names as patches are not yielded either, wherever they are.
 */
export function* discoverFiles(
  paths: readonly string[],
  onError: (error: InputError) => void = (error) => {
    throw error;
  },
  options: DiscoverOptions = {},
): Generator<string> {
  const seen = new Set<string>();
  const found: string[] = [];
  const patches = new Set<string>();
  const context: WalkContext = { onError, options, patches, rendered: 0 };
  for (const path of paths) {
    if (path === STDIN_PATH && options.stdin === true) {
      if (once(seen, STDIN_PATH)) found.push(STDIN_PATH);
      continue;
    }
    if (options.exclude?.excludes(path) === true) continue;
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch {
      onError(
        new InputError('no such file or directory', {
          file: path,
          hint: 'check the path; pass Kubernetes manifests, Compose files or directories that contain them',
        }),
      );
      continue;
    }
    const special = specialFileKind(stats);
    if (special !== undefined) {
      onError(specialFileError(path, special));
      continue;
    }
    if (!stats.isDirectory()) {
      if (once(seen, path)) found.push(path);
      continue;
    }
    let count = 0;
    const renderedBefore = context.rendered;
    try {
      for (const file of walk(path, new Set([realpath(path)]), context)) {
        count++;
        if (once(seen, file)) found.push(file);
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      onError(error);
      continue;
    }
    if (count === 0 && context.rendered === renderedBefore) {
      onError(
        new InputError(`the directory contains no ${MANIFEST_EXTENSIONS.join(', ')} files`, {
          file: path,
          hint: 'pass a directory of Kubernetes manifests or Compose files (for cdk8s, the synth output in dist/)',
        }),
      );
    }
  }
  for (const file of found) {
    if (file !== STDIN_PATH && patches.has(resolve(file))) {
      options.onSkip?.({
        file,
        reason: 'a kustomize patch (a fragment of an object in the build), not a whole object',
      });
      continue;
    }
    yield file;
  }
}

interface WalkContext {
  readonly onError: (error: InputError) => void;
  readonly options: DiscoverOptions;
  readonly patches: Set<string>;
  /** How many Helm charts and kustomizations were met. */
  rendered: number;
}

/** Yields the manifests under `directory`, except excluded paths and rendered sources. */
function* walk(directory: string, ancestors: Set<string>, context: WalkContext): Generator<string> {
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot read the directory: ${(error as Error).message}`, { file: directory });
  }
  const names = new Set(entries.map((entry) => entry.name));
  const rendered = renderedSourceOf(directory, names);
  if (rendered !== undefined) {
    for (const patch of kustomizationPatches(directory, names)) context.patches.add(patch);
    if (context.options.strict === true) {
      context.onError(
        new InputError(`is ${rendered.reason.replace(/: audit its .*$/, '')}`, {
          file: directory,
          hint: rendered.reason.replace(/^.*: audit its/, 'audit its'),
        }),
      );
    } else context.options.onSkip?.({ file: directory, reason: rendered.reason });
    // The directory was understood, not empty: its parent is no "directory without manifests".
    context.rendered++;
    return;
  }
  // Code-point order, not the locale's: the same tree gives the same report everywhere.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const kind = entryKind(entry, path);
    const manifestName = MANIFEST_EXTENSIONS.includes(extname(entry.name).toLowerCase());
    if (kind === 'directory') {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (context.options.exclude?.excludes(path) === true) continue;
      const real = realpath(path);
      // A symbolic link back up the tree would otherwise be walked forever.
      if (ancestors.has(real)) continue;
      yield* walk(path, new Set([...ancestors, real]), context);
    } else if (kind === 'file' && manifestName) {
      if (context.options.exclude?.excludes(path) !== true) yield path;
    } else if (kind !== 'file' && kind !== 'other' && manifestName) {
      if (context.options.exclude?.excludes(path) === true) continue;
      // A pipe named like a manifest is an input the user expects audited: say why it is not.
      context.onError(specialFileError(path, kind));
    }
  }
}

/** `file`, `directory`, the special kind (`a named pipe`, ...), or `other` (a dangling link). */
function entryKind(entry: Dirent, path: string): string {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  if (entry.isFIFO()) return 'a named pipe';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const target = statSync(path);
    return target.isDirectory()
      ? 'directory'
      : target.isFile()
        ? 'file'
        : (specialFileKind(target) ?? 'other');
  } catch {
    return 'other';
  }
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function once(seen: Set<string>, path: string): boolean {
  const key = resolve(path);
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
