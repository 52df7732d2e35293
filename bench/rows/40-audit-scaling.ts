import { auditCorpus, loadAudit } from '../harness/audit';
import { fmtMb, fmtMs, fmtRatio } from '../harness/stats';
import { defineRow, type Measured, variant } from '../harness/types';

const POINTS = [
  { workloads: 1_000, runs: undefined },
  { workloads: 10_000, runs: undefined },
  { workloads: 100_000, runs: 1 },
] as const;
const FEWER_RUNS =
  'one run only: the 100k point costs ten 10k runs, and five of it would not fit the 10-minute budget; ' +
  'it is a scaling check against the 10k median, not a figure of its own';
/** Per-workload time may grow this much from 10k to 100k and still count as linear (GC, noise). */
const LINEAR_SLACK = 1.2;
/** Peak memory may grow this much from 10k to 100k and still count as bounded. */
const MEMORY_SLACK = 1.25;

export default defineRow({
  id: 'audit-scaling',
  title: 'Audit scaling: 1k, 10k and 100k workloads',
  order: 40,
  // The 100k run is about 45 s on an idle two-core machine; the default two minutes is too tight under load.
  timeoutMs: 300_000,
  variants: POINTS.map(({ workloads, runs }) =>
    variant({
      key: `${workloads}`,
      label: `audit, ${workloads.toLocaleString('en-US')} workloads`,
      corpus: workloads,
      ...(runs === undefined ? {} : { runs, runsWhy: FEWER_RUNS }),
      prepare: (ctx) => loadAudit(ctx),
      run: (ctx, auditPaths) => auditCorpus(ctx, auditPaths),
    }),
  ),
  summarize: (measured) => {
    const ok = measured.filter(
      (m): m is Measured & { units: number } => m.runs.length > 0 && m.units !== undefined,
    );
    if (ok.length < measured.length) {
      return { lines: [`Audit not measured yet: ${measured[0]?.unavailable ?? 'no runs'}.`], verdicts: [] };
    }
    const lines = ok.map(
      (m) =>
        `${m.units.toLocaleString('en-US')}: ${fmtMs(m.medianMs)}, ${((m.medianMs * 1000) / m.units).toFixed(0)} µs per workload, peak ${fmtMb(m.peakMb)}`,
    );
    const mid = ok.find((m) => m.units === 10_000);
    const big = ok.find((m) => m.units === 100_000);
    if (mid === undefined || big === undefined) return { lines, verdicts: [] };
    const growth = big.medianMs / big.units / (mid.medianMs / mid.units);
    const memory = (big.peakMb ?? Number.NaN) / (mid.peakMb ?? Number.NaN);
    return {
      lines,
      verdicts: [
        {
          target: `linear time (per-workload time 10k -> 100k <= ${LINEAR_SLACK}x)`,
          pass: growth <= LINEAR_SLACK,
          detail: fmtRatio(growth),
        },
        {
          target: `bounded memory (peak 10k -> 100k <= ${MEMORY_SLACK}x)`,
          pass: memory <= MEMORY_SLACK,
          detail: `${fmtMb(mid.peakMb)} -> ${fmtMb(big.peakMb)} (${fmtRatio(memory)})`,
        },
      ],
    };
  },
});
