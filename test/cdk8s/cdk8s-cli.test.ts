import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

// The real `cdk8s synth` of the CLI, offline: the app runs through tsx and the validation plugin
// is loaded from a local path, as cdk8s.yaml at the repository root does.
const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const run = promisify(execFile);
const workDirs: string[] = [];

afterAll(() => {
  for (const dir of workDirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface SynthResult {
  readonly code: number;
  readonly output: string;
  readonly dist: string;
}

async function synth(appFile: string): Promise<SynthResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-cdk8s-cli-'));
  workDirs.push(dir);
  // cdk8s resolves a local plugin from its working directory, and only from a path starting with "./".
  fs.mkdirSync(path.join(dir, 'plugin'));
  fs.writeFileSync(
    path.join(dir, 'plugin', 'index.js'),
    `module.exports = require(${JSON.stringify(path.join(ROOT, 'examples', 'cdk8s', 'plugin'))});\n`,
  );
  const tsx = `${path.join(BIN, 'tsx')} --tsconfig ${path.join(ROOT, 'tsconfig.json')}`;
  fs.writeFileSync(
    path.join(dir, 'cdk8s.yaml'),
    [
      'language: typescript',
      `app: ${tsx} ${appFile}`,
      'output: dist',
      'validations:',
      '  - package: ./plugin',
      '    version: 0.1.0',
      '    class: HardenedWorkloadsValidation',
      '    properties: { level: hardened }',
      '',
    ].join('\n'),
  );
  try {
    const { stdout, stderr } = await run(path.join(BIN, 'cdk8s'), ['synth', '--no-check-upgrade'], {
      cwd: dir,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    return { code: 0, output: stdout + stderr, dist: path.join(dir, 'dist') };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: failed.code ?? -1,
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
      dist: path.join(dir, 'dist'),
    };
  }
}

describe('npx cdk8s synth with the validation plugin', () => {
  test('the example app synthesizes, passes the audit and gets its checklist', async () => {
    const result = await synth(path.join(ROOT, 'examples', 'cdk8s', 'main.ts'));
    expect(result.output).toMatch(/0 errors, 0 warnings, 0 justified in 4 workloads from 1 file/);
    expect(result.output).not.toMatch(/capabilit/);
    expect(result.code).toBe(0);
    // The worker binds :80 as user 10001 through the safe sysctl, not a NET_BIND_SERVICE add-back.
    expect(fs.readFileSync(path.join(result.dist, 'shop.k8s.yaml'), 'utf8')).toMatch(
      /sysctls:\n\s+- name: net\.ipv4\.ip_unprivileged_port_start\n\s+value: "80"/,
    );
    expect(fs.readdirSync(result.dist).sort()).toEqual([
      'construct-metadata.json',
      'hardened-checklist.json',
      'hardened-checklist.md',
      'shop.k8s.yaml',
    ]);
  }, 120_000);

  test('an Include of third-party YAML that breaks the posture fails the synth with exit 2', async () => {
    const result = await synth(path.join(__dirname, 'fixtures', 'include-app.ts'));
    expect(result.output).toMatch(/DaemonSet legacy-agent/);
    expect(result.output).toMatch(
      /ERROR\s+privileged\s+container "agent" must not set securityContext.privileged=true/,
    );
    expect(result.output).toMatch(/Construct Path: vendor\/legacy-agent/);
    expect(result.code).toBe(2);
  }, 120_000);
});
