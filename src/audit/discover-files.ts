import type { Dirent } from 'node:fs';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { InputError } from './input-error';

/** The extensions read when walking a directory. A file named explicitly is read whatever its name. */
export const MANIFEST_EXTENSIONS: readonly string[] = Object.freeze(['.yaml', '.yml', '.json']);

/**
 * The files to audit, in a stable order: each path as given, directories walked recursively in
 * sorted order (hidden directories and node_modules are not entered), each file once. A missing
 * path or a directory without manifests is an {@link InputError}: thrown, or passed to `onError`
 * and the next path walked.
 */
export function* discoverFiles(
  paths: readonly string[],
  onError: (error: InputError) => void = (error) => {
    throw error;
  },
): Generator<string> {
  const seen = new Set<string>();
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      onError(
        new InputError('no such file or directory', {
          file: path,
          hint: 'check the path; pass Kubernetes manifests, Compose files or directories that contain them',
        }),
      );
      continue;
    }
    if (!isDirectory) {
      if (once(seen, path)) yield path;
      continue;
    }
    let found = 0;
    try {
      for (const file of walk(path, new Set([realpath(path)]))) {
        found++;
        if (once(seen, file)) yield file;
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      onError(error);
      continue;
    }
    if (found === 0) {
      onError(
        new InputError(`the directory contains no ${MANIFEST_EXTENSIONS.join(', ')} files`, {
          file: path,
          hint: 'pass a directory of Kubernetes manifests or Compose files (for cdk8s, the synth output in dist/)',
        }),
      );
    }
  }
}

function* walk(directory: string, ancestors: Set<string>): Generator<string> {
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot read the directory: ${(error as Error).message}`, { file: directory });
  }
  // Code-point order, not the locale's: the same tree gives the same report everywhere.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const kind = entryKind(entry, path);
    if (kind === 'directory') {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const real = realpath(path);
      // A symbolic link back up the tree would otherwise be walked forever.
      if (ancestors.has(real)) continue;
      yield* walk(path, new Set([...ancestors, real]));
    } else if (kind === 'file' && MANIFEST_EXTENSIONS.includes(extname(entry.name).toLowerCase())) {
      yield path;
    }
  }
}

function entryKind(entry: Dirent, path: string): 'file' | 'directory' | 'other' {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const target = statSync(path);
    return target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'other';
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
