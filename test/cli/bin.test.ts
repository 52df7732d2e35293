import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const bin = join(repo, 'bin', 'hardened-workloads.js');
const builtCli = join(repo, 'lib', 'cli', 'main.js');

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isBuilt(): boolean {
  try {
    return statSync(builtCli).mtimeMs >= newestSource(join(repo, 'src'));
  } catch {
    return false;
  }
}

// The one test of the published entry point runs the compiled lib/: build it unless it is current.
beforeAll(() => {
  if (isBuilt()) return;
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repo, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 180_000);

function cli(...args: string[]) {
  return piped(undefined, ...args);
}

function piped(input: string | undefined, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
    ...(input !== undefined && { input }),
  });
}

describe('node bin/hardened-workloads.js', () => {
  test('audits the examples with the documented exit codes, without a stack trace', () => {
    expect(cli('audit', 'examples/manifests/secure.yaml')).toMatchObject({ status: 0, stderr: '' });
    const failing = cli('audit', 'examples/manifests/insecure.yaml');
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/^examples\/manifests\/insecure\.yaml:3 Deployment build-agent/);
    const bad = cli('audit', 'examples/manifests/missing.yaml');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: examples\/manifests\/missing\.yaml: no such file or directory\n/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(cli('--version').stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  test('`audit -` reads a real pipe: findings name <stdin> with their lines', () => {
    const manifest = readFileSync(join(repo, 'examples/manifests/insecure.yaml'), 'utf8');
    const result = piped(manifest, 'audit', '-');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^<stdin>:3 Deployment build-agent \(namespace ci\)$/m);
    expect(result.stdout).toMatch(/^ +22 {2}ERROR {6}privileged /m);
    expect(
      piped(readFileSync(join(repo, 'examples/manifests/secure.yaml'), 'utf8'), 'audit', '-').status,
    ).toBe(0);
    // An empty pipe is a producer that failed (kustomize refusing a patch path): never a pass.
    const empty = piped('', 'audit', '-');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/<stdin>: standard input is empty: did the command before the pipe fail\?/);
  });
});
