import fc from 'fast-check';
import { yamlHazards } from 'hardened-workloads';
import { sealRendering } from '../../src/posture/sealed-rendering';

const manifest = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        automountServiceAccountToken: false,
        containers: [
          { name: 'app', image: 'x:1', args: ['--port', '8080'], ports: [{ containerPort: 8080 }] },
        ],
      },
    },
  },
});

function everyObjectIn(value: unknown): object[] {
  if (value === null || typeof value !== 'object') return [];
  return [value, ...Object.values(value).flatMap(everyObjectIn)];
}

describe('sealing a rendered manifest', () => {
  test('plain JSON data: a frozen copy holding the same data, sharing no object with the rendering', () => {
    const rendered = manifest();
    const sealed = sealRendering(rendered);
    expect(sealed.manifest).toEqual(manifest());
    expect(sealed.hazards).toEqual([]);
    const copies = everyObjectIn(sealed.manifest);
    expect(copies.every((node) => Object.isFrozen(node))).toBe(true);
    const originals = new Set(everyObjectIn(rendered));
    expect(copies.some((node) => originals.has(node))).toBe(false);
    expect(() => {
      (sealed.manifest.spec as { hostPID?: boolean }).hostPID = true;
    }).toThrow(TypeError);
  });

  test('hazards are found in the copy with their paths, as the walk finds them', () => {
    const rendered = {
      ...manifest(),
      metadata: { name: 'web', labels: { '0o17': 'x' }, annotations: { '<<': 'y', 'a/b': 'x\u2028y' } },
      data: ['\tb\nc', 'lone \ud800 surrogate', 'paired \ud83d\ude80 is fine'],
    };
    const sealed = sealRendering(rendered);
    expect(sealed.hazards).toEqual(yamlHazards(rendered));
    expect(sealed.hazards.map((h) => h.path.join('.'))).toEqual([
      'metadata.labels.0o17',
      'metadata.annotations.<<',
      'metadata.annotations.a/b',
      'data.0',
      'data.1',
    ]);
    expect(everyObjectIn(sealed.manifest).every((node) => Object.isFrozen(node))).toBe(true);
  });

  // cdk8s writes these as they are (-0, .nan, .inf) or refuses them; JSON text would change them.
  test.each<[string, (m: Record<string, unknown>) => void]>([
    ['-0', (m) => (m.replicas = -0)],
    ['NaN', (m) => (m.replicas = Number.NaN)],
    ['Infinity', (m) => (m.replicas = Number.POSITIVE_INFINITY)],
    ['a function', (m) => (m.hook = () => 1)],
    ['a symbol', (m) => (m.tag = Symbol('t'))],
    ['undefined in an array', (m) => (m.args = ['a', undefined])],
    ['a toJSON method', (m) => (m.when = { toJSON: () => 'now' })],
    ['a bigint', (m) => (m.big = 1n)],
  ])('%s: the rendering itself is frozen, never a copy that differs', (_label, change) => {
    const rendered = manifest() as Record<string, unknown>;
    change(rendered.spec as Record<string, unknown>);
    const sealed = sealRendering(rendered);
    expect(sealed.manifest).toBe(rendered);
    expect(Object.isFrozen(rendered.spec)).toBe(true);
  });

  // The text screen decides whether the walk runs at all: it must never miss a hazard.
  test('the JSON text screen misses no key or string the YAML reader reads differently', () => {
    const piece = fc.constantFrom(
      'a',
      'é',
      ' ',
      '0',
      'o',
      'O',
      '-',
      '+',
      '<',
      '"',
      '\\',
      'u',
      'd',
      '8',
      '\n',
      '\t',
      '\r',
      '\u0085',
      '\u007f',
      '\u0080',
      '\u009f',
      '\u00a0',
      '\u2028',
      '\u2029',
      '\ufeff',
      '\ufffe',
      '\uffff',
      '\ud800',
      '\udc00',
      '\ud83d\ude80',
    );
    const text = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''));
    const seeded = fc.oneof(text, fc.constantFrom('0o17', '-0o7', '<<', '\n\tx\ny', '\tx\ny'));
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        seeded,
        fc.integer(),
        fc.boolean(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(seeded, tie('node'), { maxKeys: 3 }),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(seeded, value.node, { maxKeys: 4 }), (rendered) => {
        const expected = yamlHazards(rendered);
        const sealed = sealRendering(rendered);
        expect(sealed.hazards).toEqual(expected);
        expect(sealed.manifest).toEqual(rendered);
      }),
      { numRuns: 3000 },
    );
  });
});
