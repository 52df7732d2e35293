import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli';
import { TempTree } from '../audit/temp-files';

const repo = join(__dirname, '..', '..');
const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

interface Terminal {
  readonly tty: boolean;
  readonly columns?: number;
}

async function audit(
  args: string[],
  terminal: Terminal,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['audit', ...args], {
    stdout: { write: (text: string) => (out += text), isTTY: terminal.tty, ...terminal },
    stderr: { write: (text: string) => (err += text) },
    env: { NO_COLOR: '1' },
    cwd: repo,
  });
  return { code, out, err };
}

const insecure = join(repo, 'examples', 'manifests', 'insecure.yaml');

describe('the audit table on a terminal and in a pipe', () => {
  test('on a terminal the table is wrapped to its width', async () => {
    for (const columns of [100, 80, 60]) {
      const { code, out } = await audit([insecure], { tty: true, columns });
      expect(code).toBe(1);
      expect(Math.max(...out.split('\n').map((line) => line.length))).toBeLessThanOrEqual(columns);
    }
  });

  test('piped, rows are full lines whatever width the environment claims', async () => {
    const { out } = await audit([insecure], { tty: false, columns: 80 });
    expect(out).toMatch(
      /^ +21 {2}ERROR {6}seccomp-profile-restricted {3}pod or container "agent" must set .* no system call is filtered\)$/m,
    );
    expect(Math.max(...out.split('\n').map((line) => line.length))).toBeGreaterThan(120);
  });

  test('--quiet prints errors only and no note', async () => {
    const file = tree.write('mixed.yaml', `kind: ConfigMap\nmetadata: { name: a }\n---\n${readInsecure()}`);
    const loud = await audit([file], { tty: false });
    expect(loud.out).toMatch(/ WARNING /);
    expect(loud.err).toMatch(/^note: skipped 1 document/m);
    for (const flag of ['--quiet', '-q']) {
      const quiet = await audit([file, flag], { tty: false });
      expect(quiet.code).toBe(1);
      expect(quiet.out).not.toMatch(/ WARNING | JUSTIFIED |^warnings by rule/m);
      expect(quiet.out).toMatch(/ ERROR {6}privileged /);
      expect(quiet.out).toMatch(
        /\n13 errors, 3 warnings, 0 justified in 1 workload from 1 file, 1 document skipped /,
      );
      expect(quiet.err).toBe('');
    }
  });

  test('--quiet still reports bad input', async () => {
    const broken = tree.write('broken.yaml', 'kind: Pod\nspec: [\n');
    const result = await audit([broken, '--quiet'], { tty: false });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^error: .*broken\.yaml:2: kubectl refuses this file/m);
  });
});

function readInsecure(): string {
  return readFileSync(insecure, 'utf8');
}
