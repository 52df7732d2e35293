import { formatFieldPath, yamlHazards, yamlStringHazard } from 'hardened-workloads';
import { freezeFindingYamlHazards } from '../../src/posture/yaml-fidelity';

/*
 * Each case was read back with sigs.k8s.io/yaml (go-yaml v2, as kubectl) after the cdk8s writer
 * (eemeli/yaml, YAML 1.1 mode, lineWidth 0) wrote it: the hazards read differently or not at all,
 * the safe strings read back unchanged.
 */
describe('strings Kubernetes would read differently from what cdk8s writes', () => {
  test.each([
    ['\u2028', "holds U+2028, a line break for Kubernetes' YAML reader"],
    ['/app\u2029x', "holds U+2029, a line break for Kubernetes' YAML reader"],
    ['a\u0085b', "holds U+0085, a line break for Kubernetes' YAML reader"],
    ['a\u007fb', "holds U+007F, a character Kubernetes' YAML reader refuses"],
    ['a\u0080b', "holds U+0080, a character Kubernetes' YAML reader refuses"],
    ['a\u009fb', "holds U+009F, a character Kubernetes' YAML reader refuses"],
    ['a\ufffe', "holds U+FFFE, a character Kubernetes' YAML reader refuses"],
    ['a\udc00b', "holds U+DC00, a character Kubernetes' YAML reader refuses"],
    ['0o17', 'is "0o17", an octal number for Kubernetes\' YAML reader (YAML 1.1), not a string'],
    ['-0o1_7', 'is "-0o1_7", an octal number for Kubernetes\' YAML reader (YAML 1.1), not a string'],
    [
      '\tx\ny',
      "spans lines and its first non-empty line starts with a tab: cdk8s writes it as a block scalar, which Kubernetes' YAML reader refuses (a tab where indentation is expected)",
    ],
    [
      '\n\n\tq',
      "spans lines and its first non-empty line starts with a tab: cdk8s writes it as a block scalar, which Kubernetes' YAML reader refuses (a tab where indentation is expected)",
    ],
  ])('%j', (text, problem) => {
    expect(yamlStringHazard(text, 'value')).toBe(problem);
    expect(yamlStringHazard(text, 'key')).toBe(problem);
  });

  test.each([
    'yes',
    'on',
    '017',
    '0x1F',
    '0b101',
    '1_000',
    '0o8',
    '0o',
    '<<',
    'tab\there',
    'new\nline',
    // A tab after the first line of a block scalar is content, read back as written.
    'x\n\tb',
    ' \n\tb',
    'nul\u0000',
    'café 世界 🚀',
    '\ufeffbom',
    'a\u00a0b',
  ])('%j reads back unchanged as a value', (text) => {
    expect(yamlStringHazard(text, 'value')).toBeUndefined();
  });

  test('<< is a merge key only as a key', () => {
    expect(yamlStringHazard('<<', 'key')).toMatch(/merge key/);
  });

  test('every key and value of a manifest is walked, with its path', () => {
    const hazards = yamlHazards({
      metadata: { annotations: { 'a/b': 'x\u2028y', '<<': 'v' } },
      spec: { containers: [{ name: 'api', args: ['ok', '0o7'] }] },
    });
    expect(hazards.map((h) => [formatFieldPath(h.path), h.in])).toEqual([
      ['metadata.annotations["a/b"]', 'value'],
      ['metadata.annotations["<<"]', 'key'],
      ['spec.containers[0].args[1]', 'value'],
    ]);
    expect(formatFieldPath(['metadata', 'labels', 'x\u2028'])).toBe('metadata.labels["x\\u2028"]');
  });
});

describe('the freezing walk a construct gives its rendered manifest', () => {
  const manifest = () => ({
    kind: 'Deployment',
    metadata: { name: 'web', labels: { '0o17': 'x' } },
    spec: {
      template: { spec: { containers: [{ name: 'app', workingDir: '/app\u2028x', args: ['a', '\tb\nc'] }] } },
    },
  });

  test('finds what yamlHazards finds, with the same paths', () => {
    expect(freezeFindingYamlHazards(manifest())).toEqual(yamlHazards(manifest()));
    expect(freezeFindingYamlHazards(manifest())).toHaveLength(3);
  });

  test('freezes every object and array, also past the first hazard', () => {
    const value = manifest();
    freezeFindingYamlHazards(value);
    const container = value.spec.template.spec.containers[0];
    for (const node of [
      value,
      value.metadata,
      value.metadata.labels,
      value.spec.template.spec.containers,
      container,
      container?.args,
    ]) {
      expect(Object.isFrozen(node)).toBe(true);
    }
    expect(() => {
      (container as { privileged?: boolean }).privileged = true;
    }).toThrow(TypeError);
  });

  test('a manifest without hazards is frozen and has none', () => {
    const value = { kind: 'Pod', spec: { containers: [{ name: 'a', image: 'x:1' }] } };
    expect(freezeFindingYamlHazards(value)).toEqual([]);
    expect(Object.isFrozen(value.spec.containers[0])).toBe(true);
  });
});

describe('every number spelling go-yaml v2 reads that the cdk8s writer leaves unquoted', () => {
  // The writer cdk8s uses (its own copy of yaml, YAML 1.1): what it writes plain is what kubectl reads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- cdk8s's nested copy has no types of its own here
  const cdk8sYaml = require('cdk8s/node_modules/yaml') as {
    stringify(value: unknown, options: Record<string, unknown>): string;
  };
  const written = (text: string) => cdk8sYaml.stringify({ v: text }, { version: '1.1', lineWidth: 0 }).trim();

  test.each(['0X1F', '0B1', '-_1', '+_1', '0O17', '-0X1F', '1E_5', '1_0.5e3_'])(
    '%s is written plain by cdk8s and reported as a number for Kubernetes',
    (text) => {
      expect(written(text)).toBe(`v: ${text}`);
      expect(yamlStringHazard(text, 'value')).toContain("Kubernetes' YAML reader");
      expect(yamlStringHazard(text, 'key')).toBeDefined();
    },
  );

  test.each([
    '8080',
    '1_000',
    '0x1F',
    '+0x1F',
    '0b101',
    '1.2.3',
    '1e5',
    '.5',
    '_1',
    'v1_0',
    '10001',
    '0_7',
    '1:20',
  ])('honest: %s is quoted by cdk8s (or not a number for go-yaml), so it is no hazard', (text) => {
    expect(yamlStringHazard(text, 'value')).toBeUndefined();
  });
});
