import fc from 'fast-check';
import { load, loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { splitYamlDocuments } from '../../src/audit/yaml-documents';

const split = (text: string) => [...splitYamlDocuments(text)];

describe('splitYamlDocuments', () => {
  test('splits on --- and reports where each document and its content start', () => {
    const text = '# leading comment\na: 1\n---\n# about b\nb: 2\n---\n\n---\nc: 3\n';
    expect(split(text)).toEqual([
      { text: '# leading comment\na: 1\n', firstLine: 1, contentLine: 2 },
      { text: '---\n# about b\nb: 2\n', firstLine: 3, contentLine: 5 },
      { text: '---\nc: 3\n', firstLine: 8, contentLine: 9 },
    ]);
  });

  test('keeps a directive with its document and honours the ... end marker', () => {
    const docs = split('%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n');
    expect(docs.map((d) => load(d.text))).toEqual([{ a: 1 }, { b: 2 }]);
    expect(docs.map((d) => d.contentLine)).toEqual([3, 6]);
  });

  test('content on the marker line starts the document there', () => {
    expect(split('--- |\n  text\n--- {a: 1}\n').map((d) => [d.contentLine, load(d.text)])).toEqual([
      [1, 'text\n'],
      [3, { a: 1 }],
    ]);
  });

  test('a --- inside a scalar is not a boundary unless it starts a line', () => {
    const docs = split('a: "x --- y"\nb: |\n  ---not a marker\n  ----\n');
    expect(docs).toHaveLength(1);
  });

  test('comment-only and empty streams hold no document', () => {
    expect(split('')).toEqual([]);
    expect(split('# nothing here\n\n---\n# still nothing\n')).toEqual([]);
  });

  test('agrees with js-yaml loadAll on multi-document streams', () => {
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
