import type { Stats } from 'node:fs';
import { statSync } from 'node:fs';
import { InputError } from './input-error';

/**
 * What a path is when it is neither a regular file nor a directory: reading a named pipe blocks
 * until a writer comes (the audit would hang), a socket or a device is not a manifest at all.
 * `statSync` never opens the path, so asking is safe.
 */
export function specialFileKind(stats: Stats): string | undefined {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return undefined;
}

/** The input error for a named pipe, socket or device given as (or met as) a manifest. */
export function specialFileError(file: string, kind: string): InputError {
  return new InputError(`is ${kind}, not a file`, {
    file,
    hint: 'pass regular files (Kubernetes manifests or Compose files) or directories; to audit a stream, save it to a file first',
  });
}

/**
 * Throws the {@link specialFileError} when `file` is a named pipe, a socket or a device, before
 * anything opens it. A path that cannot be stat'ed is left to the reader, which reports it.
 */
export function assertNotSpecialFile(file: string): void {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch {
    return;
  }
  const kind = specialFileKind(stats);
  if (kind !== undefined) throw specialFileError(file, kind);
}
