import { join } from 'node:path';
import { run } from '../../src/cli';
import { TempTree } from '../audit/temp-files';
import { fakeIo } from './fake-io';

const repo = join(__dirname, '..', '..');
const insecure = join('examples', 'manifests', 'insecure.yaml');
const compose = join('examples', 'manifests', 'compose.yaml');
const tree = new TempTree();
const broken = tree.write('broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: [\n');
afterAll(() => {
  tree.remove();
});

async function cli(...argv: string[]) {
  const { io, out, err } = fakeIo({ cwd: repo });
  let order = '';
  const traced = {
    ...io,
    stdout: { write: (text: string) => ((order += 'o'), io.stdout.write(text)) },
    stderr: { write: (text: string) => ((order += text.length > 0 ? 'e' : ''), io.stderr.write(text)) },
  };
  const code = await run(argv, traced);
  return { code, stdout: out(), stderr: err(), order };
}

interface JsonReport {
  findings: { rule: string }[];
  summary: { errors: number; refused: number };
  inputs: { refused: { file: string; line: number; problem: string; hint: string }[] };
}

interface Sarif {
  runs: {
    results: unknown[];
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: {
        level: string;
        message: { text: string };
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string };
            region: { startLine: number; startColumn?: number };
          };
        }[];
      }[];
    }[];
  }[];
}

describe('a refused input never hides the findings of the rest', () => {
  test('table: the findings are printed, the refusal first on stderr, the summary says the audit is incomplete, exit 2', async () => {
    const result = await cli('audit', insecure, broken);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/ERROR +privileged /);
    expect(result.stderr).toMatch(/broken\.yaml:\d+: kubectl refuses this file/);
    expect(result.stdout).toMatch(/^1 input refused, the audit is incomplete; 13 errors, /m);
    expect(result.stdout).not.toMatch(/^0 errors/m);
    // stderr (the refusal) is written before stdout (the table and its summary).
    expect(result.order).toBe('eo');
  });

  test('a refusal alone: the summary does not start with "0 errors"', async () => {
    const result = await cli('audit', 'examples/manifests/secure.yaml', broken);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^1 input refused, the audit is incomplete; 0 errors/m);
  });

  test('JSON lists the refused files with their cause and counts them', async () => {
    const result = await cli('audit', insecure, broken, '--format', 'json');
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.summary).toMatchObject({ errors: 13, refused: 1 });
    expect(report.inputs.refused).toHaveLength(1);
    expect(report.inputs.refused[0]).toMatchObject({ file: broken, line: 3 });
    expect(report.inputs.refused[0]?.problem).toMatch(/^kubectl refuses this file/);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  test('JSON and SARIF are written even when nothing could be read', async () => {
    const json = await cli('audit', 'missing.yaml', '--format', 'json');
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as JsonReport).inputs.refused[0]).toMatchObject({
      file: 'missing.yaml',
      problem: 'no such file or directory',
    });
    const table = await cli('audit', 'missing.yaml');
    expect(table.stdout).toBe('');
  });

  test('SARIF: executionSuccessful is false with a notification per refused file', async () => {
    const result = await cli('audit', insecure, broken, '--format', 'sarif');
    expect(result.code).toBe(2);
    const sarif = JSON.parse(result.stdout) as Sarif;
    const [run] = sarif.runs;
    expect(run?.results.length).toBeGreaterThan(0);
    const invocation = run?.invocations[0];
    expect(invocation?.executionSuccessful).toBe(false);
    const notifications = invocation?.toolExecutionNotifications ?? [];
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.level).toBe('error');
    expect(notifications[0]?.message.text).toMatch(/kubectl refuses this file.*; fix the YAML there/);
    expect(notifications[0]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 3 });
    expect(notifications[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/broken\.yaml$/);
  });

  test('SARIF of a clean run: executionSuccessful true and no notification (the control)', async () => {
    const result = await cli('audit', insecure, '--format', 'sarif');
    const invocation = (JSON.parse(result.stdout) as Sarif).runs[0]?.invocations[0];
    expect(invocation).toEqual({ executionSuccessful: true });
  });
});

describe('--quiet and --fail-on', () => {
  test('--quiet --fail-on warning prints the warning rows that cause exit 1', async () => {
    const result = await cli('audit', compose, '--quiet', '--fail-on', 'warning');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/WARNING /);
    expect(result.stdout).toMatch(/warnings by rule: /);
  });

  test('--quiet alone hides the warning rows, which do not fail (the control)', async () => {
    const result = await cli('audit', compose, '--quiet');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/WARNING /);
  });

  test('--fail-on none reports the findings and exits 0, but a refusal still exits 2', async () => {
    const result = await cli('audit', insecure, '--fail-on', 'none');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ERROR +privileged /);
    expect((await cli('audit', insecure, broken, '--fail-on', 'none')).code).toBe(2);
  });
});
