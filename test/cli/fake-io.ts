import type { CliIo } from '../../src/cli';

/** A CLI run in-process: what it printed on each stream. */
export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fake streams for `run`: not a TTY unless asked, no colour variables unless given. */
export function fakeIo(options: { tty?: boolean; env?: Record<string, string>; cwd?: string } = {}): {
  io: CliIo;
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: {
      write: (text: string) => (out += text),
      isTTY: options.tty ?? false,
    },
    stderr: {
      write: (text: string) => (err += text),
      isTTY: options.tty ?? false,
    },
    env: options.env ?? {},
    ...(options.cwd !== undefined && { cwd: options.cwd }),
  };
  return { io, out: () => out, err: () => err };
}
