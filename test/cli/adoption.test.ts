import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli';
import { TempTree } from '../audit/temp-files';
import { fakeIo } from './fake-io';

const repo = join(__dirname, '..', '..');
const insecure = readFileSync(join(repo, 'examples', 'manifests', 'insecure.yaml'), 'utf8');
const secure = readFileSync(join(repo, 'examples', 'manifests', 'secure.yaml'), 'utf8');

async function cli(cwd: string, ...argv: string[]) {
  const { io, out, err } = fakeIo({ cwd });
  // Paths are typed relative to the directory the command runs in, as a user would.
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await run(['audit', ...argv], io);
    return { code, stdout: out(), stderr: err() };
  } finally {
    process.chdir(before);
  }
}

interface JsonReport {
  findings: { file: string; rule: string; severity: string }[];
  summary: { errors: number; warnings: number; files: number; skipped: number };
  inputs: { skipped: { file: string; reason: string }[] };
}
const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

describe('--exclude', () => {
  const tree = new TempTree();
  tree.write('k8s/app.yaml', secure);
  tree.write('k8s/vendor/agent.yaml', insecure);
  tree.write('k8s/legacy/old.yaml', insecure);
  afterAll(() => {
    tree.remove();
  });

  test('without it, the vendored and legacy workloads are judged (the control)', async () => {
    const result = await cli(tree.root, 'k8s', '--format', 'json');
    expect(result.code).toBe(1);
    expect(json(result.stdout).summary.files).toBe(3);
  });

  test('a name excludes that directory anywhere; a path with / is anchored at the working directory', async () => {
    const result = await cli(
      tree.root,
      'k8s',
      '--exclude',
      'vendor',
      '--exclude',
      'k8s/legacy/**',
      '--format',
      'json',
    );
    expect(result.code).toBe(0);
    expect(json(result.stdout).summary.files).toBe(1);
    // Anchored: `legacy/**` from the root matches nothing under k8s/.
    expect((await cli(tree.root, 'k8s', '--exclude', 'vendor', '--exclude', 'legacy/**')).code).toBe(1);
  });

  test('a file named on the command line under an excluded directory is excluded too', async () => {
    const result = await cli(tree.root, 'k8s/vendor/agent.yaml', 'k8s/app.yaml', '--exclude', 'vendor');
    expect(result.code).toBe(0);
  });
});

describe('files that are not manifests', () => {
  const tree = new TempTree();
  tree.write(
    'app/tsconfig.json',
    '{\n  // comments are fine for tsc\n  "compilerOptions": { "strict": true, },\n}\n',
  );
  tree.write('app/package.json', '{ "name": "app", "version": "1.0.0" }\n');
  tree.write('app/.github/workflows/ci.yml', 'on: push\njobs: {}\n');
  tree.write('app/renovate.json', '{ "extends": ["config:base"] }\n');
  tree.write('app/k8s/agent.yaml', insecure);
  afterAll(() => {
    tree.remove();
  });

  test('are skipped and counted; the manifests decide the exit code', async () => {
    const result = await cli(tree.root, 'app');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /note: skipped 3 files, not a Kubernetes manifest or Compose file: .*package\.json/,
    );
    expect(result.stderr).not.toMatch(/error:/);
    const report = json((await cli(tree.root, 'app', '--format', 'json')).stdout);
    expect(report.summary).toMatchObject({ files: 1, skipped: 3 });
  });

  test('--strict reads them all: the commented tsconfig.json is refused (exit 2)', async () => {
    const result = await cli(tree.root, 'app', '--strict');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tsconfig\.json:\d+: kubectl refuses this file/);
  });

  test('a file named on the command line is read as asked, even one that is not a manifest', async () => {
    const result = await cli(tree.root, 'app/tsconfig.json');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tsconfig\.json:\d+: kubectl refuses this file/);
  });

  test('a broken manifest is still refused: it names its kind', async () => {
    const broken = tree.write('broken/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec: [\n');
    const result = await cli(tree.root, broken);
    expect(result.code).toBe(2);
  });
});

