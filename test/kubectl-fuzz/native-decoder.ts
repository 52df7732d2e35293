import { spawn } from 'node:child_process';

/** What the native build of go/kubernetes-reader returns for one file (read.Result). */
export interface NativeReading {
  readonly docs: unknown[];
  readonly error?: string;
}

/**
 * Reads files with the native build of kubectl's decoder (the same Go module and versions as the
 * shipped WebAssembly), one process for the whole batch (JSON lines in, JSON lines out).
 */
export async function readNatively(binary: string, files: readonly string[]): Promise<NativeReading[]> {
  const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const results: NativeReading[] = [];
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      results.push(JSON.parse(pending.slice(0, newline)) as NativeReading);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  for (const file of files) {
    if (!child.stdin.write(`${JSON.stringify(file)}\n`)) {
      await new Promise((resolve) => child.stdin.once('drain', resolve));
    }
  }
  child.stdin.end();
  const code = await exited;
  if (code !== 0 || results.length !== files.length) {
    throw new Error(`${binary} exited ${code} after ${results.length} of ${files.length} results`);
  }
  return results;
}
