import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Docker's own default profile is under 30 KiB: a larger profile file is refused, not read. */
export const MAX_SECCOMP_PROFILE_BYTES = 1024 * 1024;

/** A seccomp profile file's text, or why it cannot be read. */
export type SeccompProfileFileText = { readonly text: string } | { readonly unreadable: string };

// O_NONBLOCK makes opening a named pipe return at once instead of waiting for a writer; for a
// regular file it changes nothing. Windows has no such flag (and no FIFO to wait on).
const OPEN_FLAGS = constants.O_RDONLY | ((constants.O_NONBLOCK as number | undefined) ?? 0);

/**
 * Reads a seccomp profile file the way `docker run --security-opt seccomp=<file>` and Compose read it
 * (the whole file, symlinks followed), but never blocks and never reads without bound: only a regular
 * file of profile size is read. The kind and size are taken from the opened descriptor, so the path
 * cannot be swapped for a pipe or a device between the check and the read.
 *
 * @param path the file, absolute or relative to the working directory
 * @returns the text (UTF-8), or why it cannot be read: `not a regular file`, `larger than 1 MiB`,
 *   or the system's code (`ENOENT`, `EACCES`...)
 */
export function readSeccompProfileFile(path: string): SeccompProfileFileText {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    // A UNIX socket cannot be opened at all: it is no more a file than a pipe is.
    const code = systemCode(error);
    return { unreadable: code === 'ENXIO' ? 'not a regular file' : code };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { unreadable: 'not a regular file' };
    if (stat.size > MAX_SECCOMP_PROFILE_BYTES) return { unreadable: tooLarge() };
    // One byte more than the limit tells a file that grew after fstat from one at the limit.
    const buffer = Buffer.alloc(MAX_SECCOMP_PROFILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > MAX_SECCOMP_PROFILE_BYTES) return { unreadable: tooLarge() };
    }
    return { text: buffer.toString('utf8', 0, length) };
  } catch (error) {
    return { unreadable: systemCode(error) };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(): string {
  return `larger than ${MAX_SECCOMP_PROFILE_BYTES / 1024 / 1024} MiB`;
}

function systemCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}
