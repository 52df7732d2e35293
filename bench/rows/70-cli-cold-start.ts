import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fmtMs } from '../harness/stats';
import { defineRow, type RunContext, type Variant, variant } from '../harness/types';

/**
 * Timed from outside, spawn to exit: a cold start is everything the user waits for, module
 * loading included, which an in-process timer would miss.
 */
function cliArgv(ctx: RunContext): ReturnType<NonNullable<Variant['command']>> {
  const bin = join(ctx.repoRoot, 'bin', 'hardened-workloads.js');
  const file = ctx.corpus?.files[0];
  if (!existsSync(bin)) return { argv: [], unavailable: 'bin/hardened-workloads.js does not exist yet' };
  if (!existsSync(join(ctx.repoRoot, 'lib', 'cli', 'main.js'))) {
    return { argv: [], unavailable: 'lib/cli/main.js is not built (npm run build)' };
  }
  if (ctx.corpus === undefined || file === undefined) throw new Error('the CLI row needs a corpus file');
  // 1 means violations found, which this file holds on purpose; 2 (bad input) is a real failure.
  return { argv: [process.execPath, bin, 'audit', join(ctx.corpus.dir, file)], okExitCodes: [0, 1] };
}

export default defineRow({
  id: 'cli-cold-start',
  title: 'CLI cold start: hardened-workloads audit of one 100-workload file against node -e 0',
  order: 70,
  runs: 7,
  variants: [
    variant({ key: 'cli', label: 'hardened-workloads audit <one file>', corpus: 1_000, command: cliArgv }),
    variant({ key: 'node', label: 'node -e 0', command: () => ({ argv: [process.execPath, '-e', '0'] }) }),
  ],
  summarize: ([cli, node]) => {
    if (cli === undefined || node === undefined || cli.runs.length === 0) {
      return { lines: [`CLI not measured yet: ${cli?.unavailable ?? 'no runs'}.`], verdicts: [] };
    }
    return {
      lines: [
        `The CLI costs ${fmtMs(cli.medianMs - node.medianMs)} over a bare Node start (${fmtMs(node.medianMs)}).`,
      ],
      verdicts: [],
    };
  },
});
