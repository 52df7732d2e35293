import fc from 'fast-check';
import { load, loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { splitKubectlDocuments } from '../../src/audit/yaml-documents';

const split = (text: string) => {
  const result = splitKubectlDocuments(text);
  if (result.refusal) throw new Error(`refused: ${result.refusal.problem}`);
  return result.documents;
};
const refusal = (text: string) => splitKubectlDocuments(text).refusal;

describe('splitKubectlDocuments', () => {
  test('splits on --- lines (left out of both documents) and reports where each document and its content start', () => {
    const text = '# leading comment\na: 1\n---\n# about b\nb: 2\n---\n\n---\nc: 3\n';
    expect(split(text)).toEqual([
      { text: '# leading comment\na: 1\n', firstLine: 1, contentLine: 2 },
      { text: '# about b\nb: 2\n', firstLine: 4, contentLine: 5 },
      { text: 'c: 3\n', firstLine: 9, contentLine: 9 },
    ]);
  });

  test('`---#` and `--- #` separate documents for kubectl, so they do here', () => {
    // YAML 1.2 reads `---#x` as a plain scalar continuing the document: kubectl starts a new one.
    expect(split('a: 1\n---#x\nprivileged: true\n').map((d) => load(d.text))).toEqual([
      { a: 1 },
      { privileged: true },
    ]);
    expect(split('a: 1\n---   # note\nb: 2\n---\t\n')).toHaveLength(2);
    // Go's TrimSpace also trims a no-break space.
    expect(split('a: 1\n---\u00a0\nb: 2\n')).toHaveLength(2);
  });

  test('a --- line with content is refused (kubectl: invalid separator; YAML: a document start)', () => {
    expect(refusal('a: 1\n---x\nb: 2\n')).toMatchObject({ line: 2, column: 4 });
    expect(refusal('--- {a: 1}\n')).toMatchObject({ line: 1, column: 5 });
    expect(refusal('--- |\n  text\n')?.problem).toMatch(/invalid Yaml document separator/);
  });

  test('`...` and `%` directive lines are refused: kubectl would ignore what follows, or keep the directive', () => {
    expect(refusal('a: 1\n...\nprivileged: true\n')).toMatchObject({ line: 2, column: 1 });
    expect(refusal('%YAML 1.2\n---\na: 1\n')?.problem).toMatch(/directive/);
  });

  test('a --- inside a scalar is not a boundary unless it starts a line', () => {
    const docs = split('a: "x --- y"\nb: |\n  ---not a marker\n  ----\n');
    expect(docs).toHaveLength(1);
  });

  test('comment-only and empty streams hold no document', () => {
    expect(split('')).toEqual([]);
    expect(split('# nothing here\n\n---\n# still nothing\n')).toEqual([]);
  });

  test('agrees with js-yaml loadAll on streams whose separators are plain `---` lines', () => {
    const value = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), {
      minKeys: 1,
      maxKeys: 5,
    });
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), (docs) => {
        const text = docs.map((doc) => `---\n${stringify(doc)}`).join('');
        const outcome = (read: () => unknown) => {
          try {
            return read();
          } catch (error) {
            return (error as Error).name;
          }
        };
        expect(outcome(() => split(text).map((d) => load(d.text)))).toEqual(outcome(() => loadAll(text)));
      }),
      { numRuns: 150 },
    );
  });
});
