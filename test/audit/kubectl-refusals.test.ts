import { load } from 'js-yaml';
import { auditPaths } from '../../src/audit';
import { readManifestText } from '../../src/audit/read-file';
import type { AuditReport } from '../../src/audit';
import { run } from '../../src/cli';
import { fakeIo } from '../cli/fake-io';
import { TempTree } from './temp-files';

/*
 * Input kubectl's reader refuses (go-yaml v2 for YAML, Go's encoding/json for JSON) and a YAML 1.2
 * reader reads: the audit must refuse it too (exit 2, file:line:column, why, how to fix), or it
 * would judge an object kubectl never sends. Each refused case is shown to be read by js-yaml's
 * default schema (`load`), and each class has a case that must keep reading. The verdicts of
 * kubectl's reader quoted here were taken from the Go reader of test/oracle (sigs.k8s.io/yaml 1.3.0).
 */

const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

let count = 0;
function audit(text: string, extension = 'yaml'): AuditReport {
  const file = tree.write(`case-${++count}.${extension}`, text);
  return auditPaths([file], { onInputError: 'collect' });
}
const refusalOf = (text: string, extension = 'yaml') => {
  const errors = audit(text, extension).inputs.errors;
  expect(errors).toHaveLength(1);
  return errors[0];
};
const readsCleanly = (text: string, extension = 'yaml') => {
  const report = audit(text, extension);
  expect(report.inputs.errors).toEqual([]);
  return report;
};

/** kubectl's own message, as the audit reports a file kubectl refuses. */
const KUBECTL_REFUSES = /^kubectl refuses this file: error parsing .*case-\d+\.(yaml|json): /;

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
const CONTAINER = `${POD}spec:\n  containers:\n  - name: c\n    image: nginx\n`;
const SPEC = 'spec:\n  containers:\n  - {name: c, image: nginx}\n';
/** Line and column (1-based) of the first tab: where a tab refusal points. */
const tabAt = (text: string) => {
  const at = text.indexOf('\t');
  return { line: text.slice(0, at).split('\n').length, column: at - text.lastIndexOf('\n', at) };
};

describe('tabs go-yaml v2 does not skip (kubectl: "found character that cannot start any token")', () => {
  test.each([
    [
      'after a block sequence `-`',
      `${CONTAINER}    args:\n    -\t"--privileged"\n`,

      /after the block indicator `-`/,
    ],
    ['after `- ` and a space', `${CONTAINER}    args:\n    - \t[a]\n`, /after the block indicator `-`/],
    [
      'after an explicit key `?`',
      `${CONTAINER}    securityContext:\n      ?\tprivileged\n      : true\n`,

      /after the block indicator `\?`/,
    ],
    [
      'after the `:` of an explicit key',
      `${CONTAINER}    securityContext:\n      ? privileged\n      :\ttrue\n`,

      /the `:` of an explicit key's value/,
    ],
    [
      'after a `-` before a comment',
      `${POD}spec:\n  containers:\n  -\t# the app\n    name: c\n`,

      /after the block indicator `-`/,
    ],
    [
      'in the indentation of a comment line, after spaces',
      `${POD}spec:\n  \t# note\n  hostPID: true\n`,

      /a tab in the indentation/,
    ],
  ])('a tab %s is refused', (_where, text, problem) => {
    // A YAML 1.2 reader reads on.
    expect(() => load(text)).not.toThrow();
    const error = refusalOf(text);
    expect(error?.problem).toMatch(KUBECTL_REFUSES);
    expect(problem).toBeInstanceOf(RegExp);
    expect(error?.line).toBeDefined();
  });

  test("a tab right after the spaces of a block scalar's first line is refused (go-yaml takes the indent from that line)", () => {
    const text = `${POD}  annotations:\n    note: |\n      \t# looks like a comment\n      text\n${SPEC}`;
    expect((load(text) as { metadata: { annotations: { note: string } } }).metadata.annotations.note).toBe(
      '\t# looks like a comment\ntext\n',
    );
    const error = refusalOf(text);
    expect(error?.problem).toMatch(KUBECTL_REFUSES);
    expect(error?.line).toBe(tabAt(text).line);
  });

  test('a blank line holding a tab after a plain scalar keeps reading where go-yaml swallows it, and is refused left of the indent', () => {
    expect(readsCleanly(`${POD}  labels:\n    a: b\n     \t\n    c: d\n${SPEC}`).summary.workloads).toBe(1);
    const left = `${POD}  labels:\n    a: b\n    \t\n    c: d\n${SPEC}`;
    expect(refusalOf(left)?.problem).toMatch(KUBECTL_REFUSES);
  });

  test('tabs go-yaml reads keep reading: in quoted, block and plain scalars, flow collections, after a key, before a comment', () => {
    const text =
      `${CONTAINER}    args: ["-c",\t"x\ty", 'a\tb']\n    env:\n    - {name: A,\tvalue: plain\ttext}\n` +
      `    command:\n    - |\n      line\tone\n      \tindented\n    - >-\n      f\t\n      \tg\n` +
      `    workingDir:\t/srv\t# tabbed\tcomment\n    stdin\t: false\n`;
    const report = readsCleanly(text);
    expect(report.summary.workloads).toBe(1);
    const container = (load(text) as { spec: { containers: Record<string, unknown>[] } }).spec.containers[0];
    // What kubectl reads (the Go reader agrees on each of these values).
    expect(container).toMatchObject({
      args: ['-c', 'x\ty', 'a\tb'],
      env: [{ name: 'A', value: 'plain\ttext' }],
      command: ['line\tone\n\tindented\n', 'f\t\n\tg'],
      workingDir: '/srv',
      stdin: false,
    });
  });
});

