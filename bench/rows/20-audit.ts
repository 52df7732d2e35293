import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditCorpus, loadAudit } from '../harness/audit';
import { loadOptional } from '../harness/optional';
import { parseCorpus, parserByKey } from '../harness/parsers';
import { fmtMb, fmtRate, fmtRatio } from '../harness/stats';
import { defineRow, variant } from '../harness/types';
import { FLOOR_CORPUS, fastestParser } from './10-parse-floor';

const MAX_RATIO = 1.5;
const MAX_PEAK_MB = 300;
/** The share of the corpus kubectl's decoder reads: it is about ten times slower than the floor. */
const DECODER_FILES = 10;

type ReadAsKubectl = (file: string) => { documents: readonly unknown[] };

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
      variant({
        key: 'kubectl-decoder',
        label: `kubectl's decoder (WebAssembly), first ${DECODER_FILES} files`,
        corpus: FLOOR_CORPUS,
        runs: 3,
        runsWhy: "context only (files outside the fast path's subset): the decoder is about ten times slower",
        prepare: (ctx) => {
          const read = loadOptional(
            join(ctx.repoRoot, 'src', 'audit', 'wasm', 'kubernetes-reader'),
            'readAsKubectl',
          );
          if (typeof read !== 'function')
            throw new Error('src/audit/wasm/kubernetes-reader exports no readAsKubectl');
          // Loading the module is not timed: a cold start pays it once.
          (read as ReadAsKubectl)('a: 1\n');
          return Promise.resolve(read as ReadAsKubectl);
        },
        run: async (ctx, read) => {
          if (ctx.corpus === undefined) throw new Error('the decoder needs a corpus');
          const files = ctx.corpus.files.slice(0, DECODER_FILES);
          let documents = 0;
          for (const file of files)
            documents += read(readFileSync(join(ctx.corpus.dir, file), 'utf8')).documents.length;
          await Promise.resolve();
          return {
            units: (ctx.corpus.workloads * files.length) / ctx.corpus.files.length,
            check: `${documents} documents`,
          };
        },
      }),
    ];
  },
  summarize: ([audit, floor, decoder]) => {
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
        decoder === undefined || decoder.runs.length === 0
          ? `kubectl's decoder (WebAssembly) not measured: ${decoder?.unavailable ?? 'no runs'}.`
          : `kubectl's decoder (WebAssembly, for files outside the subset): ${fmtRate(decoder.units, decoder.medianMs)} workloads, ${fmtRatio(decoder.units === undefined || floor.units === undefined ? Number.NaN : decoder.medianMs / decoder.units / (floor.medianMs / floor.units))} the floor per workload.`,
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
