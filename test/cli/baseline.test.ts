import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli';
import { TempTree } from '../audit/temp-files';
import { fakeIo } from './fake-io';

const repo = join(__dirname, '..', '..');
const insecure = readFileSync(join(repo, 'examples', 'manifests', 'insecure.yaml'), 'utf8');
const tree = new TempTree();
tree.write('vendor/agent.yaml', insecure);
afterAll(() => {
  tree.remove();
});

async function cli(...argv: string[]) {
  const { io, out, err } = fakeIo({ cwd: tree.root });
  const before = process.cwd();
  process.chdir(tree.root);
  try {
    const code = await run(['audit', ...argv], io);
    return { code, stdout: out(), stderr: err() };
  } finally {
    process.chdir(before);
  }
}

interface JsonReport {
  findings: { rule: string; status: string; message: string; acceptance?: { reason: string } }[];
  summary: { errors: number; warnings: number; accepted: number };
  inputs: { baseline?: { unmatched: { rule: string; line: number }[]; expired: number } };
}
const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

const REVIEW = [
  '--reason',
  'vendored CI agent, replaced by the hardened runner in Q3',
  '--approved-by',
  'platform-security',
  '--ticket',
  'SEC-42',
];

describe('--write-baseline and --baseline', () => {
  test('without a baseline the vendored agent fails (the control)', async () => {
    expect((await cli('vendor')).code).toBe(1);
  });

  test('--write-baseline writes one entry per violation, keyed without lines, and exits 0', async () => {
    const result = await cli(
      'vendor',
      '--write-baseline',
      'baseline.yaml',
      ...REVIEW,
      '--expires',
      '2099-01-01',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/baseline\.yaml: wrote 16 entries \(0 kept, 16 new\)\n$/);
    const text = readFileSync(tree.path('baseline.yaml'), 'utf8');
    expect(text).toMatch(
      /- file: vendor\/agent\.yaml\n {4}kind: Deployment\n {4}namespace: ci\n {4}name: build-agent\n {4}container: agent\n/,
    );
    expect(text).toMatch(/subject: SYS_ADMIN/);
    expect(text).not.toMatch(/^\s+line:/m);
  });

  test('with it every finding is ACCEPTED with its reason, none dropped, exit 0', async () => {
    const result = await cli('vendor', '--baseline', 'baseline.yaml', '--format', 'json');
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, accepted: 16 });
    expect(report.findings).toHaveLength(16);
    expect(report.findings.every((f) => f.status === 'accepted')).toBe(true);
    const table = await cli('vendor', '--baseline', 'baseline.yaml');
    expect(table.stdout).toMatch(
      /ACCEPTED +privileged +container "agent" must not set securityContext\.privileged=true: accepted: vendored CI agent, replaced by the hardened runner in Q3 \(SEC-42, approved by platform-security, expires 2099-01-01, baseline .*baseline\.yaml\)/,
    );
    expect(table.stdout).toMatch(/0 errors, 0 warnings, 0 justified, 16 accepted \(baseline\) in 1 workload/);
  });

  test('lines moving keep the acceptance; a new violation is not accepted', async () => {
    const moved = insecure.replace(
      'kind: Deployment',
      'kind: Deployment\n# a comment that moves every line\n',
    );
    tree.write('vendor/agent.yaml', moved.replace('hostPID: true', 'hostPID: true\n      hostNetwork: true'));
    const report = json((await cli('vendor', '--baseline', 'baseline.yaml', '--format', 'json')).stdout);
    expect(report.summary.accepted).toBe(16);
    expect(report.findings.filter((f) => f.status === 'violation').map((f) => f.rule)).toEqual([
      'host-namespaces',
    ]);
    tree.write('vendor/agent.yaml', insecure);
  });

  test('an entry of another container, subject or object does not accept (keys bite)', async () => {
    const text = readFileSync(tree.path('baseline.yaml'), 'utf8');
    tree.write(
      'other.yaml',
      text
        .replaceAll('container: agent', 'container: sidecar')
        .replace('subject: SYS_ADMIN', 'subject: NET_ADMIN'),
    );
    const report = json((await cli('vendor', '--baseline', 'other.yaml', '--format', 'json')).stdout);
    const accepted = report.findings.filter((f) => f.status === 'accepted').map((f) => f.rule);
    // Only the findings without a container are still accepted; the container's are violations again.
    expect(accepted).toContain('host-namespaces');
    expect(accepted).not.toContain('privileged');
    expect(accepted).not.toContain('capabilities-justified');
    expect(report.summary.errors).toBeGreaterThan(0);
    expect(report.inputs.baseline?.unmatched.length).toBe(16 - accepted.length);
  });

  test('an expired entry accepts nothing: the finding fails again and says so', async () => {
    const text = readFileSync(tree.path('baseline.yaml'), 'utf8');
    tree.write('expired.yaml', text.replaceAll('2099-01-01', '2020-01-01'));
    const result = await cli('vendor', '--baseline', 'expired.yaml', '--format', 'json');
    expect(result.code).toBe(1);
    const report = json(result.stdout);
    expect(report.summary.accepted).toBe(0);
    expect(report.inputs.baseline?.expired).toBe(16);
    expect(report.findings[0]?.message).toMatch(/its baseline entry expired on 2020-01-01: review it/);
    expect(result.stderr).toMatch(
      /error: .*expired\.yaml: 16 entries have expired: their findings fail again/,
    );
  });

  test('an unmatched entry is warned about with its line', async () => {
    const text = readFileSync(tree.path('baseline.yaml'), 'utf8');
    tree.write('stale.yaml', text.replace('name: build-agent', 'name: old-agent'));
    const result = await cli('vendor', '--baseline', 'stale.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /warning: .*stale\.yaml:5: the entry for host-namespaces on Deployment ci\/old-agent \(vendor\/agent\.yaml\) matched no finding: remove it/,
    );
  });

  test('entries are reviewed like justifications: empty, placeholder or unapproved entries are exit 2', async () => {
    await cli('vendor', '--write-baseline', 'unreviewed.yaml');
    const unreviewed = await cli('vendor', '--baseline', 'unreviewed.yaml');
    expect(unreviewed.code).toBe(2);
    expect(unreviewed.stderr).toMatch(
      /unreviewed\.yaml:\d+: `reason` must be a non-empty string \(field accepted\[0\]\.reason\)\n {2}hint: fill it in/,
    );
    const text = readFileSync(tree.path('baseline.yaml'), 'utf8');
    tree.write('todo.yaml', text.replace(/reason: .*/, 'reason: TODO fix this later please ok'));
    expect((await cli('vendor', '--baseline', 'todo.yaml')).stderr).toMatch(
      /baseline entry\.reason .* is a placeholder/,
    );
    tree.write('typo.yaml', text.replace('rule: ', 'rules: '));
    expect((await cli('vendor', '--baseline', 'typo.yaml')).stderr).toMatch(
      /unknown key `rules` in a baseline entry/,
    );
  });

  test('--write-baseline keeps the reviewed entries of the file it rewrites', async () => {
    const result = await cli('vendor', '--write-baseline', 'baseline.yaml');
    expect(result.stderr).toMatch(/wrote 16 entries \(16 kept, 0 new\)\n$/);
    expect(readFileSync(tree.path('baseline.yaml'), 'utf8')).toMatch(/reason: vendored CI agent/);
  });

  test('the config file names the baseline', async () => {
    tree.write('.hardened-workloads.yaml', 'baseline: baseline.yaml\n');
    const result = await cli('vendor');
    tree.write('.hardened-workloads.yaml', '');
    expect(result.code).toBe(0);
  });
});
