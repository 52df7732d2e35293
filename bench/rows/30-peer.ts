import { auditCorpus, loadAudit } from '../harness/audit';
import { loadMonokle, peerCorpus } from '../harness/peer';
import { fmtMb, fmtRate, fmtRatio } from '../harness/stats';
import { defineRow, variant } from '../harness/types';
import { FLOOR_CORPUS } from './10-parse-floor';

const MIN_SPEEDUP = 20;

export default defineRow({
  id: 'peer',
  title: 'Peer: @monokle/validation Pod Security Standards (restricted) against the audit, 10k corpus',
  order: 30,
  // A peer run is 30 s idle and over 70 s on a loaded machine.
  timeoutMs: 240_000,
  variants: [
    variant({
      key: 'peer',
      label: '@monokle/validation PSS restricted',
      corpus: FLOOR_CORPUS,
      prepare: () => loadMonokle(),
      run: (ctx, monokle) => peerCorpus(ctx, monokle),
    }),
    variant({
      key: 'audit',
      label: 'audit (auditPaths)',
      corpus: FLOOR_CORPUS,
      runs: 3,
      runsWhy:
        'three runs, matched to the time-boxed peer: at a 20x gap drift cannot change the verdict, ' +
        'and the audit has its five-run median in the audit row',
      prepare: (ctx) => loadAudit(ctx),
      run: (ctx, auditPaths) => auditCorpus(ctx, auditPaths),
    }),
  ],
  adaptive: {
    budgetMs: 75_000,
    minRuns: 3,
    exemptFastest: true,
    why: 'the peer is the slowest row; five runs of it alone would take most of the 10-minute budget',
  },
  summarize: ([peer, audit]) => {
    if (peer === undefined || peer.runs.length === 0) return { lines: ['Peer did not run.'], verdicts: [] };
    const lines = [`Peer: ${fmtRate(peer.units, peer.medianMs)} workloads, peak ${fmtMb(peer.peakMb)}.`];
    if (audit === undefined || audit.unavailable !== undefined || audit.runs.length === 0) {
      lines.push(`Audit not measured yet: ${audit?.unavailable ?? 'no runs'}.`);
      return { lines, verdicts: [] };
    }
    const speedup = peer.medianMs / audit.medianMs;
    lines.push(
      `Audit throughput is ${fmtRatio(speedup)} the peer's; peak memory ${fmtMb(audit.peakMb)} vs ${fmtMb(peer.peakMb)}.`,
    );
    return {
      lines,
      verdicts: [
        {
          target: `throughput >= ${MIN_SPEEDUP}x the peer`,
          pass: speedup >= MIN_SPEEDUP,
          detail: fmtRatio(speedup),
        },
      ],
    };
  },
});
