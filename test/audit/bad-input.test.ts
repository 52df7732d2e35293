import { truncateSync } from 'node:fs';
import type { AuditReport } from '../../src/audit';
import { InputError, auditPaths } from '../../src/audit';
import { TempTree } from './temp-files';

const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

const pod =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n';

function collect(paths: string[], maxFileBytes?: number): AuditReport {
  return auditPaths(paths, { onInputError: 'collect', ...(maxFileBytes !== undefined && { maxFileBytes }) });
}

function onlyError(report: AuditReport): InputError {
  expect(report.inputs.errors).toHaveLength(1);
  return report.inputs.errors[0]!;
}

describe('bad input', () => {
  test('malformed YAML is refused with the message of kubectl and its line; the documents before it are still audited', () => {
    const file = tree.write(
      'malformed.yaml',
      `${pod}---\nkind: Pod\nmetadata:\n  name: [broken\n---\n${pod}`,
    );
    const report = collect([file]);
    const error = onlyError(report);
    expect(error).toMatchObject({ file, line: 12 });
    expect(error.message).toMatch(
      new RegExp(`^${file}:12: kubectl refuses this file: error parsing ${file}: .*yaml: line 3: `),
    );
    expect(error.hint).toMatch(/fix the YAML there/);
    expect(report.summary.workloads).toBe(1);
  });

  test('the first bad input is thrown unless errors are collected', () => {
    const file = tree.write('throws.yaml', 'a: [');
    expect(() => auditPaths([file])).toThrow(InputError);
  });

  test('an alias bomb is refused quickly', () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    lines.push('kind: Pod', 'spec:', '  containers: *a9');
    const file = tree.write('bomb.yaml', lines.join('\n'));
    // A bomb that were expanded would not end within the test's timeout; speed is npm run bench's.
    const error = onlyError(collect([file]));
    expect(error.problem).toMatch(/kubectl refuses this file: .*excessive aliasing/);
    expect(error.line).toBe(1);
  });

  test('honest anchors and merge keys are accepted', () => {
    const file = tree.write(
      'anchors.yaml',
      'x-common: &common\n  image: app:1.0\n  read_only: true\nservices:\n  api:\n    <<: *common\n',
    );
    expect(collect([file]).inputs.errors).toEqual([]);
  });

  test('a binary file is refused', () => {
    const file = tree.write('binary.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    expect(onlyError(collect([file])).problem).toMatch(/binary \(a NUL byte at offset 4\)/);
  });

  test('text that is not UTF-8 is refused', () => {
    const file = tree.write('latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1'));
    expect(onlyError(collect([file]))).toMatchObject({
      problem: 'the file is not valid UTF-8 text',
      line: 1,
    });
  });

  test('an empty file is skipped with a note', () => {
    const file = tree.write('empty.yaml', '');
    const comments = tree.write('comments.yaml', '# nothing yet\n---\n');
    const report = collect([file, comments]);
    expect(report.inputs.errors).toEqual([]);
    expect(report.inputs.skipped).toEqual([
      { file, reason: 'the file is empty' },
      { file: comments, reason: 'the file is empty' },
    ]);
  });

  test('a 100 MB file is refused without being read, and the limit can be raised', () => {
    const file = tree.write('huge.yaml', '');
    truncateSync(file, 100 * 2 ** 20);
    const error = onlyError(collect([file]));
    expect(error.problem).toBe('the file is 100.0 MiB, over the 32.0 MiB limit');
    expect(error.hint).toBe('split it, or raise the limit with --max-file-size 100MiB');
    // Raised, the cap lets the file through to the next check (it is all NUL bytes).
    expect(onlyError(collect([file], 101 * 2 ** 20)).problem).toMatch(/binary/);
  });

  test('documents that are not workloads are skipped with a note', () => {
    const file = tree.write(
      'not-workloads.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\ntitle: README\n---\n- a list\n---\nkind: SomethingList\nitems: []\n',
    );
    const report = collect([file]);
    expect(report.inputs.errors).toEqual([]);
    expect(report.inputs.skipped).toEqual([
      { file, line: 1, kind: 'Service', reason: 'Service is not a workload' },
      { file, line: 6, reason: 'the document has no kind: not a Kubernetes manifest or Compose file' },
      { file, line: 8, reason: 'the document is a list, not a Kubernetes manifest or Compose file' },
      { file, line: 10, kind: 'SomethingList', reason: 'the SomethingList holds no workload' },
    ]);
  });

  test('a workload without a pod spec is an error naming the field and its line', () => {
    const file = tree.write(
      'no-spec.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  template:\n    metadata: {}\n',
    );
    const error = onlyError(collect([file]));
    expect(error).toMatchObject({ file, line: 6, field: 'spec.template.spec' });
    expect(error.message).toBe(
      `${file}:6: Deployment "broken" has no pod spec at spec.template.spec: it cannot be audited (field spec.template.spec)`,
    );
  });

  test('a Compose file with unknown keys is an error', () => {
    const file = tree.write('compose.yaml', 'services:\n  api:\n    image: app:1.0\n    read_onyl: true\n');
    const error = onlyError(collect([file]));
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/read_onyl/);
    expect(error.line).toBe(4);
  });

  test('a directory without manifests and a missing path are errors; the other paths are still read', () => {
    const empty = tree.write('no-manifests/notes.txt', 'hello');
    const good = tree.write('good/pod.yaml', pod);
    const report = collect([tree.path('no-manifests'), tree.path('missing.yaml'), good]);
    expect(report.inputs.errors.map((e) => [e.file, e.problem])).toEqual([
      [tree.path('no-manifests'), 'the directory contains no .yaml, .yml, .json files'],
      [tree.path('missing.yaml'), 'no such file or directory'],
    ]);
    expect(report.summary.workloads).toBe(1);
    expect(empty).toBeDefined();
  });

  test('a JSON syntax error names the line and column', () => {
    const file = tree.write('bad.json', '{\n  "kind": "Pod",\n  "spec": {,}\n}\n');
    const error = onlyError(collect([file]));
    expect(error).toMatchObject({ file, line: 3 });
    expect(error.problem).toMatch(/^kubectl refuses this file: .*json: offset 31: invalid character/);
  });

  test('a document nested beyond the parser stack is an error, not a crash', () => {
    const file = tree.write('deep.yaml', `a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    const report = collect([file]);
    expect(report.inputs.errors).toHaveLength(1);
  });
});
