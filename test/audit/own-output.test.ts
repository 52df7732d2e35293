import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditPaths, OWN_OUTPUT_FILES } from '../../src/audit';
import { CHECKLIST_FILES } from '../../src/cdk8s/validation-plugin';
import { answerChecklists, renderChecklistJson } from '../../src/checklist';
import { run } from '../../src/cli';
import { fakeIo } from '../cli/fake-io';
import { TempTree } from './temp-files';

const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

const repo = join(__dirname, '..', '..');
const secure = join(repo, 'examples', 'manifests', 'secure.yaml');
const PRIVILEGED_POD = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'sneaky' },
  spec: { containers: [{ name: 'a', image: 'a:1', securityContext: { privileged: true } }] },
});

async function audit(...paths: string[]) {
  const { io, out, err } = fakeIo({ cwd: repo });
  const code = await run(['audit', ...paths], io);
  return { code, stdout: out(), stderr: err() };
}

describe("the project's own output in dist/", () => {
  test('is skipped without a note: cdk8s construct metadata and the plugin checklist', async () => {
    const dist = tree.path('dist');
    tree.write('dist/app.k8s.yaml', readFileSync(secure, 'utf8'));
    tree.write(
      'dist/construct-metadata.json',
      JSON.stringify({ version: '1.0.0', resources: { 'app-web-c8a4f5e1': { path: 'app/web/Resource' } } }),
    );
    tree.write(`dist/${CHECKLIST_FILES.json}`, renderChecklistJson(answerChecklists([])));
    const report = auditPaths([dist]);
    expect(report.summary.files).toBe(3);
    expect(report.inputs.skipped).toEqual([]);
    const result = await audit(dist);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  test("the plugin's checklist file name is one the audit knows", () => {
    expect(OWN_OUTPUT_FILES).toContain(CHECKLIST_FILES.json);
  });

  test('a file of the same name that holds a workload is audited, never passed', () => {
    const file = tree.write('elsewhere/construct-metadata.json', PRIVILEGED_POD);
    const report = auditPaths([file]);
    expect(report.findings.map((f) => f.rule)).toContain('privileged');
    expect(report.summary.errors).toBeGreaterThan(0);
  });

  test('other JSON that holds no workload still gets its note', () => {
    const file = tree.write('other/package.json', '{"name": "x"}');
    expect(auditPaths([file]).inputs.skipped).toEqual([
      { file, line: 1, reason: 'the document has no kind: not a Kubernetes manifest or Compose file' },
    ]);
  });
});

describe('empty files', () => {
  test.each([
    ['empty.yaml', ''],
    ['empty.json', ''],
    ['blank.yaml', '\n  \n'],
    ['blank.json', ' \n \r\n'], // a tab-only line is refused: kubectl's reader refuses it too
    ['comments.yaml', '# nothing yet\n'],
  ])('%s is a note, not an error, alike for JSON and YAML', async (name, content) => {
    const file = tree.write(`empty/${name}`, content);
    expect(auditPaths([file]).inputs).toMatchObject({
      errors: [],
      skipped: [{ file, reason: 'the file is empty' }],
    });
    const result = await audit(file);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`note: ${file}: the file is empty: skipped\n`);
  });

  test('a JSON file that is not empty but broken is still bad input', async () => {
    const file = tree.write('empty/broken.json', '{\n');
    expect((await audit(file)).code).toBe(2);
  });
});
