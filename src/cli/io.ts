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
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
