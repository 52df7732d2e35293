import { readSync } from 'node:fs';
import { isatty } from 'node:tty';
import { InputError } from '../audit';

/** A stream the CLI writes to: `process.stdout`, `process.stderr`, or a fake in tests. */
export interface CliStream {
  /** Writes text as is; the CLI adds its own newlines. */
  write(text: string): unknown;
  /** Whether the stream is a terminal, where colour is used. @default - absent: not a terminal */
  readonly isTTY?: boolean;
  /** The terminal's width in characters; the table is wrapped to it on a terminal. @default - absent: not wrapped */
  readonly columns?: number;
}

/** Where the CLI writes, and what it knows of its terminal: `process` in production, fakes in tests. */
export interface CliIo {
  /** Reports and tables. */
  readonly stdout: CliStream;
  /** Usage errors, input errors and notes on skipped inputs. */
  readonly stderr: CliStream;
  /** Environment variables (NO_COLOR, FORCE_COLOR, TERM). @default - none */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The directory SARIF locations are relative to. @default process.cwd() */
  readonly cwd?: string;
  /**
   * Reads standard input for the path `-`: at most `maxBytes + 1` bytes, to the end of the stream.
   * @default - none: `audit -` reports that standard input is not available
   */
  readonly readStdin?: (maxBytes: number) => Uint8Array;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    readStdin: readProcessStdin,
  };
}

const STDIN_FD = 0;

/**
 * Reads file descriptor 0 synchronously to its end (the audit is synchronous), never more than
 * `maxBytes + 1` bytes. A terminal is refused: the user forgot the pipe, and reading would wait.
 */
function readProcessStdin(maxBytes: number): Uint8Array {
  if (isatty(STDIN_FD)) {
    throw new InputError('standard input is a terminal, not a pipe', {
      file: '<stdin>',
      hint: 'pipe manifests into it, e.g. `helm template chart/ | hardened-workloads audit -` or `kubectl kustomize overlay/ | hardened-workloads audit -`',
    });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  while (total <= maxBytes) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
    let read: number;
    try {
      read = readSync(STDIN_FD, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A non-blocking pipe with no data yet: wait a little for the writer (helm still rendering).
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break;
      throw new InputError(`cannot read standard input: ${(error as Error).message}`, { file: '<stdin>' });
    }
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
  }
  return Buffer.concat(chunks, total);
}
