import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { run } from '../../src/cli';
import { ruleDocsLink } from '../../src/report';
import { ALL_RULES } from '../../src/rules';
import { fakeIo } from './fake-io';

const packageRoot = join(__dirname, '..', '..');

async function documentation(cwd: string, rule = 'privileged'): Promise<string> {
  const { io, out } = fakeIo({ cwd });
  expect(await run(['explain', rule], io)).toBe(0);
  const text = out();
  expect(text).not.toMatch(/https?:\/\//);
  return /^Documentation\n {2}(.+)$/m.exec(text)?.[1] ?? '';
}

/** The file and the heading a link points at. */
function target(link: string, cwd: string): { file: string; heading: string } {
  const [path = '', anchor = ''] = link.split('#');
  return { file: resolve(cwd, path), heading: `### \`${anchor}\`` };
}

describe('explain links to the rule in the docs shipped with the installed package', () => {
  test('from the package root, the path inside it', async () => {
    expect(await documentation(packageRoot)).toBe('docs/rules.md#privileged');
  });

  test('from a project that installed it, the path under that project (node_modules/...)', async () => {
    const project = dirname(packageRoot);
    expect(await documentation(project)).toBe(`${basename(packageRoot)}/docs/rules.md#privileged`);
  });

  test('from anywhere else, the absolute path', async () => {
    // A fresh directory, never an ancestor of the package (which may itself be checked out under /tmp).
    const elsewhere = mkdtempSync(join(tmpdir(), 'hw-explain-'));
    try {
      const link = await documentation(elsewhere);
      expect(isAbsolute(link)).toBe(true);
      expect(target(link, elsewhere).file).toBe(join(packageRoot, 'docs', 'rules.md'));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('every rule links to a heading that exists in a file the package ships', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      files: string[];
    };
    expect(manifest.files).toContain('docs/rules.md');
    for (const rule of ALL_RULES) {
      const { file, heading } = target(ruleDocsLink(rule.id, packageRoot), packageRoot);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8').split('\n')).toContain(heading);
    }
  });
});
