import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import fc from 'fast-check';
import { ShopChart } from '../../examples/cdk8s/shop';
import { HardenedDeployment } from '../../src/cdk8s';
import { canonicalJson, readWithAudit } from './audit-reading';
import { readWithKubectl } from './kubectl-oracle';

/*
 * Issue 11 item 1: what cdk8s writes must read back, for kubectl, as the object the constructs
 * audited in memory (`chart.toJson()`). cdk8s writes strings with the `yaml` package, which leaves
 * a string plain when it can: a crafted prop is then YAML that kubectl may read as other keys.
 */

// CI replays one fixed sample (a landing must not depend on the draw); elsewhere each run draws anew,
// to find what the fixed sample misses. The seed is printed: ORACLE_SEED=<seed> replays any run.
const SEED = Number(process.env.ORACLE_SEED ?? (process.env.CI === 'true' ? 20261202 : Date.now() % 2 ** 31));
const RUNS = Number(process.env.ORACLE_CDK8S_RUNS ?? 400);

/** Characters that change how YAML is read, among ordinary ones. */
const hostileString = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    'y',
    'e',
    's',
    '0',
    '_',
    ' ',
    ':',
    '#',
    '-',
    '"',
    "'",
    '{',
    '&',
    '*',
    '!',
    '|',
    '>',
    '\t',
    '\n',
    '\r',
    '\u2028',
    '\u2029',
    '\u0085',
    '\uFEFF',
    ': ',
    ' #',
    '\nprivileged: true',
    '\u2028hostPID: true',
  ),
  maxLength: 12,
});

interface Props {
  readonly workingDir: string;
  readonly env: string;
  readonly arg: string;
  readonly annotation: string;
}

function synthDeployment(props: Props): unknown[] {
  const app = new App();
  const chart = new Chart(app, 'generated');
  new HardenedDeployment(chart, 'api', {
    metadata: { annotations: { note: props.annotation } },
    containers: [
      {
        name: 'api',
        image: 'registry.example.com/api:1.0.0',
        workingDir: `/srv/${props.workingDir}`,
        args: [props.arg],
        envVariables: { NOTE: kplus.EnvValue.fromValue(props.env) },
      },
    ],
  });
  // Testing.synth runs the constructs' validations (as `cdk8s synth` does) before rendering.
  return Testing.synth(chart) as unknown[];
}

interface Written {
  readonly audited: readonly unknown[];
  readonly yaml: string;
}

function compare(written: readonly Written[]): string[] {
  const kubectl = readWithKubectl(written.map((w) => w.yaml));
  const problems: string[] = [];
  written.forEach((w, i) => {
    const theirs = kubectl[i];
    const audited = canonicalJson(w.audited);
    if (theirs?.error !== undefined) {
      problems.push(`kubectl cannot read what cdk8s wrote (${theirs.error}): ${JSON.stringify(w.yaml)}`);
    } else if (canonicalJson(theirs?.docs) !== audited) {
      problems.push(`kubectl reads ${canonicalJson(theirs?.docs)} where the audit judged ${audited}`);
    }
    const ours = readWithAudit(w.yaml);
    if (ours.docs !== undefined && canonicalJson(ours.docs) !== audited) {
      problems.push(
        `the audit's reader reads ${canonicalJson(ours.docs)} where the constructs emitted ${audited}`,
      );
    }
  });
  return problems;
}

describe('cdk8s output reads back, for kubectl, as the object audited in memory', () => {
  test('the example shop app', () => {
    const app = new App();
    const chart = new ShopChart(app, 'shop');
    const audited = Testing.synth(chart) as unknown[];
    expect(compare([{ audited, yaml: Yaml.stringify(...audited) }])).toEqual([]);
  });

  test(`${RUNS} HardenedDeployments with generated string props`, () => {
    const samples = fc.sample(
      fc.record({
        workingDir: hostileString,
        env: hostileString,
        arg: hostileString,
        annotation: hostileString,
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const written: Written[] = [];
    let refusedAtSynth = 0;
    for (const props of samples) {
      let audited: unknown[];
      try {
        audited = synthDeployment(props);
      } catch {
        // The constructs refuse a string they cannot emit faithfully: nothing is written.
        refusedAtSynth++;
        continue;
      }
      written.push({ audited, yaml: Yaml.stringify(...audited) });
    }
    const problems = compare(written);
    process.stdout.write(
      `oracle cdk8s: seed ${SEED}, ${samples.length} prop sets: ${written.length} written, ` +
        `${refusedAtSynth} refused at synth, ${problems.length} disagreements\n`,
    );
    expect(problems.slice(0, 3)).toEqual([]);
    expect(written.length).toBeGreaterThan(0);
  });
});
