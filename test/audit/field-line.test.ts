import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import { load } from 'js-yaml';
import { FieldLocator } from '../../src/audit/field-line';
import type { PathStep } from '../../src/audit/field-path';
import { parseFieldPath } from '../../src/audit/field-path';
import { MANIFEST_SCHEMA } from '../../src/audit/manifest-schema';
import { NodeEventLog } from '../../src/audit/node-events';

/** An independent answer: the 0-based line of the deepest node on the path, from yaml's node ranges. */
function referenceLine(text: string, steps: readonly PathStep[]): number {
  // YAML 1.1, as the audit reads manifests (kubectl's go-yaml v2): `N` is a boolean key there.
  const doc = parseDocument(text, { version: '1.1' });
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

/** The 0-based line js-yaml's own events give for the path, or undefined when they cannot place it. */
function eventLine(text: string, steps: readonly PathStep[]): number | undefined {
  const events = new NodeEventLog();
  load(text, { schema: MANIFEST_SCHEMA, listener: events.listener });
  return events.positions().lineOf(steps);
}

/** The same value written as a reader may meet it: block YAML in both sequence styles, flow YAML, JSON. */
const writtenAs = fc.constantFrom<(value: unknown) => string>(
  (value) => stringify(value, { version: '1.1' }),
  (value) => stringify(value, { indentSeq: false, version: '1.1' }),
  (value) => stringify(value, { collectionStyle: 'flow', version: '1.1' }),
  (value) => JSON.stringify(value, null, 2),
  (value) => JSON.stringify(value),
);

describe('NodePositions', () => {
  test('places every path the way a full position-keeping parse does', () => {
    let placed = 0;
    fc.assert(
      fc.property(
        fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.option(fc.constantFrom('missing', 'securityContext'), { nil: undefined }),
        writtenAs,
        (value, choices, extra, write) => {
          const text = write(value);
          const steps = pathInto(value, choices, extra);
          const line = eventLine(text, steps);
          if (line !== undefined) placed++;
          expect(line ?? referenceLine(text, steps)).toBe(referenceLine(text, steps));
        },
      ),
      { numRuns: 500 },
    );
    // Only explicit `? key`s, which `yaml` writes for multi-line keys, may be left to the fallback.
    expect(placed).toBeGreaterThan(450);
  });

  test('stops at an alias, where a reader sees it, and follows anchors written in place', () => {
    fc.assert(
      fc.property(tree, fc.array(fc.nat(), { maxLength: 6 }), (shared, choices) => {
        // The same object twice: `yaml` writes an anchor and an alias.
        const value = { first: shared, nested: { again: shared, own: [shared] } };
        const text = stringify(value, { version: '1.1' });
        for (const root of ['first', 'nested']) {
          const steps = [root, ...pathInto(value[root as keyof typeof value], choices, 'x')];
          expect(eventLine(text, steps)).toBe(referenceLine(text, steps));
        }
      }),
      { numRuns: 200 },
    );
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
    const at = (path: string) => eventLine(text, parseFieldPath(path));
    expect(at('spec.template.spec.hostNetwork')).toBe(11);
    expect(at('spec.template.spec.initContainers[0].image')).toBe(5);
    expect(at('spec.template.spec.containers[0].securityContext.privileged')).toBe(9);
    expect(at('spec.template.spec.containers[1].securityContext.runAsUser')).toBe(10);
    expect(at('spec.template.spec.volumes[0]')).toBe(2);
    expect(at('')).toBe(0);
  });

  test('a merged key is placed on the mapping that merges it; written keys keep their own lines', () => {
    const text = 'base: &b\n  a: 1\nspec:\n  <<: *b\n  c: 2\nlist:\n  - <<: [*b]\n    d: 3\n';
    for (const path of ['spec.a', 'spec.c', 'list[0].a', 'list[0].d', 'base.a']) {
      const steps = parseFieldPath(path);
      expect(eventLine(text, steps)).toBe(referenceLine(text, steps));
    }
    expect(eventLine(text, ['spec', 'a'])).toBe(2);
    expect(eventLine(text, ['list', 0, 'd'])).toBe(7);
  });

  test('multi-line scalars, tags and comments do not shift the lines after them', () => {
    const text = [
      '# a comment', //                  0
      'metadata:', //                    1
      '  annotations:', //               2
      '    note: |', //                  3
      '      line one', //               4
      '      line two', //               5
      '    folded: >-', //               6
      '      a b', //                    7
      '    plain: multi', //             8
      '      line scalar', //            9
      'spec: !!map', //                  10
      '  "quoted key": "a', //           11
      '    b"', //                       12
      '  tagged: !!str 1', //            13
    ].join('\n');
    for (const path of [
      'metadata.annotations.note',
      'metadata.annotations.folded',
      'metadata.annotations.plain',
      'spec["quoted key"]',
      'spec.tagged',
      'spec.missing',
    ]) {
      const steps = parseFieldPath(path);
      expect(eventLine(text, steps)).toBe(referenceLine(text, steps));
    }
    expect(eventLine(text, ['spec', 'tagged'])).toBe(13);
  });

  test('leaves what its events cannot place to another parser: explicit keys without values, flow pairs, empty items', () => {
    expect(eventLine('? a\n? b\n', ['b'])).toBeUndefined();
    expect(eventLine('list: [a: 1, b]\n', ['list', 0, 'a'])).toBeUndefined();
    expect(eventLine('list:\n-\n- a: 1\n', ['list', 1, 'a'])).toBeUndefined();
    expect(eventLine('flow: {a, b: 1}\n', ['flow', 'b'])).toBeUndefined();
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

  test('falls back to a position-keeping parser for what js-yaml cannot place', () => {
    expect(new FieldLocator('spec: [a: 1,\n  b: 2]\n', 5).lineOf('spec[1].b')).toBe(6);
  });

  test('an unreadable document has no field lines', () => {
    expect(new FieldLocator('a: [unclosed\n', 1).lineOf('a.b')).toBeUndefined();
  });
});
