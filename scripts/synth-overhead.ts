/**
 * Measures what hardening costs at synth: N hardened Deployments against N plain cdk8s-plus-28
 * Deployments, in one chart and in N charts (cdk8s validates the whole app once per chart).
 *
 *   npx tsx scripts/synth-overhead.ts [--count 1000] [--runs 3] [--json]
 *
 * Each variant runs in its own child process (a cold module cache and heap each time) and the
 * median of the runs is kept. Prints the ratio hardened / plain for both layouts, in wall-clock
 * time and in the process's CPU time (steadier when other work shares the machine).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';

type Variant = 'plain' | 'hardened';
type Layout = 'one-chart' | 'chart-per-deployment';

const IMAGE = 'registry.example.com/team/api:1.4.2';

interface Sample {
  /** Wall-clock milliseconds. */
  readonly wall: number;
  /** CPU milliseconds of the process (user + system): steadier than wall time on a shared machine. */
  readonly cpu: number;
}

function synthOnce(variant: Variant, layout: Layout, count: number): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-overhead-'));
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  const app = new App({ outdir });
  const shared = layout === 'one-chart' ? new Chart(app, 'app') : undefined;
  for (let i = 0; i < count; i += 1) {
    const chart = shared ?? new Chart(app, `chart-${i}`);
    // Every pod differs (its image), as in a real app: nothing may be answered from a cache.
    const props = { containers: [{ name: 'app', image: `${IMAGE}-${i}`, portNumber: 8080 }] };
    if (variant === 'plain') new kplus.Deployment(chart, `api-${i}`, props);
    else new HardenedDeployment(chart, `api-${i}`, props);
  }
  app.synth();
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  fs.rmSync(outdir, { recursive: true, force: true });
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

function main(): void {
  const child = process.env.SYNTH_OVERHEAD_CHILD;
  if (child !== undefined) {
    const [variant, layout, count] = child.split(':') as [Variant, Layout, string];
    process.stdout.write(JSON.stringify(synthOnce(variant, layout, Number(count))));
    return;
  }
  const count = option('--count', 1000);
  const runs = option('--runs', 3);
  const results: Record<
    string,
    Record<'wall' | 'cpu', { plainMs: number; hardenedMs: number; ratio: number }>
  > = {};
  for (const layout of ['one-chart', 'chart-per-deployment'] as const) {
    const samples: Record<Variant, Sample[]> = { plain: [], hardened: [] };
    for (let run = 0; run < runs; run += 1) {
      for (const variant of ['plain', 'hardened'] as const) {
        const output = execFileSync(process.execPath, [...process.execArgv, __filename], {
          env: { ...process.env, SYNTH_OVERHEAD_CHILD: `${variant}:${layout}:${count}` },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        samples[variant].push(JSON.parse(output) as Sample);
      }
    }
    const summary = (measure: keyof Sample) => {
      const plainMs = median(samples.plain.map((s) => s[measure]));
      const hardenedMs = median(samples.hardened.map((s) => s[measure]));
      return {
        plainMs: Math.round(plainMs),
        hardenedMs: Math.round(hardenedMs),
        ratio: hardenedMs / plainMs,
      };
    };
    results[layout] = { wall: summary('wall'), cpu: summary('cpu') };
  }
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ count, runs, results }, null, 2)}\n`);
    return;
  }
  for (const [layout, measures] of Object.entries(results)) {
    for (const [measure, r] of Object.entries(measures)) {
      process.stdout.write(
        `${count} Deployments, ${layout}, ${measure}: plain ${r.plainMs} ms, hardened ${r.hardenedMs} ms, ratio ${r.ratio.toFixed(2)}x\n`,
      );
    }
  }
}

main();
