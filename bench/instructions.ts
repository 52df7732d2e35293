/**
 * `npm run bench:instructions -- --only=<row> [--variants=a,b] [--against=<dir>]`: the instructions a row's
 * in-process variants execute, counted by valgrind, so that a ratio can be compared to within a
 * percent on a shared machine where wall time moves by ten.
 *
 * Each variant runs twice under `valgrind --tool=cachegrind --cache-sim=no`, once in full and once
 * stopping after `prepare`; the difference is the work's count. V8 runs single-threaded with fixed
 * seeds (compilation and GC on the main thread, the same hash layout every run), which makes a count
 * repeat to about 0.1%. It counts user-space instructions only: cache misses, page faults and the
 * parallelism of the real run are not in it, so it complements `npm run bench`, it does not replace it.
 *
 * `--variants=a,b`: count only these variants; each ratio is to the last one listed.
 * `--against=<dir>`: also count the variants with `<dir>`'s `src` (another checkout, e.g. a
 * `git worktree` of the commit to compare with), in the same run, so both sides share the machine.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RowDefinition, RunContext } from './harness/types';

const BENCH_DIR = __dirname;
const REPO_ROOT = resolve(BENCH_DIR, '..');
const CHILD = join(BENCH_DIR, 'harness', 'child.ts');
const V8_DETERMINISM = ['--single-threaded', '--hash-seed=1', '--random-seed=1'];
const PARALLEL = 2;

interface Options {
  only: string;
  variants?: readonly string[];
  against?: string;
}

function parseArgs(argv: readonly string[]): Options {
  let only: string | undefined;
  let against: string | undefined;
  let variants: string[] | undefined;
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2);
    if (flag === '--only' && value) only = value;
    else if (flag === '--variants' && value) variants = value.split(',');
    else if (flag === '--against' && value) against = resolve(value);
    else
      throw new Error(
        `unknown argument ${arg}: use --only=<row id> [--variants=a,b] [--against=<checkout dir>]`,
      );
  }
  if (only === undefined) throw new Error('--only=<row id> is required (one row; each count takes a minute)');
  if (against !== undefined && !existsSync(join(against, 'src'))) {
    throw new Error(`--against=${against}: no src/ there; give a checkout of this repository`);
  }
  return { only, ...(variants !== undefined && { variants }), ...(against !== undefined && { against }) };
}

/** Instructions one child executes, from cachegrind's summary line. */
function countInstructions(
  rowFile: string,
  key: string,
  ctxFile: string,
  prepareOnly: boolean,
): Promise<number> {
  const args = [
    '--tool=cachegrind',
    '--cache-sim=no',
    // V8 writes the code it runs: cachegrind must see it change.
    '--smc-check=all-non-file',
    '--cachegrind-out-file=/dev/null',
    process.execPath,
    ...V8_DETERMINISM,
    '--require',
    'tsx/cjs',
    '--expose-gc',
    CHILD,
    rowFile,
    key,
    ctxFile,
  ];
  return new Promise((resolveCount, reject) => {
    const child = spawn('valgrind', args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...(prepareOnly && { BENCH_PREPARE_ONLY: '1' }) },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      reject(
        new Error(
          `valgrind could not start (${error.message}): install it (Debian: apt-get install valgrind)`,
        ),
      );
    });
    child.on('exit', (code) => {
      const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
      if (code === 0 && refs !== undefined) resolveCount(Number(refs.replace(/,/g, '')));
      else
        reject(
          new Error(
            `${key}${prepareOnly ? ' (prepare only)' : ''} exited with ${String(code)}:\n${stderr.slice(-2000)}`,
          ),
        );
    });
  });
}

async function inBatches<T>(jobs: readonly (() => Promise<T>)[], size: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      if (job !== undefined) results[index] = await job();
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return results;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  let found: { file: string; row: RowDefinition } | undefined;
  for (const name of readdirSync(join(BENCH_DIR, 'rows')).filter((f) => f.endsWith('.ts'))) {
    const file = join(BENCH_DIR, 'rows', name);
    const row = ((await import(file)) as { default: RowDefinition }).default;
    if (row.id === options.only) found = { file, row };
  }
  if (found === undefined) throw new Error(`no row with id ${options.only} in bench/rows`);
  const { file: rowFile, row } = found;
  const variants = (typeof row.variants === 'function' ? row.variants({}) : row.variants).filter(
    (v) =>
      v.run !== undefined &&
      v.corpus === undefined &&
      (options.variants === undefined || options.variants.includes(v.key)),
  );
  if (variants.length === 0)
    throw new Error(`row ${row.id} has no in-process variant without a corpus to count`);
  const scratch = mkdtempSync(join(tmpdir(), 'hw-bench-instructions-'));
  try {
    const trees = [REPO_ROOT, ...(options.against !== undefined ? [options.against] : [])];
    const cases = trees.flatMap((tree) =>
      variants.map((v) => {
        const ctx: RunContext = { repoRoot: tree, scratchDir: scratch, earlier: {} };
        const ctxFile = join(scratch, `ctx-${trees.indexOf(tree)}-${v.key}.json`);
        writeFileSync(ctxFile, JSON.stringify(ctx));
        return { tree, key: v.key, label: v.label, ctxFile };
      }),
    );
    process.stderr.write(
      `counting ${cases.length * 2} runs under valgrind, ${PARALLEL} at a time (about a minute each)\n`,
    );
    const counts = await inBatches(
      cases.flatMap((c) => [
        () => countInstructions(rowFile, c.key, c.ctxFile, false),
        () => countInstructions(rowFile, c.key, c.ctxFile, true),
      ]),
      PARALLEL,
    );
    console.log(`## ${row.title} (${row.id}): instructions of the work (full run minus prepare)\n`);
    console.log(
      `| checkout | variant | instructions | ratio to ${variants[variants.length - 1]?.label ?? ''} |`,
    );
    console.log('|---|---|---|---|');
    for (const tree of trees) {
      const rows = cases
        .map((c, i) => ({ ...c, work: (counts[2 * i] ?? 0) - (counts[2 * i + 1] ?? 0) }))
        .filter((c) => c.tree === tree);
      const reference = rows[rows.length - 1]?.work ?? Number.NaN;
      for (const r of rows) {
        console.log(
          `| ${tree === REPO_ROOT ? 'this' : tree} | ${r.label} | ${(r.work / 1e9).toFixed(3)} G | ${(r.work / reference).toFixed(3)}x |`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
