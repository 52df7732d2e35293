import { join } from 'node:path';
import { run } from '../../src/cli';
import { ALL_RULES } from '../../src/rules';
import { TempTree } from '../audit/temp-files';
import type { CapturedRun } from './fake-io';
import { fakeIo } from './fake-io';

const repo = join(__dirname, '..', '..');
const example = (name: string) => join('examples', 'manifests', name);
const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

async function cli(argv: string[], options: Parameters<typeof fakeIo>[0] = {}): Promise<CapturedRun> {
  const { io, out, err } = fakeIo({ cwd: repo, ...options });
  const code = await run(argv, io);
  return { code, stdout: out(), stderr: err() };
}

// Paths in the examples are relative to the repository root, as a user would type them.
beforeAll(() => {
  process.chdir(repo);
});

describe('hardened-workloads audit', () => {
  test('the secure example passes the hardened level with no finding', async () => {
    const result = await cli(['audit', example('secure.yaml')]);
    expect(result).toEqual({
      code: 0,
      stdout:
        '0 errors, 0 warnings, 0 justified in 1 workload from 1 file [level hardened, Pod Security v1.35, production]\n',
      stderr: '',
    });
  });

  test('the insecure example fails with several rules, grouped under its resource, one line each', async () => {
    const result = await cli(['audit', example('insecure.yaml')]);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('examples/manifests/insecure.yaml:3 Deployment build-agent (namespace ci)');
    expect(result.stdout).toMatch(
      /^ +22 {2}ERROR {6}privileged +container "agent" must not set securityContext\.privileged=true$/m,
    );
    expect(result.stdout).toMatch(/^ +17 {2}ERROR {6}host-namespaces +pod must not set hostPID=true$/m);
    expect(result.stdout).toMatch(/^ +33 {2}ERROR {6}no-container-runtime-socket /m);
    expect(result.stdout).toMatch(/\n\d+ errors, 3 warnings, 0 justified in 1 workload from 1 file /);
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  test('the justified example lists its justified finding and exits 0', async () => {
    const result = await cli(['audit', example('justified.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /JUSTIFIED +service-account-token +pod .*: justified: the proxy discovers its backends through the Kubernetes EndpointSlice API \(SEC-123\)/,
    );
    expect(result.stdout).toMatch(/0 errors, 0 warnings, 1 justified in 1 workload/);
  });

  test('a justified add-back that cannot take effect is an error with the working alternative, exit 1', async () => {
    const result = await cli(['audit', example('no-op-add-back.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/JUSTIFIED +capabilities-justified +container "proxy"/);
    expect(result.stdout).toMatch(
      /ERROR +capability-add-back-ineffective +container "proxy" adds capability "NET_BIND_SERVICE", which cannot take effect: .*CapEff 0.*net\.ipv4\.ip_unprivileged_port_start/,
    );
    expect(result.stdout).toMatch(/1 error, 0 warnings, 1 justified in 1 workload/);
  });

  test("the seed's Compose example passes the hardened level", async () => {
    const result = await cli(['audit', example('compose.yaml'), '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      findings: { severity: string }[];
      summary: { errors: number };
    };
    expect(report.summary.errors).toBe(0);
    expect(report.findings.every((f) => f.severity === 'warning')).toBe(true);
  });

  test('--fail-on warning fails on warnings alone', async () => {
    expect((await cli(['audit', example('compose.yaml')])).code).toBe(0);
    expect((await cli(['audit', example('compose.yaml'), '--fail-on', 'warning'])).code).toBe(1);
    expect((await cli(['audit', example('secure.yaml'), '--fail-on', 'warning'])).code).toBe(0);
  });

  test('--level and --pss-version select the rules', async () => {
    const json = async (...args: string[]) =>
      JSON.parse((await cli(['audit', example('insecure.yaml'), '--format', 'json', ...args])).stdout) as {
        findings: { rule: string; level: string }[];
        summary: { level: string; pssVersion: string };
      };
    const baseline = await json('--level', 'baseline', '--pss-version', 'v1.28');
    expect(baseline.summary).toMatchObject({ level: 'baseline', pssVersion: 'v1.28' });
    expect(baseline.findings.every((f) => f.level === 'baseline')).toBe(true);
    expect(baseline.findings.map((f) => f.rule)).toContain('privileged');
    const hardened = await json();
    expect(hardened.findings.length).toBeGreaterThan(baseline.findings.length);
  });

  test('--format json prints one object with the documented finding fields', async () => {
    const result = await cli(['audit', example('insecure.yaml'), '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    for (const finding of report.findings) {
      expect(Object.keys(finding)).toEqual(
        expect.arrayContaining([
          'file',
          'kind',
          'name',
          'namespace',
          'container',
          'rule',
          'pssCheck',
          'severity',
          'status',
          'message',
          'path',
          'line',
        ]),
      );
    }
    expect(report.findings[0]).toMatchObject({
      file: 'examples/manifests/insecure.yaml',
      kind: 'Deployment',
      name: 'build-agent',
      namespace: 'ci',
      status: 'violation',
    });
    expect(report.findings.find((f) => f.rule === 'host-namespaces')).toMatchObject({
      pssCheck: 'hostNamespaces',
      container: null,
      line: 17,
      path: 'spec.template.spec.hostPID',
    });
    expect(report.summary).toMatchObject({ level: 'hardened', workloads: 1, files: 1, warnings: 3 });
  });

  test('colour only on a terminal, and never with NO_COLOR', async () => {
    const args = ['audit', example('insecure.yaml')];
    expect((await cli(args, { tty: true })).stdout).toMatch(/\u001b\[31m/);
    expect((await cli(args, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
    expect((await cli(args, { tty: false })).stdout).not.toMatch(/\u001b\[/);
  });

  test('skipped documents are noted on stderr, findings stay on stdout', async () => {
    const file = tree.write('mixed.yaml', 'kind: ConfigMap\nmetadata:\n  name: a\n---\nkind: Service\n');
    const result = await cli(['audit', file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('note: skipped 2 documents that hold no workload: ConfigMap, Service\n');
  });

  test.each([
    [['audit'], /audit needs at least one file or directory/],
    [
      ['audit', 'x.yaml', '--level', 'paranoid'],
      /--level must be one of baseline, restricted, hardened; got "paranoid"/,
    ],
    [['audit', 'x.yaml', '--format', 'xml'], /--format must be one of table, json, sarif/],
    [['audit', 'x.yaml', '--pss-version', '2.0'], /--pss-version must look like v1.30/],
    [['audit', 'x.yaml', '--pss-version', 'v1.99'], /newer than the newest implemented version/],
    [['audit', 'x.yaml', '--max-file-size', 'big'], /--max-file-size must be a size/],
    [['audit', 'x.yaml', '--levle', 'baseline'], /Unknown option '--levle'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('usage error %j exits 2 with a message and the usage', async (argv, message) => {
    const result = await cli(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Usage: hardened-workloads/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('bad input exits 2 naming the file, line and column, with a hint and no stack trace', async () => {
    const file = tree.write('broken.yaml', 'kind: Pod\nspec:\n  containers: [\n');
    const result = await cli(['audit', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^error: ${file}:3: kubectl refuses this file: error parsing ${file}: `, 'm'),
    );
    expect(result.stderr).toMatch(/^ {2}hint: fix the YAML there: kubectl cannot apply the file as it is$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('a Compose file with an unknown key exits 2 naming the line', async () => {
    const file = tree.write('compose.yaml', 'services:\n  api:\n    image: app:1.0\n    read_onyl: true\n');
    const result = await cli(['audit', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^error: ${file}:4: .*read_onyl`, 'm'));
  });

  test('an unexpected failure is one line and a hint, exit 2, no stack trace', async () => {
    const { io, err } = fakeIo({ cwd: repo });
    const broken = {
      ...io,
      stdout: {
        write: () => {
          throw new Error('EPIPE: broken pipe\n    at Socket.write');
        },
      },
    };
    expect(await run(['audit', example('secure.yaml')], broken)).toBe(2);
    expect(err()).toBe(
      'error: unexpected failure: EPIPE: broken pipe\n' +
        '  hint: this is a bug in hardened-workloads; please report it with the command and the input that caused it\n',
    );
  });

  test('a missing path exits 2', async () => {
    const result = await cli(['audit', 'no/such/dir']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: no\/such\/dir: no such file or directory$/m);
  });

  test('--max-file-size lowers and raises the cap', async () => {
    const file = tree.write('small.yaml', `# ${'x'.repeat(3000)}\nkind: ConfigMap\n`);
    const refused = await cli(['audit', file, '--max-file-size', '1KiB']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/over the 1 KiB limit/);
    expect((await cli(['audit', file, '--max-file-size', '1MiB'])).code).toBe(0);
  });
});

describe('hardened-workloads rules, explain, help, version', () => {
  test('rules lists every rule, and --level narrows the list', async () => {
    const all = await cli(['rules']);
    expect(all.code).toBe(0);
    for (const rule of ALL_RULES) expect(all.stdout).toContain(rule.id);
    const baseline = await cli(['rules', '--level', 'baseline']);
    expect(baseline.stdout).toMatch(
      /^privileged +baseline +error +privileged +Containers are not privileged$/m,
    );
    expect(baseline.stdout).not.toMatch(/read-only-root-filesystem/);
  });

  test('explain prints everything about a rule, with its docs anchor', async () => {
    const result = await cli(['explain', 'privileged']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^privileged: Containers are not privileged/);
    for (const heading of [
      'Level',
      'Restricted fields',
      'Allowed values',
      'Why',
      'Fix',
      'Example',
      'Documentation',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^${heading}$`, 'm'));
    }
    expect(result.stdout).toContain('docs/rules.md#privileged');
    expect(result.stdout).toContain('privileged (high risk: needs approvedBy)');
    // The exemption to write, as the construct and component errors show it.
    expect(result.stdout).toContain(
      "e.g. { kind: 'privileged', justification: { reason: '…', approvedBy: '…' } }",
    );
  });

  test('explain of an unknown rule exits 2 and suggests close ids', async () => {
    const result = await cli(['explain', 'privilege']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no rule "privilege"; did you mean .*privileged/);
  });

  test('--help for every command, and --version', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/Commands:\n {2}audit/);
    for (const command of ['audit', 'rules', 'explain', 'checklist']) {
      const help = await cli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: hardened-workloads ${command}`));
    }
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect((await cli([])).code).toBe(2);
  });
});

describe('hardened-workloads checklist', () => {
  test('answers the checklist in Markdown and JSON', async () => {
    const markdown = await cli(['checklist', example('secure.yaml')]);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^# Runtime security decision checklist/);
    const json = await cli(['checklist', example('insecure.yaml'), '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toBeInstanceOf(Object);
  });

  test('bad input exits 2', async () => {
    const result = await cli(['checklist', 'no/such/file.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no such file or directory/);
  });
});
