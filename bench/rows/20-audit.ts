import { auditCorpus, loadAudit } from '../harness/audit';
import { parseCorpus, parserByKey } from '../harness/parsers';
import { fmtMb, fmtRate, fmtRatio } from '../harness/stats';
import { defineRow, variant } from '../harness/types';
import { FLOOR_CORPUS, fastestParser } from './10-parse-floor';

const MAX_RATIO = 1.5;
const MAX_PEAK_MB = 300;

/** The audit against the floor parser, alternated, so the ratio is taken under the same drift. */
export default defineRow({
  id: 'audit',
  title: 'Audit of the 10k corpus against the parse floor',
  order: 20,
  variants: (earlier) => {
    const floorKey = fastestParser(earlier)?.key ?? 'js-yaml-4';
    const parser = parserByKey(floorKey);
    return [
      variant({
        key: 'audit',
        label: 'audit (auditPaths)',
        corpus: FLOOR_CORPUS,
        prepare: (ctx) => loadAudit(ctx),
        run: (ctx, auditPaths) => auditCorpus(ctx, auditPaths),
      }),
      variant({
        key: 'floor',
        label: `floor (${parser.label})`,
        corpus: FLOOR_CORPUS,
        prepare: () => parser.load(),
        run: (ctx, parse) => parseCorpus(ctx, parse),
      }),
    ];
  },
  summarize: ([audit, floor]) => {
    if (
      audit === undefined ||
      floor === undefined ||
      audit.unavailable !== undefined ||
      audit.runs.length === 0
    ) {
      return { lines: [`Audit not measured yet: ${audit?.unavailable ?? 'no runs'}.`], verdicts: [] };
    }
    const ratio = audit.medianMs / floor.medianMs;
    const peak = audit.peakMb ?? Number.NaN;
    return {
      lines: [
        `Audit ${fmtRate(audit.units, audit.medianMs)} workloads, ${fmtRatio(ratio)} the floor, peak ${fmtMb(peak)}.`,
      ],
      verdicts: [
        {
          target: `time <= ${MAX_RATIO}x the parse floor`,
          pass: ratio <= MAX_RATIO,
          detail: fmtRatio(ratio),
        },
        { target: `peak memory < ${MAX_PEAK_MB} MB`, pass: peak < MAX_PEAK_MB, detail: fmtMb(peak) },
      ],
    };
  },
});
