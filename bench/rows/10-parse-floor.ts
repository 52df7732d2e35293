import { PARSERS, parseCorpus } from '../harness/parsers';
import { fmtMs, fmtRatio } from '../harness/stats';
import { defineRow, type Measured, variant } from '../harness/types';

export const FLOOR_CORPUS = 10_000;

/** The floor is whichever parser was fastest on this machine, not a parser chosen in advance. */
export function fastestParser(earlier: Record<string, Measured[]>): Measured | undefined {
  return (earlier['parse-floor'] ?? [])
    .filter((m) => m.unavailable === undefined && m.runs.length > 0)
    .reduce<Measured | undefined>(
      (best, m) => (best === undefined || m.medianMs < best.medianMs ? m : best),
      undefined,
    );
}

export default defineRow({
  id: 'parse-floor',
  title: 'Parse floor: YAML parsers over the 10k corpus, one file at a time',
  order: 10,
  variants: PARSERS.map((parser) =>
    variant({
      key: parser.key,
      label: parser.label,
      corpus: FLOOR_CORPUS,
      prepare: () => parser.load(),
      run: (ctx, parse) => parseCorpus(ctx, parse),
    }),
  ),
  adaptive: {
    budgetMs: 25_000,
    minRuns: 1,
    exemptFastest: true,
    why: 'a parser several times slower than the fastest cannot be the floor; its figure is context only',
  },
  summarize: (measured, earlier) => {
    const floor = fastestParser({ ...earlier, 'parse-floor': measured });
    if (floor === undefined) return { lines: ['No parser ran.'], verdicts: [] };
    return {
      lines: [
        `Floor = ${floor.label}: ${fmtMs(floor.medianMs)} for the 10k corpus.`,
        ...measured
          .filter((m) => m !== floor && m.runs.length > 0)
          .map((m) => `${m.label}: ${fmtRatio(m.medianMs / floor.medianMs)} the floor.`),
      ],
      verdicts: [],
    };
  },
});
