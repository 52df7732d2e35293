import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli';
import { fakeIo } from './fake-io';

const repo = join(__dirname, '..', '..');
const insecure = readFileSync(join(repo, 'examples', 'manifests', 'insecure.yaml'), 'utf8');

async function audit(stdin: string | Uint8Array | undefined, ...args: string[]) {
  const { io, out, err } = fakeIo({ cwd: repo });
  const bytes = typeof stdin === 'string' ? Buffer.from(stdin) : stdin;
  let reads = 0;
  const withStdin = {
    ...io,
    ...(bytes !== undefined && {
      readStdin: (max: number) => {
        reads++;
        return bytes.subarray(0, max + 1);
      },
    }),
  };
  const code = await run(['audit', ...args], withStdin);
  return { code, stdout: out(), stderr: err(), reads };
}

describe('audit - (standard input)', () => {
  test('findings name <stdin> with the lines of the piped text', async () => {
    const result = await audit(insecure, '-', '--format', 'json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { file: string; line: number; rule: string }[] };
    expect(report.findings.find((f) => f.rule === 'privileged')).toMatchObject({ file: '<stdin>', line: 22 });
  });

  test('a multi-document stream (helm template output) is read document by document', async () => {
    const stream = `---\n# Source: chart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${insecure}`;
    const result = await audit(stream, '-');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^<stdin>:9 Deployment build-agent/m);
  });

  test('stdin mixes with files in input order, and is read once when named twice', async () => {
    const result = await audit(insecure, 'examples/manifests/secure.yaml', '-', '-', '--format', 'json');
    const report = JSON.parse(result.stdout) as { summary: { files: number; workloads: number } };
    expect(report.summary).toMatchObject({ files: 2, workloads: 2 });
    expect(result.reads).toBe(1);
  });

  test('without a stream to read, `-` is bad input naming <stdin> (exit 2)', async () => {
    const result = await audit(undefined, '-');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: <stdin>: standard input is not available here\n {2}hint: pipe/);
  });

  test('the size cap, binary input and invalid UTF-8 are refused like a file', async () => {
    const big = await audit(insecure, '-', '--max-file-size', '100');
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/<stdin>: the input is over the 1 KiB limit/);
    const binary = await audit(Buffer.from([0x61, 0, 0x62]), '-');
    expect(binary.stderr).toMatch(/<stdin>: the input is binary \(a NUL byte at offset 1\)/);
    const latin1 = await audit(Buffer.from([0x61, 0x0a, 0xe9, 0x0a]), '-');
    expect(latin1.stderr).toMatch(/<stdin>:2: the input is not valid UTF-8 text/);
  });

  test('invalid YAML on stdin is located at its line', async () => {
    const result = await audit('apiVersion: v1\nkind: Pod\nmetadata: [\n', '-');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: <stdin>:\d+: kubectl refuses this file/);
  });
});
