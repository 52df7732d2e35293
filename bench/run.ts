/**
 * `npm run bench`: every row in bench/rows, each measurement in a fresh child process, paired
 * variants alternated, medians and ratios printed and written to bench/RESULTS.md.
 *
 * Flags (for working on one row; a partial run does not overwrite RESULTS.md):
 *   --only=id[,id]   run only these rows
 *   --runs=N         override the runs per variant
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeCorpus, ensureCorpus } from './corpus';
import type { ChildReport } from './harness/child';
import { describeMachine } from './harness/machine';
import { fmtMb, fmtMs, fmtRate, median } from './harness/stats';
import type { Measured, RowDefinition, RowSummary, RunContext, Variant } from './harness/types';

const BENCH_DIR = __dirname;
const REPO_ROOT = resolve(BENCH_DIR, '..');
const CHILD = join(BENCH_DIR, 'harness', 'child.ts');
const DEFAULT_RUNS = 5;
const DEFAULT_TIMEOUT_MS = 120_000;
/**
 * `npm run bench` must end within ten minutes on two cores. Past this point (a slower or loaded
 * machine) every variant stops at three runs, and says so, rather than running over.
 */
const SOFT_BUDGET_MS = 450_000;
const MIN_RUNS_OVER_BUDGET = 3;

interface Options {
  only?: Set<string>;
  runs?: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {};
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2);
    if (flag === '--only' && value) options.only = new Set(value.split(','));
    else if (flag === '--runs' && value) options.runs = Number(value);
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

async function loadRows(): Promise<{ file: string; row: RowDefinition }[]> {
  const dir = join(BENCH_DIR, 'rows');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.startsWith('_'));
  const rows = await Promise.all(
    files.map(async (f) => {
      const file = join(dir, f);
      return { file, row: ((await import(file)) as { default: RowDefinition }).default };
    }),
  );
  return rows.sort((a, b) => a.row.order - b.row.order || a.row.id.localeCompare(b.row.id));
}

class Timeout extends Error {
  override readonly name = 'Timeout';
}