describe('mapping keys that are collections (kubectl: "invalid map key")', () => {
  test.each([
    ['an explicit sequence key', `${POD}  labels:\n    ? [a, b]\n    : c\n`, 'a,b', /key that is a sequence/],
    ['a flow sequence key', `${POD}  labels:\n    [a, b]: c\n`, 'a,b', /key that is a sequence/],
    ['a flow mapping key', `${POD}  labels: {{a: 1}: c}\n`, '[object Object]', /key that is a mapping/],
    [
      'an alias of a mapping as a key',
      `x: &m {a: 1}\n${POD}  labels:\n    *m : c\n`,
      '[object Object]',
      /key that is a mapping/,
    ],
    [
      'a block sequence as an explicit key',
      `${POD}  labels:\n    ? - a\n    : c\n`,
      'a',
      /key that is a sequence/,
    ],
  ])('%s is refused (js-yaml would read it as text)', (_name, text, yaml12Key, problem) => {
    const labels = (load(text) as { metadata: { labels: Record<string, unknown> } }).metadata.labels;
    expect(Object.keys(labels)).toContain(yaml12Key);
    const error = refusalOf(text);
    expect(problem).toBeInstanceOf(RegExp);
    expect(error?.problem).toMatch(KUBECTL_REFUSES);
    expect(error?.problem).toMatch(/invalid map key/);
  });

  test('scalar keys keep reading: an explicit `? a`, a block scalar key, a `[k: v]` pair in a sequence', () => {
    const report = readsCleanly(
      `${POD}  labels:\n    ? a\n    : c\n    ? |\n      b\n    : d\n    e: [f: g]\n${SPEC}`,
    );
    expect(report.inputs.errors).toEqual([]);
  });
});

describe('UTF-16 surrogate escapes', () => {
  test.each([
    ['a lone high surrogate', '"\\ud800"', '\ud800'],
    ['a lone low surrogate', '"x \\udfff"', 'x \udfff'],
    ['a surrogate pair (js-yaml joins it into one character)', '"\\ud83d\\ude00"', '\u{1F600}'],
    ['a surrogate as an 8-digit escape', '"\\U0000D800"', '\ud800'],
  ])(
    'in a double-quoted YAML scalar, %s is refused (kubectl: "found invalid Unicode character escape code")',
    (_name, scalar, yaml12) => {
      const text = `${POD}  annotations:\n    note: ${scalar}\n`;
      expect((load(text) as { metadata: { annotations: { note: string } } }).metadata.annotations.note).toBe(
        yaml12,
      );
      const error = refusalOf(text);
      expect(error?.problem).toMatch(KUBECTL_REFUSES);
      expect(error?.problem).toMatch(/invalid Unicode character escape code/);
    },
  );

  test('a YAML escape beyond U+10FFFF is refused (js-yaml would make two lone surrogates of it)', () => {
    expect(refusalOf(`${POD}  annotations:\n    note: "\\U00110000"\n`)?.problem).toMatch(KUBECTL_REFUSES);
  });

  test('YAML escapes kubectl reads keep reading: a code point escape, an escaped backslash, a single-quoted or plain `\\ud800`', () => {
    const text = `${POD}  annotations:\n    a: "\\U0001F600 \\u00e9"\n    b: "\\\\ud800"\n    c: '\\ud800'\n    d: x\\ud800\n${SPEC}`;
    expect(readsCleanly(text).summary.workloads).toBe(1);
    // As kubectl reads them.
    expect((load(text) as { metadata: { annotations: unknown } }).metadata.annotations).toEqual({
      a: '\u{1F600} \u00e9',
      b: '\\ud800',
      c: '\\ud800',
      d: 'x\\ud800',
    });
  });

  const json = (name: string) =>
    `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "${name}"}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}\n`;

  test.each([
    ['a lone high surrogate', 'a\\ud800'],
    ['a lone low surrogate', 'a\\udc00'],
    ['a reversed pair', 'a\\ude00\\ud83d'],
    ['a high surrogate before another escape', 'a\\ud83d\\u0041'],
  ])(
    'in JSON, %s reads as kubectl reads it: U+FFFD, where JSON.parse would keep a lone surrogate',
    (_name, name) => {
      const text = json(name);
      expect((JSON.parse(text) as { metadata: { name: string } }).metadata.name).not.toContain('\uFFFD');
      const [item] = readManifestText('pod.json', text);
      expect((item?.document?.value as { metadata: { name: string } }).metadata.name).toContain('\uFFFD');
    },
  );

  test('a lone surrogate in a JSON key reads as U+FFFD too', () => {
    const [item] = readManifestText('pod.json', '{"kind": "Pod", "metadata": {"\\udfff": "x"}}\n');
    expect(item?.document?.value).toEqual({ kind: 'Pod', metadata: { '\uFFFD': 'x' } });
  });

  test('JSON surrogate pairs and escaped backslashes keep reading', () => {
    const report = readsCleanly(json('a\\ud83d\\ude00 b\\uD83D\\uDE00 c\\\\ud800'), 'json');
    expect(report.summary.workloads).toBe(1);
  });
});

describe('the CLI on these inputs', () => {
  test("exits 2 naming file:line, kubectl's own message and the fix, without a stack trace", async () => {
    const file = tree.write('tabbed.yaml', `${CONTAINER}    args:\n    -\t"--privileged"\n`);
    const { io, out, err } = fakeIo();
    expect(await run(['audit', file], io)).toBe(2);
    const printed = `${out()}${err()}`;
    expect(printed).toContain(
      `${file}:10: kubectl refuses this file: error parsing ${file}: error converting YAML to JSON: yaml: line 10:`,
    );
    expect(printed).toContain('fix the YAML there');
    expect(printed).not.toMatch(/\n\s+at /);
  });
});
