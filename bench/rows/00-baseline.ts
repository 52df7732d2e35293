import { defineRow, variant } from '../harness/types';

/**
 * What a child costs before any work: Node plus the TypeScript loader. Every peak-memory figure
 * below includes this, so the audit's own share is its peak minus this one.
 */
export default defineRow({
  id: 'harness-baseline',
  title: 'Harness baseline: an empty child process',
  order: 0,
  variants: [
    variant({
      key: 'empty',
      label: 'empty child (node --require tsx/cjs)',
      run: () => Promise.resolve({}),
    }),
  ],
  summarize: (measured) => ({
    lines: [
      `Peak RSS of an idle child: ${measured[0]?.peakMb?.toFixed(0) ?? '-'} MB, included in every peak below.`,
    ],
    verdicts: [],
  }),
});
