import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import { locateInBlockYaml } from '../../src/audit/block-yaml-locator';
import { FieldLocator } from '../../src/audit/field-line';
import type { PathStep } from '../../src/audit/field-path';
import { parseFieldPath } from '../../src/audit/field-path';

/** An independent answer: the 0-based line of the deepest node on the path, from yaml's node ranges. */
function referenceLine(text: string, steps: readonly PathStep[]): number {
  const doc = parseDocument(text);
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  let node: unknown = doc.contents;
  let line = lineAt((node as { range: number[] }).range[0] ?? 0);
  for (const step of steps) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      line = lineAt((pair.key as { range: number[] }).range[0] ?? 0);
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
      node = node.items[step];
      line = lineAt((node as { range: number[] }).range[0] ?? 0);
    } else break;
  }
  return line;
}

/** A path into the value (existing steps, then maybe one that does not exist). */
function pathInto(value: unknown, choices: readonly number[], extra: string | undefined): PathStep[] {
  const steps: PathStep[] = [];
  let node = value;
  for (const choice of choices) {
    if (Array.isArray(node) && node.length > 0) {
      const index = choice % node.length;
      steps.push(index);
      node = node[index];
    } else if (node !== null && typeof node === 'object' && Object.keys(node).length > 0) {
      const keys = Object.keys(node);
      const key = keys[choice % keys.length] as string;
      steps.push(key);
      node = (node as Record<string, unknown>)[key];
    } else break;
  }
  if (extra !== undefined) steps.push(extra);
  return steps;
}

const key = fc.oneof(
  fc.constantFrom('name', 'spec', 'containers', 'a b', 'x:y', "it's", 'k#1', '-dash'),
  fc.string(),
);
const tree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 0 }),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('locateInBlockYaml', () => {
  test('when it answers, it agrees with a full parse; it answers for block YAML', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.option(fc.constantFrom('missing', 'securityContext'), { nil: undefined }),
        fc.boolean(),
        (value, choices, extra, indentSeq) => {
          const text = stringify(value, { indentSeq });
          const steps = pathInto(value, choices, extra);
          const fast = locateInBlockYaml(text, steps);
          if (fast !== undefined) answered++;
          // Undefined means "ask the parser"; any answer must be the parser's answer.
          expect(fast ?? referenceLine(text, steps)).toBe(referenceLine(text, steps));
        },
      ),
      { numRuns: 400 },
    );
    expect(answered).toBeGreaterThan(200);
  });

  test('finds fields in compact and indented sequences, and the nearest ancestor of a missing field', () => {
    const text = [
      'spec:', //                         0
      '  template:', //                   1
      '    spec:', //                     2
      '      initContainers:', //         3
      '      - name: init', //            4
      '        image: busybox', //        5
      '      containers:', //             6
      '        - name: app', //           7
      '          securityContext:', //    8
      '            privileged: true', //  9
      '        - name: sidecar', //       10
      '      hostNetwork: true', //       11
    ].join('\n');
    const at = (path: string) => locateInBlockYaml(text, parseFieldPath(path));
    expect(at('spec.template.spec.hostNetwork')).toBe(11);
    expect(at('spec.template.spec.initContainers[0].image')).toBe(5);
    expect(at('spec.template.spec.containers[0].securityContext.privileged')).toBe(9);
    expect(at('spec.template.spec.containers[1].securityContext.runAsUser')).toBe(10);
    expect(at('spec.template.spec.volumes[0]')).toBe(2);
  });

  test('leaves flow style, anchors and merge keys to the parser', () => {
    expect(locateInBlockYaml('{"spec": {"a": 1}}', ['spec', 'a'])).toBeUndefined();
    expect(locateInBlockYaml('base: &b\n  a: 1\nspec:\n  <<: *b\n', ['spec', 'a'])).toBeUndefined();
    expect(locateInBlockYaml('spec: {a: 1}\n', ['spec', 'a'])).toBeUndefined();
  });
});

describe('FieldLocator', () => {
  test('answers JSON and flow style through the parser, offset by the document start', () => {
    const json = '{\n  "spec": {\n    "hostPID": true\n  }\n}\n';
    expect(new FieldLocator(json, 1).lineOf('spec.hostPID')).toBe(3);
    expect(new FieldLocator('spec: {a: 1,\n  b: 2}\n', 10).lineOf('spec.b')).toBe(11);
  });

  test('reads quoted keys with dots in paths', () => {
    const text = 'metadata:\n  annotations:\n    hardened-workloads.io/justifications: "[]"\n';
    expect(
      new FieldLocator(text, 1).lineOf('metadata.annotations["hardened-workloads.io/justifications"]'),
    ).toBe(3);
  });

  test('an unreadable document has no field lines', () => {
    expect(new FieldLocator('a: [unclosed\n', 1).lineOf('a.b')).toBeUndefined();
  });
});
