import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { run } from '../../src/cli';
import { TempTree } from '../audit/temp-files';
import { fakeIo } from './fake-io';

const repo = join(__dirname, '..', '..');
const insecure = readFileSync(join(repo, 'examples', 'manifests', 'insecure.yaml'), 'utf8');
const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

interface Action {
  runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string> }[] };
  inputs: Record<string, unknown>;
}
const action = parse(readFileSync(join(repo, 'action.yml'), 'utf8')) as Action;
const hooks = parse(readFileSync(join(repo, '.pre-commit-hooks.yaml'), 'utf8')) as {
  id: string;
  entry: string;
  language: string;
}[];

async function cli(...argv: string[]) {
  const { io, out, err } = fakeIo({ cwd: tree.root });
  const code = await run(['audit', ...argv], io);
  return { code, stdout: out(), stderr: err() };
}

describe('the GitHub Action (action.yml)', () => {
  test('is composite, installs from its own pinned checkout with npm ci, and never fetches by name', () => {
    expect(action.runs.using).toBe('composite');
    const scripts = action.runs.steps.map((step) => step.run ?? '').join('\n');
    expect(scripts).toMatch(/npm ci --prefix "\$GITHUB_ACTION_PATH"/);
    expect(scripts).not.toMatch(/npx|npm (install|i) |npm exec/);
    // Inputs reach scripts through env only: `${{ inputs.x }}` inside a script is a shell injection.
    expect(scripts).not.toMatch(/\$\{\{/);
  });

  test('its audit step runs the CLI and reports the exit code and the report file', () => {
    // The step by its id: never the install step, which would run npm ci in this checkout.
    const step = action.runs.steps.find((candidate) => candidate.id === 'audit');
    expect(step?.run).not.toMatch(/npm ci/);
    const file = tree.write('k8s/agent.yaml', insecure);
    const outputs = tree.path('github-output');
    const result = spawnSync('bash', ['-c', step?.run ?? 'exit 99'], {
      cwd: tree.root,
      encoding: 'utf8',
      timeout: 50_000,
      env: {
        PATH: process.env.PATH,
        GITHUB_ACTION_PATH: repo,
        GITHUB_OUTPUT: outputs,
        HW_PATHS: file,
        HW_FORMAT: 'sarif',
        HW_OUTPUT: tree.path('out.sarif'),
        HW_ARGS: '--level restricted',
      },
    });
    expect(result.status).toBe(1);
    const sarif = JSON.parse(readFileSync(tree.path('out.sarif'), 'utf8')) as {
      runs: { results: unknown[] }[];
    };
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    expect(readFileSync(outputs, 'utf8')).toBe(`report=${tree.path('out.sarif')}\nexit-code=1\n`);
  }, 60_000);
});

describe('the pre-commit hook (.pre-commit-hooks.yaml)', () => {
  test('runs the package bin (installed from the pinned rev) with --skip-non-manifests', () => {
    const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const [hook] = hooks;
    expect(hook?.language).toBe('node');
    expect(Object.keys(packageJson.bin)).toContain(hook?.entry.split(' ')[0]);
    expect(hook?.entry).toBe('hardened-workloads audit --skip-non-manifests');
  });

  test('--skip-non-manifests skips named files that are not manifests or lie in a chart; the manifests are judged', async () => {
    const tsconfig = tree.write('app/tsconfig.json', '{\n  // comments\n  "compilerOptions": {},\n}\n');
    tree.write('app/chart/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    const template = tree.write(
      'app/chart/templates/deploy.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    );
    const agent = tree.write('app/k8s/agent.yaml', insecure);
    const result = await cli(tsconfig, template, agent, '--skip-non-manifests');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/deploy\.yaml: in .*chart, a Helm chart/);
    expect(result.stderr).not.toMatch(/error:/);
    // Without it, named files are read as asked: both are refused (the control).
    const strict = await cli(tsconfig, template, agent);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/tsconfig\.json:\d+: kubectl refuses this file/);
  });
});

describe('the README CI snippet', () => {
  test('never runs npx --yes or fetches the package by name', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    for (const block of yamlBlocks)
      expect(block).not.toMatch(/npx --yes|npx -y |npm exec|npm install hardened-workloads/);
    expect(yamlBlocks.some((block) => block.includes('hardened-workloads@<commit-sha>'))).toBe(true);
  });
});