function runChild(rowFile: string, key: string, ctxFile: string, timeoutMs: number): Promise<ChildReport> {
  return new Promise((resolveReport, reject) => {
    const child = fork(CHILD, [rowFile, key, ctxFile], {
      cwd: REPO_ROOT,
      // tsx's CommonJS hook only: `--import tsx` also starts an ESM loader thread that adds ~25 MB
      // to every peak, which no user of the compiled library pays.
      execArgv: ['--require', 'tsx/cjs', '--expose-gc'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    let report: ChildReport | undefined;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let timedOut = false;
    // A pathological variant (the cdk8s per-chart validation trap took 289 s) must not eat the
    // whole budget: it is stopped and reported as too slow instead.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (message) => (report = message as ChildReport));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Timeout(`stopped after ${fmtMs(timeoutMs)}`));
      else if (report !== undefined && code === 0) resolveReport(report);
      else reject(new Error(`child for ${key} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

function runCommand(argv: string[]): Promise<{ ms: number; code: number | null; stderr: string }> {
  const [command, ...args] = argv;
  if (command === undefined) return Promise.reject(new Error('empty command'));
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      resolveRun({ ms: performance.now() - started, code, stderr });
    });
  });
}

interface VariantState {
  variant: Variant<never>;
  wanted: number;
  ms: number[];
  mb: number[];
  kept: number[];
  cpu: number[];
  spent: number;
  units?: number;
  check?: string;
  unavailable?: string;
  note?: string;
  stopped?: boolean;
  timedOutMs?: number;
}

function toMeasured(s: VariantState): Measured {
  const measured: Measured = {
    key: s.variant.key,
    label: s.variant.label,
    runs: s.ms,
    medianMs: median(s.ms),
    runsPeakMb: s.mb,
  };
  if (s.mb.length > 0) measured.peakMb = median(s.mb);
  if (s.kept.length > 0) measured.keptMb = median(s.kept);
  if (s.cpu.length > 0) measured.cpuMs = median(s.cpu);
  if (s.units !== undefined) measured.units = s.units;
  if (s.check !== undefined) measured.check = s.check;
  if (s.unavailable !== undefined) measured.unavailable = s.unavailable;
  if (s.note !== undefined) measured.note = s.note;
  else if (s.variant.runsWhy !== undefined && s.ms.length < DEFAULT_RUNS) measured.note = s.variant.runsWhy;
  if (s.timedOutMs !== undefined) measured.timedOutMs = s.timedOutMs;
  return measured;
}

async function measureRow(
  benchStarted: number,
  file: string,
  row: RowDefinition,
  earlier: Record<string, Measured[]>,
  scratch: string,
  options: Options,
  log: (line: string) => void,
): Promise<Measured[]> {
  const variants = typeof row.variants === 'function' ? row.variants(earlier) : row.variants;
  const states: VariantState[] = variants.map((variant) => ({
    variant,
    wanted: options.runs ?? variant.runs ?? row.runs ?? DEFAULT_RUNS,
    ms: [],
    mb: [],
    kept: [],
    cpu: [],
    spent: 0,
  }));
  const contexts = new Map<string, { ctx: RunContext; file: string }>();
  for (const s of states) {
    const ctx: RunContext = { repoRoot: REPO_ROOT, scratchDir: scratch, earlier };
    if (s.variant.corpus !== undefined) {
      const corpus = ensureCorpus(s.variant.corpus);
      log(
        corpus.generatedMs === undefined
          ? `  corpus (cached in ${corpus.dir}): ${describeCorpus(corpus)}`
          : `  corpus generated in ${fmtMs(corpus.generatedMs)} into ${corpus.dir}: ${describeCorpus(corpus)}`,
      );
      ctx.corpus = corpus;
    }
    const ctxFile = join(scratch, `ctx-${row.id}-${s.variant.key}.json`);
    writeFileSync(ctxFile, JSON.stringify(ctx));
    contexts.set(s.variant.key, { ctx, file: ctxFile });
  }

  for (let round = 1; ; round++) {
    if (performance.now() - benchStarted > SOFT_BUDGET_MS) {
      for (const s of states) {
        if (s.stopped !== true && s.ms.length >= MIN_RUNS_OVER_BUDGET && s.ms.length < s.wanted) {
          s.stopped = true;
          s.note = `${s.ms.length} of ${s.wanted} runs: the whole bench passed its ${fmtMs(SOFT_BUDGET_MS)} budget (slow or loaded machine)`;
          log(`  ${s.variant.label}: ${s.note}`);
        }
      }
    }
    const active = states.filter(
      (s) => s.unavailable === undefined && s.note === undefined && s.ms.length < s.wanted,
    );
    if (active.length === 0) break;
    // Each round starts one variant later: a variant that always ran first (or right after another)
    // would carry whatever that position costs on a shared machine.
    const start = (round - 1) % active.length;
    for (const s of [...active.slice(start), ...active.slice(0, start)]) {
      const v = s.variant;
      const context = contexts.get(v.key);
      if (context === undefined) throw new Error(`no context for ${v.key}`);
      if (v.command !== undefined) {
        const { argv, unavailable, okExitCodes = [0] } = v.command(context.ctx);
        if (unavailable !== undefined) {
          s.unavailable = unavailable;
          log(`  ${v.label}: not available yet: ${unavailable}`);
          continue;
        }
        const { ms, code, stderr } = await runCommand(argv);
        // A command that fails fast would otherwise pass for a fast cold start.
        if (code === null || !okExitCodes.includes(code)) {
          s.unavailable = `exit ${String(code)}: ${stderr.trim().split('\n')[0] ?? ''}`;
          log(`  ${v.label}: not available yet: ${s.unavailable}`);
          continue;
        }
        s.ms.push(ms);
        s.spent += ms;
        log(`  ${v.label} run ${s.ms.length}/${s.wanted}: ${fmtMs(ms)}`);
        continue;
      }
      const timeoutMs = row.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let report: ChildReport;
      try {
        report = await runChild(file, v.key, context.file, timeoutMs);
      } catch (error) {
        if (!(error instanceof Timeout)) throw error;
        s.stopped = true;
        s.timedOutMs = timeoutMs;
        s.note = `a run was ${error.message}; not repeated`;
        log(`  ${v.label}: ${s.note}`);
        continue;
      }
      if (report.unavailable !== undefined) {
        s.unavailable = report.unavailable;
        log(`  ${v.label}: not available yet: ${report.unavailable}`);
        continue;
      }
      const ms = report.ms ?? Number.NaN;
      s.ms.push(ms);
      s.spent += ms;
      if (report.peakMb !== undefined) s.mb.push(report.peakMb);
      if (report.keptMb !== undefined) s.kept.push(report.keptMb);
      if (report.cpuMs !== undefined) s.cpu.push(report.cpuMs);
      if (report.result?.units !== undefined) s.units = report.result.units;
      if (report.result?.check !== undefined) s.check = report.result.check;
      log(
        `  ${v.label} run ${s.ms.length}/${s.wanted}: ${fmtMs(ms)} (cpu ${fmtMs(report.cpuMs)}), peak ${fmtMb(report.peakMb)}, kept ${fmtMb(report.keptMb)}` +
          (report.result?.check ? `, ${report.result.check}` : ''),
      );
    }
    const adaptive = row.adaptive;
    if (adaptive !== undefined && options.runs === undefined) {
      const measured = states.filter((s) => s.ms.length > 0);
      const fastest = measured.reduce<VariantState | undefined>(
        (best, s) => (best === undefined || median(s.ms) < median(best.ms) ? s : best),
        undefined,
      );
      for (const s of measured) {
        if (s.stopped === true || (adaptive.exemptFastest === true && s === fastest)) continue;
        if (s.ms.length < s.wanted && s.ms.length >= adaptive.minRuns && s.spent >= adaptive.budgetMs) {
          s.stopped = true;
          s.note = `${s.ms.length} of ${s.wanted} runs: time-boxed at ${fmtMs(adaptive.budgetMs)} (${adaptive.why})`;
          log(`  ${s.variant.label}: ${s.note}`);
        }
      }
    }
  }
  return states.map(toMeasured);
}

function table(measured: Measured[]): string[] {
  const lines = [
    '| variant | runs | median | cpu | throughput | peak RSS | heap kept | check |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const m of measured) {
    if (m.unavailable !== undefined) {
      lines.push(`| ${m.label} | - | not available yet: ${m.unavailable} | | | | | |`);
      continue;
    }
    if (m.runs.length === 0 && m.timedOutMs !== undefined) {
      lines.push(`| ${m.label} | 0* | > ${fmtMs(m.timedOutMs)} | | | | | |`);
      continue;
    }
    const runs = `${m.runs.length}${m.note ? '*' : ''}`;
    lines.push(
      `| ${m.label} | ${runs} | ${fmtMs(m.medianMs)} | ${fmtMs(m.cpuMs)} | ${fmtRate(m.units, m.medianMs)} | ${fmtMb(m.peakMb)} | ${fmtMb(m.keptMb)} | ${m.check ?? ''} |`,
    );
  }
  for (const m of measured) if (m.note) lines.push('', `\\* ${m.label}: ${m.note}.`);
  return lines;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = performance.now();
  const machine = describeMachine();
  const scratch = mkdtempSync(join(tmpdir(), 'hardened-workloads-bench-run-'));
  const out: string[] = [];
  const log = (...lines: string[]): void => {
    for (const line of lines) console.log(line);
  };

  const header = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench\` (bench/run.ts) on ${machine.date}.`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GiB memory, Node ${machine.node}, ${machine.os}.`,
    '',
    'Each measurement is one fresh child process (`node --require tsx/cjs`). Time is wall time inside',
    "the child around the work only; CPU is that process's user+system time over the same span, steadier",
    "than wall time when other work shares the machine. Peak RSS is the child's high-water mark (VmHWM),",
    'so it includes Node and the TypeScript loader (see the harness-baseline row); heap kept is what is',
    'still reachable after the run and a full GC, i.e. what the returned result holds. Figures are',
    'medians; the variants of a row run alternately, each round starting one later (A, B, C; B, C, A...), so drift and position hit them alike.',
    '',
    `Load average when the run started: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (1, 5, 15 min; ${machine.cores} cores).`,
  ];
  header.forEach((l) => {
    log(l);
  });
  out.push(...header);

  const rows = (await loadRows()).filter(({ row }) => options.only === undefined || options.only.has(row.id));
  const earlier: Record<string, Measured[]> = {};
  const verdicts: { row: string; target: string; pass: boolean; detail: string }[] = [];
  try {
    for (const { file, row } of rows) {
      log('', `## ${row.title} (${row.id})`);
      out.push('', `## ${row.title}`, '', `Row \`${row.id}\`.`, '');
      const rowStarted = performance.now();
      const measured = await measureRow(startedAt, file, row, earlier, scratch, options, log);
      earlier[row.id] = measured;
      const corpora = new Set(
        (typeof row.variants === 'function' ? row.variants(earlier) : row.variants)
          .map((v) => v.corpus)
          .filter((n): n is number => n !== undefined),
      );
      for (const n of corpora) out.push(`Corpus: ${describeCorpus(ensureCorpus(n))}.`, '');
      const lines = table(measured);
      const summary: RowSummary = row.summarize?.(measured, earlier) ?? { lines: [], verdicts: [] };
      for (const v of summary.verdicts) {
        verdicts.push({ row: row.id, ...v });
        summary.lines.push(`**${v.pass ? 'PASS' : 'MISS'}** ${v.target}: ${v.detail}`);
      }
      log(
        '',
        ...lines,
        '',
        ...summary.lines.map((l) => `  ${l}`),
        `  (row took ${fmtMs(performance.now() - rowStarted)})`,
      );
      out.push(...lines);
      if (summary.lines.length > 0) out.push('', ...summary.lines.flatMap((l) => [l, '']).slice(0, -1));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const total = performance.now() - startedAt;
  const closing = ['', '## Targets', ''];
  if (verdicts.length === 0) closing.push('No target could be judged yet.');
  else {
    closing.push('| row | target | result | detail |', '| --- | --- | --- | --- |');
    for (const v of verdicts)
      closing.push(`| ${v.row} | ${v.target} | ${v.pass ? 'PASS' : 'MISS'} | ${v.detail} |`);
  }
  closing.push('', `Whole run: ${fmtMs(total)}.`);
  closing.forEach((l) => {
    log(l);
  });
  out.push(...closing);

  if (options.only === undefined && options.runs === undefined) {
    writeFileSync(join(BENCH_DIR, 'RESULTS.md'), out.join('\n') + '\n');
    log(`wrote ${join('bench', 'RESULTS.md')}`);
  } else {
    log('partial run (--only/--runs): bench/RESULTS.md left as it was');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
