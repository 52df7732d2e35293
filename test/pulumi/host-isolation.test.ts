/**
 * `@pulumi/*`, cdk8s and constructs are optional peer dependencies: loading one host must never
 * load the other. Checked in a fresh Node process (jest's module registry is not require.cache).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

// One package directory in a module path, scoped or not, at any nesting depth.
const PACKAGE_SEGMENT = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/;

/**
 * The installed packages a fresh process has loaded after requiring each entry point in turn
 * (cumulative: one list per entry).
 */
function packagesLoadedBy(...entries: string[]): string[][] {
  const script = [
    `const segment = new RegExp(${JSON.stringify(PACKAGE_SEGMENT.source)}, 'g');`,
    'const lists = [];',
    `for (const entry of ${JSON.stringify(entries.map((e) => path.join(ROOT, e)))}) {`,
    '  require(entry);',
    '  const names = new Set();',
    '  for (const file of Object.keys(require.cache))',
    '    for (const match of file.matchAll(segment)) names.add(match[1].replace(/[\\\\]/g, "/"));',
    '  lists.push([...names].sort());',
    '}',
    'process.stdout.write(JSON.stringify(lists));',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[][];
}

const PULUMI = /^@pulumi\//;
const CDK8S = /^(cdk8s|cdk8s-plus-28|constructs)$/;

test('hardened-workloads/cdk8s loads cdk8s and never @pulumi', () => {
  const [loaded] = packagesLoadedBy('src/cdk8s/index.ts');
  expect(loaded).toContain('cdk8s-plus-28');
  expect(loaded!.filter((name) => PULUMI.test(name))).toEqual([]);
});

test('hardened-workloads/pulumi never loads cdk8s, constructs or @pulumi/policy; its policy entry no cdk8s', () => {
  const [program, withPolicy] = packagesLoadedBy('src/pulumi/index.ts', 'src/pulumi/policy/index.ts');
  expect(program).toEqual(expect.arrayContaining(['@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/docker']));
  expect(program!.filter((name) => CDK8S.test(name) || name === '@pulumi/policy')).toEqual([]);
  expect(withPolicy).toContain('@pulumi/policy');
  expect(withPolicy!.filter((name) => CDK8S.test(name))).toEqual([]);
});

test('the root export loads neither host', () => {
  const [loaded] = packagesLoadedBy('src/index.ts');
  expect(loaded!.filter((name) => PULUMI.test(name) || CDK8S.test(name))).toEqual([]);
});
