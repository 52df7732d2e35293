import { spawnSync } from 'node:child_process';

/** What kubectl reads from one file: its documents as JSON (empty and null ones skipped), or its error. */
export interface KubectlReading {
  readonly docs: readonly unknown[];
  readonly error?: string;
}

/** The native build of go/kubernetes-reader (kubectl's own decoding), built by test/oracle/run.sh. */
export function kubectlReaderPath(): string {
  const path = process.env.ORACLE_KUBECTL_READER;
  if (path === undefined || path === '') {
    throw new Error('ORACLE_KUBECTL_READER is not set: run this tier with bash test/oracle/run.sh');
  }
  return path;
}

/**
 * Reads many files with kubectl's reader in one Go process (one JSON line per file each way), so
 * that thousands of inputs cost one process start.
 */
export function readWithKubectl(files: readonly string[]): KubectlReading[] {
  const input = files.map((file) => JSON.stringify(file)).join('\n') + '\n';
  const run = spawnSync(kubectlReaderPath(), [], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`kubectl-reader exited ${String(run.status)}: ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  if (lines.length !== files.length) {
    throw new Error(`kubectl-reader answered ${lines.length} of ${files.length} inputs: ${run.stderr}`);
  }
  // The reader returns every decoded document, null for those kubectl then skips.
  return lines.map((line) => {
    const reading = JSON.parse(line) as KubectlReading;
    return { ...reading, docs: reading.docs.filter((doc) => doc !== null) };
  });
}
