/** Where the CLI writes, and what it knows of its terminal: `process` in production, fakes in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Environment variables (NO_COLOR, FORCE_COLOR, TERM). @default - none */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The directory SARIF locations are relative to. @default process.cwd() */
  readonly cwd?: string;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
