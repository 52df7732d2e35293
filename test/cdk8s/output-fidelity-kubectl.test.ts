import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import fc from 'fast-check';
import { ShopChart } from '../../examples/cdk8s/shop';
import { firstDifference } from '../../src/audit/kubectl-decoder-reading';
import { readManifestText } from '../../src/audit/read-file';
import { readAsKubectl } from '../../src/audit/wasm/kubernetes-reader';
import { HardenedDeployment } from '../../src/cdk8s';

/*
 * The output-fidelity guarantee (issue 27 item 5), proven against kubectl's own decoder (the
 * shipped WebAssembly build of apimachinery + sigs.k8s.io/yaml): what cdk8s writes, read as kubectl
 * reads it, equals what the constructs audited in memory, and the audit's own reader reads the
 * same. Strings are drawn to be hostile to YAML (line breaks js-yaml does not see, indicators,
 * `: `, ` #`); a string the constructs cannot emit faithfully is refused at synth.
 */

const SEED = 20261208;
const RUNS = 200;

/** Characters that change how YAML is read, among ordinary ones. */
const hostileString = fc.string({
  unit: fc.constantFrom(
    'a',
    'y',
    's',
    '0',
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
    '\\',
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

/** Where kubectl's reading, or the audit's, of what cdk8s wrote differs from what was audited. */
function problemsOf(audited: readonly unknown[]): string[] {
  const yaml = Yaml.stringify(...audited);
  const kubectl = readAsKubectl(yaml);
  if (kubectl.error !== undefined)
    return [`kubectl cannot read what cdk8s wrote (${kubectl.error}): ${JSON.stringify(yaml)}`];
  const sent = kubectl.documents.filter((document) => document !== null);
  const path = firstDifference(JSON.parse(JSON.stringify(audited)), sent, []);
  const problems =
    path === undefined
      ? []
      : [`kubectl reads ${path.join('.')} differently from what was audited: ${JSON.stringify(yaml)}`];
  const ours = [...readManifestText('generated.yaml', yaml)].map(
    (item) => item.document?.value ?? item.error?.message,
  );
  const ourPath = firstDifference(sent, ours, []);
  if (ourPath !== undefined)
    problems.push(`the audit reads ${ourPath.join('.')} differently from kubectl: ${JSON.stringify(yaml)}`);
  return problems;
}

describe("cdk8s output reads back, for kubectl's own decoder, as the object audited in memory", () => {
  test('the example shop app', () => {
    const chart = new ShopChart(new App(), 'shop');
    expect(problemsOf(Testing.synth(chart) as unknown[])).toEqual([]);
  });

  test(`${RUNS} HardenedDeployments with hostile string props`, () => {
    const samples = fc.sample(
      fc.record({
        workingDir: hostileString,
        env: hostileString,
        arg: hostileString,
        annotation: hostileString,
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const problems: string[] = [];
    let written = 0;
    for (const props of samples) {
      let audited: unknown[];
      try {
        audited = synthDeployment(props);
      } catch {
        continue; // refused at synth: nothing is written
      }
      written++;
      problems.push(...problemsOf(audited));
    }
    expect(problems.slice(0, 3)).toEqual([]);
    // Not vacuous: the constructs refuse most hostile draws at synth, but many are written and compared.
    expect(written).toBeGreaterThanOrEqual(10);
  });

  test('the comparison bites: a string kubectl reads as other keys is caught', () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\u2028hostPID: true\n';
    const sent = readAsKubectl(yaml).documents;
    expect(
      firstDifference(
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a\u2028hostPID: true' } },
        sent[0],
        [],
      ),
    ).toBeDefined();
  });
});
