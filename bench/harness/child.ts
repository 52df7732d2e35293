/**
 * One measurement per process: a fresh heap, a fresh JIT and a peak RSS that belongs to this
 * variant alone. The parent forks this file with the row file, the variant key and the context.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NotAvailable, type RowDefinition, type RunContext, type WorkResult } from './types';

export interface ChildReport {
  ms?: number;
  peakMb?: number;
  cpuMs?: number;
  /** Heap still reachable after the run and a full GC: what the result holds, not the work's peak. */
  keptMb?: number;
  result?: WorkResult;
  unavailable?: string;
}

function peakRssMb(): number {
  // VmHWM and ru_maxrss are the same high-water mark on Linux; prefer the kernel's own line when present.
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm?.[1] !== undefined) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<ChildReport> {
  const [rowFile, key, ctxFile] = process.argv.slice(2);
  if (rowFile === undefined || key === undefined || ctxFile === undefined)
    throw new Error('usage: child <row> <variant> <ctx>');
  const ctx = JSON.parse(readFileSync(ctxFile, 'utf8')) as RunContext;
  // require: only tsx's CommonJS hook is loaded here (see run.ts), and it compiles what require loads.
  const row = (createRequire(__filename)(rowFile) as { default: RowDefinition }).default;
  const variants = typeof row.variants === 'function' ? row.variants(ctx.earlier) : row.variants;
  const v = variants.find((candidate) => candidate.key === key);
  if (v?.run === undefined) throw new Error(`row ${row.id} has no in-process variant ${key}`);
  let state: never;
  try {
    state = (v.prepare ? await v.prepare(ctx) : undefined) as never;
  } catch (error) {
    if (error instanceof NotAvailable) return { unavailable: error.message };
    throw error;
  }
  // bench/instructions.ts counts a run that stops here, to subtract the set-up from the work.
  if (process.env.BENCH_PREPARE_ONLY === '1') return {};
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  let result: WorkResult;
  try {
    result = await v.run(ctx, state);
  } catch (error) {
    if (error instanceof NotAvailable) return { unavailable: error.message };
    throw error;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const peakMb = peakRssMb();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const keptMb = process.memoryUsage().heapUsed / 2 ** 20;
  // `result` is read only now, so what it retains (the report) was reachable during that GC; the
  // report itself is not sent to the parent.
  const sent: WorkResult = { ...result };
  delete sent.retain;
  return { ms, cpuMs, peakMb, keptMb, result: sent };
}

main().then(
  (report) => {
    // Exit explicitly: Pulumi's runtime and some validators keep handles open after the work is done.
    process.send?.(report, () => process.exit(0));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
