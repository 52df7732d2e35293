import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Real binaries from test/adoption/run.sh (built from the Go module proxy); the package never needs them.
const helm = process.env.ADOPTION_HELM ?? '';
const kustomize = process.env.ADOPTION_KUSTOMIZE ?? '';
const repo = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures');
const bin = join(repo, 'bin', 'hardened-workloads.js');

beforeAll(() => {
  if (helm === '' || kustomize === '') throw new Error('run this tier with bash test/adoption/run.sh');
});

/** A shell pipeline run in the fixtures directory, `$HW` standing for the CLI. */
function shell(script: string, options: { pipefail?: boolean } = {}) {
  const result = spawnSync(
    'bash',
    ['-c', `${options.pipefail === false ? '' : 'set -o pipefail; '}${script}`],
    {
      cwd: fixtures,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HELM: helm, KUSTOMIZE: kustomize, HW: `${process.execPath} ${bin}` },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  findings: { file: string; line: number; rule: string; name: string }[];
  summary: { errors: number; workloads: number; skipped: number; refused: number };
}

describe('helm template | hardened-workloads audit -', () => {
  test('the chart with its hardened defaults passes; its Service is skipped as no workload', () => {
    const result = shell('"$HELM" template rel chart/web | $HW audit - --format json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.summary).toMatchObject({ errors: 0, workloads: 1, skipped: 1, refused: 0 });
  });

  test('--set privileged=true is caught, at the line of the rendered stream that sets it', () => {
    const rendered = shell('"$HELM" template rel chart/web --set privileged=true');
    expect(rendered.code).toBe(0);
    const result = shell('"$HELM" template rel chart/web --set privileged=true | $HW audit - --format json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    const privileged = report.findings.find((finding) => finding.rule === 'privileged');
    expect(privileged).toMatchObject({ file: '<stdin>', name: 'rel-web' });
    expect(rendered.stdout.split('\n')[(privileged?.line ?? 0) - 1]).toMatch(/^\s+privileged: true$/);
  });

  test('the table names <stdin> and the rendered lines', () => {
    const result = shell('"$HELM" template rel chart/web --set privileged=true | $HW audit -');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^<stdin>:\d+ Deployment rel-web$/m);
    expect(result.stdout).toMatch(/^ +\d+ {2}ERROR +privileged /m);
  });

  test('a chart that fails to render pipes nothing: exit 2, even in a shell without pipefail', () => {
    const result = shell('"$HELM" template rel chart/missing | $HW audit -', { pipefail: false });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/<stdin>: standard input is empty: did the command before the pipe fail\?/);
  });
});

describe('kustomize build | hardened-workloads audit -', () => {
  test('the base builds to a hardened Deployment (the control)', () => {
    const result = shell('"$KUSTOMIZE" build kustomize/base | $HW audit -');
    expect(result.stderr).not.toMatch(/error:|note:/);
    expect(result.code).toBe(0);
  });

  test("the prod overlay's patch adds SYS_PTRACE: only the build shows it, and the audit reports it", () => {
    const result = shell('"$KUSTOMIZE" build kustomize/overlays/prod | $HW audit - --format json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings.map((finding) => finding.rule).sort()).toEqual([
      'capabilities-justified',
      'capabilities-restricted',
      // The container runs as a non-root user: the add-back only reaches the bounding set.
      'capability-add-back-ineffective',
    ]);
    expect(report.findings.every((finding) => finding.file === '<stdin>' && finding.name === 'api')).toBe(
      true,
    );
  });
});

describe('the source tree audited as it stands', () => {
  test('charts and kustomizations are noted with their render commands; no template is parsed, no patch judged', () => {
    const result = shell('$HW audit .');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /note: chart\/web: a Helm chart .*`helm template chart\/web \| hardened-workloads audit -`/,
    );
    expect(result.stderr).toMatch(
      /note: kustomize\/overlays\/prod: a kustomization .*`kubectl kustomize kustomize\/overlays\/prod/,
    );
    expect(result.stderr).not.toMatch(/error:/);
  });

  test('the notes give commands that work: run as printed, they audit the renderings', () => {
    const notes = shell('$HW audit .').stderr;
    const commands = [
      ...notes.matchAll(/`((?:helm template|kubectl kustomize) [^`|]+)\| hardened-workloads audit -`/g),
    ].map((match) => (match[1] ?? '').trim());
    expect(commands).toHaveLength(3);
    for (const command of commands) {
      const real = command.replace(/^helm/, '"$HELM"').replace(/^kubectl kustomize/, '"$KUSTOMIZE" build');
      expect(shell(`${real} | $HW audit - --fail-on none`).code).toBe(0);
    }
  });

  test('--strict refuses them instead (exit 2)', () => {
    const result = shell('$HW audit . --strict');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: chart\/web: is a Helm chart/);
  });
});