describe('Helm charts and kustomizations', () => {
  const tree = new TempTree();
  tree.write('repo/chart/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
  tree.write('repo/chart/values.yaml', 'replicas: 1\n');
  tree.write(
    'repo/chart/templates/deployment.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n',
  );
  tree.write(
    'repo/overlays/prod/kustomization.yaml',
    'resources: [../../base]\npatches:\n  - path: ../../patches/env.yaml\n',
  );
  tree.write(
    'repo/patches/env.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env: [{name: A, value: b}]\n',
  );
  tree.write('repo/plain/app.yaml', secure);
  afterAll(() => {
    tree.remove();
  });

  test('a chart is not read as manifests: the note says how to render it into the audit', async () => {
    const result = await cli(tree.root, 'repo/chart');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /note: repo\/chart: a Helm chart \(its templates are not manifests\): audit its rendering, `helm template repo\/chart \| hardened-workloads audit -`: skipped/,
    );
  });

  test('in a tree: the chart and the kustomization are noted, the patch they name is skipped, the rest audited', async () => {
    const result = await cli(tree.root, 'repo', '--format', 'json');
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    expect(report.summary.files).toBe(1);
    expect(report.inputs.skipped.map((note) => [note.file, note.reason.slice(0, 20)])).toEqual([
      ['repo/chart', 'a Helm chart (its te'],
      ['repo/overlays/prod', 'a kustomization (its'],
      ['repo/patches/env.yaml', 'a kustomize patch (a'],
    ]);
  });

  test('the same patch file, named by no kustomization, is judged as a whole workload (the control)', async () => {
    const result = await cli(tree.root, 'repo/patches');
    expect(result.code).toBe(1);
  });

  test('--strict refuses charts and kustomizations (exit 2) with the command to use', async () => {
    const result = await cli(tree.root, 'repo', '--strict');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /error: repo\/chart: is a Helm chart \(its templates are not manifests\)\n {2}hint: audit its rendering, `helm template repo\/chart/,
    );
  });
});

describe('the config file', () => {
  const tree = new TempTree();
  tree.write('k8s/agent.yaml', insecure);
  tree.write('k8s/vendor/other.yaml', insecure);
  afterAll(() => {
    tree.remove();
  });

  test('.hardened-workloads.yaml in the working directory: excludes, rules off, severity set, noted on stderr', async () => {
    tree.write(
      '.hardened-workloads.yaml',
      'exclude: [vendor]\nrules:\n  image-tag-pinned: off\n  resource-limits: error\n',
    );
    const result = await cli(tree.root, 'k8s', '--format', 'json');
    const report = json(result.stdout);
    expect(report.summary.files).toBe(1);
    expect(report.findings.some((f) => f.rule === 'image-tag-pinned')).toBe(false);
    expect(report.findings.find((f) => f.rule === 'resource-limits')?.severity).toBe('error');
    expect(result.stderr).toMatch(
      /note: .*\.hardened-workloads\.yaml: rules off: image-tag-pinned; severity set: resource-limits=error/,
    );
  });

  test('without the file the same rules report at their own severity (the control)', async () => {
    const other = new TempTree();
    other.write('k8s/agent.yaml', insecure);
    const report = json((await cli(other.root, 'k8s', '--format', 'json')).stdout);
    other.remove();
    expect(report.findings.some((f) => f.rule === 'image-tag-pinned')).toBe(true);
    expect(report.findings.find((f) => f.rule === 'resource-limits')?.severity).toBe('warning');
  });

  test('flags win over the file', async () => {
    tree.write('.hardened-workloads.yaml', 'level: baseline\nformat: json\n');
    const fromFile = json((await cli(tree.root, 'k8s/agent.yaml')).stdout);
    expect(fromFile.findings.every((f) => !f.rule.startsWith('read-only'))).toBe(true);
    const table = await cli(tree.root, 'k8s/agent.yaml', '--level', 'hardened', '--format', 'table');
    expect(table.stdout).toMatch(/read-only-root-filesystem/);
  });

  test('an unknown key, a bad value or an unknown rule is exit 2 naming the file, line and key', async () => {
    tree.write('.hardened-workloads.yaml', 'level: hardened\nexcludes: [vendor]\n');
    const unknownKey = await cli(tree.root, 'k8s');
    expect(unknownKey.code).toBe(2);
    expect(unknownKey.stderr).toMatch(
      /\.hardened-workloads\.yaml:2: unknown key `excludes` in the config file \(field excludes\)\n {2}hint: the keys are level, /,
    );
    tree.write('.hardened-workloads.yaml', 'rules:\n  privilegd: off\n');
    expect((await cli(tree.root, 'k8s')).stderr).toMatch(/:2: unknown rule `privilegd`/);
    tree.write('.hardened-workloads.yaml', 'rules:\n  privileged: ignore\n');
    expect((await cli(tree.root, 'k8s')).stderr).toMatch(
      /rule `privileged` must be set to off, error, warning/,
    );
    tree.write('.hardened-workloads.yaml', 'strict: yes please\n');
    expect((await cli(tree.root, 'k8s')).stderr).toMatch(/`strict` must be true or false/);
  });

  test('--config names another file; a missing one is exit 2', async () => {
    tree.write('.hardened-workloads.yaml', '');
    tree.write('audit-ci.yaml', 'exclude: [vendor]\n');
    const report = json(
      (await cli(tree.root, 'k8s', '--config', 'audit-ci.yaml', '--format', 'json')).stdout,
    );
    expect(report.summary.files).toBe(1);
    // Its globs are relative to its own directory: from ci/, `k8s/vendor` is outside them.
    tree.write('ci/audit.yaml', 'exclude: [k8s/vendor]\n');
    const fromCi = json(
      (await cli(tree.root, 'k8s', '--config', 'ci/audit.yaml', '--format', 'json')).stdout,
    );
    expect(fromCi.summary.files).toBe(2);
    const missing = await cli(tree.root, 'k8s', '--config', 'ci/missing.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.yaml: cannot read the config file: ENOENT/);
  });
});
