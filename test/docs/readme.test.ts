import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/run';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The code block that follows each `<!-- snippet: path -->` marker, with the file it must equal. */
function snippets(): { file: string; block: string }[] {
  const found: { file: string; block: string }[] = [];
  const marker = /<!-- snippet: (\S+) -->\s*```ts\n([\s\S]*?)```/g;
  for (const match of readme.matchAll(marker)) found.push({ file: match[1] ?? '', block: match[2] ?? '' });
  return found;
}

/** Every CLI line of the README's sh blocks, with the exit status its comment promises. */
function cliLines(): { argv: string[]; exit: number; line: string }[] {
  const lines: { argv: string[]; exit: number; line: string }[] = [];
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? '').split('\n')) {
      const match = /^node bin\/hardened-workloads\.js (.+?)\s+# exit (\d)$/.exec(line.trim());
      if (match) lines.push({ argv: (match[1] ?? '').split(/\s+/), exit: Number(match[2]), line });
    }
  }
  return lines;
}

describe('README', () => {
  it('shows the example files verbatim (they are type-checked by tsc over examples/)', () => {
    const found = snippets();
    expect(found.map((s) => s.file)).toEqual([
      'examples/readme/cdk8s-app.ts',
      'examples/readme/namespace-level.ts',
      'examples/readme/pulumi-kubernetes.ts',
      'examples/readme/pulumi-docker.ts',
      'examples/readme/justified-exemption.ts',
      'examples/readme/seccomp-profile.ts',
    ]);
    for (const { file, block } of found) expect(block).toBe(readFileSync(join(root, file), 'utf8'));
  });

  it('documents CLI commands that exit as the README says', async () => {
    const lines = cliLines();
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const { argv, exit, line } of lines) {
      let out = '';
      const sink = { write: (text: string) => (out += text) };
      const status = await run(argv, { stdout: sink, stderr: sink, env: { NO_COLOR: '1' }, cwd: root });
      expect({ line, status }).toEqual({ line, status: exit });
      expect(out.length).toBeGreaterThan(0);
    }
  });

  it('quotes the table output of the audit as the CLI prints it', async () => {
    const quoted = [...readme.matchAll(/```text\n(examples\/\S+?):\d+ [\s\S]*?```/g)];
    expect(quoted.length).toBeGreaterThanOrEqual(2);
    for (const [block, file] of quoted) {
      let out = '';
      const sink = { write: (text: string) => (out += text) };
      await run(['audit', file ?? ''], { stdout: sink, stderr: sink, env: { NO_COLOR: '1' }, cwd: root });
      const printed = new Set(out.split('\n'));
      const lines = block
        .replace(/^```text\n|```$/g, '')
        .split('\n')
        .filter((line) => line !== '');
      for (const line of lines) expect(printed).toContain(line);
    }
  });
});
