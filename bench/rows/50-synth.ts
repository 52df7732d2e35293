import { hardenedKit, plainKit, synthesize } from '../harness/synth';
import { fmtRatio } from '../harness/stats';
import { defineRow, type Measured, variant } from '../harness/types';

const MAX_RATIO = 1.3;
const LAYOUTS = [
  { key: '1-chart', charts: 1 },
  { key: '1000-charts', charts: 1000 },
] as const;

export default defineRow({
  id: 'synth',
  title: 'cdk8s synth: 1,000 HardenedDeployment against 1,000 plain cdk8s-plus-28 Deployment',
  order: 50,
  variants: LAYOUTS.flatMap(({ key, charts }) => [
    variant({
      key: `hardened-${key}`,
      label: `HardenedDeployment, ${key}`,
      prepare: (ctx) => hardenedKit(ctx),
      run: (_ctx, kit) => synthesize(kit, charts),
    }),
    variant({
      key: `plain-${key}`,
      label: `plain Deployment, ${key}`,
      prepare: () => plainKit(),
      run: (_ctx, kit) => synthesize(kit, charts),
    }),
  ]),
  summarize: (measured) => {
    const byKey = new Map<string, Measured>(measured.map((m) => [m.key, m]));
    const lines: string[] = [];
    const verdicts = [];
    for (const { key } of LAYOUTS) {
      const hardened = byKey.get(`hardened-${key}`);
      const plain = byKey.get(`plain-${key}`);
      if (hardened?.timedOutMs !== undefined && hardened.runs.length === 0) {
        verdicts.push({
          target: `synth ${key} <= ${MAX_RATIO}x plain`,
          pass: false,
          detail: 'a run timed out',
        });
        continue;
      }
      if (hardened === undefined || plain === undefined || hardened.runs.length === 0) {
        lines.push(`${key}: HardenedDeployment not measured yet (${hardened?.unavailable ?? 'no runs'}).`);
        continue;
      }
      const ratio = hardened.medianMs / plain.medianMs;
      verdicts.push({
        target: `synth ${key} <= ${MAX_RATIO}x plain`,
        pass: ratio <= MAX_RATIO,
        detail: fmtRatio(ratio),
      });
    }
    return { lines, verdicts };
  },
});
