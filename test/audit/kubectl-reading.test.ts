import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { auditPaths } from '../../src/audit';
import type { AuditReport } from '../../src/audit';
import { run } from '../../src/cli';
import { fakeIo } from '../cli/fake-io';
import { TempTree } from './temp-files';

/*
 * The audit reads a manifest as kubectl does (apimachinery's splitter, then go-yaml v2), or refuses
 * it with a location and a reason. Each case below is read differently by a YAML 1.2 reader
 * (js-yaml's default schema, shown by `yaml12`), which is how an insecure workload used to pass.
 */

const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

const SECURE = readFileSync(join(__dirname, '..', '..', 'examples', 'manifests', 'secure.yaml'), 'utf8');
const CONTAINER_CONTEXT = '          securityContext:\n            allowPrivilegeEscalation: false\n';
const POD_SPEC = '    spec:\n      automountServiceAccountToken: false\n';

/** The secure example with lines added to the container's securityContext. */
const withContainerLines = (...lines: string[]) =>
  SECURE.replace(CONTAINER_CONTEXT, `${CONTAINER_CONTEXT}${lines.map((l) => `            ${l}\n`).join('')}`);
/** The secure example with lines added to the pod spec. */
const withPodLines = (...lines: string[]) =>
  SECURE.replace(POD_SPEC, `${POD_SPEC}${lines.map((l) => `      ${l}\n`).join('')}`);

let count = 0;
function audit(text: string, extension = 'yaml'): AuditReport {
  const file = tree.write(`case-${++count}.${extension}`, text);
  return auditPaths([file], { onInputError: 'collect' });
}
const refusalOf = (report: AuditReport) => {
  expect(report.inputs.errors).toHaveLength(1);
  return report.inputs.errors[0];
};
/** What js-yaml's default YAML 1.2 schema reads at a path: the reading the audit must not have. */
const yaml12 = (text: string, path: readonly (string | number)[]) =>
  path.reduce<unknown>((node, step) => (node as Record<string, unknown>)[step], load(text));
const containerContext = ['spec', 'template', 'spec', 'containers', 0, 'securityContext'];

describe('YAML 1.1 scalars, resolved as go-yaml v2 resolves them', () => {
  test('the secure example passes as written', () => {
    expect(audit(SECURE).findings).toEqual([]);
  });

  test.each([
    ['privileged: yes', 'privileged'],
    ['privileged: on', 'privileged'],
    ['privileged: Y', 'privileged'],
    ['privileged: ON', 'privileged'],
  ])('`%s` is true for kubectl, a violation here (YAML 1.2 reads a string)', (line, field) => {
    const text = withContainerLines(line);
    expect(typeof yaml12(text, [...containerContext, field])).toBe('string');
    const report = audit(text);
    expect(report.inputs.errors).toEqual([]);
    expect(report.findings.some((f) => f.path.endsWith(field))).toBe(true);
  });

  test.each([['hostPID: on'], ['hostNetwork: yes'], ['hostIPC: Y']])(
    '`%s` in the pod spec is a violation',
    (line) => {
      const report = audit(withPodLines(line));
      expect(report.findings.length).toBeGreaterThan(0);
    },
  );

  test.each([
    ['runAsUser: 0_0', '0_0'],
    ['runAsUser: 00', '00'],
    ['runAsUser: 0x0', '0x0'],
    ['runAsUser: 0o0', '0o0'],
    ['runAsUser: 0b0', '0b0'],
    ['runAsUser: -0', '-0'],
  ])('`%s` is root for kubectl: a violation', (line) => {
    const text = withContainerLines(line);
    const report = audit(text);
    expect(report.inputs.errors).toEqual([]);
    expect(report.findings.some((f) => f.path.endsWith('runAsUser'))).toBe(true);
  });

  test('`0_0` and `00` read as strings in YAML 1.2, as 0 here', () => {
    expect(yaml12('a: 0_0\nb: 0b0\n', ['a'])).toBe('0_0');
  });

  test('a secure manifest written with no/yes passes', () => {
    const text = SECURE.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: no')
      .replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: yes')
      .replace('runAsNonRoot: true', 'runAsNonRoot: on')
      .replace('automountServiceAccountToken: false', 'automountServiceAccountToken: off')
      .replace('runAsUser: 10001', 'runAsUser: 10_001');
    expect(yaml12(text, [...containerContext, 'allowPrivilegeEscalation'])).toBe('no');
    const report = audit(text);
    expect(report.inputs.errors).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  test('a quoted "yes" stays a string for kubectl too (and is not a boolean false)', () => {
    const report = audit(SECURE.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: "no"'));
    expect(report.findings.length + report.inputs.errors.length).toBeGreaterThan(0);
  });

  test('`.inf` and `.nan` are refused with the message of kubectl; integers beyond 2^53 cannot be placed (JavaScript would round)', () => {
    for (const value of ['.inf', '-.Inf', '.nan']) {
      expect(refusalOf(audit(withContainerLines(`runAsUser: ${value}`)))?.problem).toMatch(
        /^kubectl refuses this file: .*json: unsupported value/,
      );
    }
    expect(refusalOf(audit(withContainerLines('runAsUser: 9007199254740993')))?.problem).toMatch(
      /beyond 2\^53/,
    );
  });

  test('a null or float mapping key is refused (kubectl cannot convert the first, formats the second its own way)', () => {
    expect(refusalOf(audit(withContainerLines('~: x')))?.problem).toMatch(
      /kubectl refuses .*unsupported map key/,
    );
    expect(refusalOf(audit(withContainerLines('1e6: x')))?.problem).toMatch(/key that is a float/);
  });

  test('a 1.1 boolean key is the string "true"/"false" for kubectl, and here', () => {
    const report = audit(withPodLines('nodeSelector: {y: a, off: b}'));
    expect(report.inputs.errors).toEqual([]);
  });
});

describe("document boundaries, as kubectl's splitter cuts them", () => {
  const hidden =
    'apiVersion: v1\nkind: Pod\nmetadata: {name: hidden}\nspec:\n  hostPID: true\n  containers:\n  - {name: c, image: i, securityContext: {privileged: true}}\n';

  test('`---#` hides a privileged pod from YAML 1.2, not from kubectl, nor from the audit', () => {
    const text = `${SECURE}---# next\n${hidden}`;
    // For YAML 1.2, `---# next` is no separator: the stream is one (malformed) document.
    expect(() => load(text)).toThrow();
    const report = audit(text);
    expect(report.inputs.errors).toEqual([]);
    expect(report.summary.workloads).toBe(2);
    expect(report.findings.some((f) => f.name === 'hidden' && f.path.endsWith('privileged'))).toBe(true);
  });

  test('`---x` (an error for kubectl) and `--- {...}` (content on the marker line) are refused with line and column', () => {
    const error = refusalOf(audit(`${SECURE}---x\n${hidden}`));
    expect(error?.message).toMatch(
      /case-\d+\.yaml:52: kubectl refuses this file: .*invalid Yaml document separator: x/,
    );
    expect(refusalOf(audit(`--- ${JSON.stringify({ kind: 'Pod' })}\n`))?.line).toBe(1);
  });

  test('`...` ends the document as it does for kubectl: what follows it up to the next `---` is not applied', () => {
    const report = audit(`${SECURE}...\n${hidden}`);
    expect(report.inputs.errors).toEqual([]);
    expect(report.summary.workloads).toBe(1);
    expect(report.findings).toEqual([]);
  });

  test('a `---#` first line is refused with the message of kubectl, which hands it to go-yaml, which reads text', () => {
    expect(refusalOf(audit(`---#x\n${hidden}`))?.problem).toMatch(/^kubectl refuses this file/);
  });
});

describe('line breaks, BOM, CRLF and tabs', () => {
  test.each([
    ['U+2028 in a comment', '\u2028', 'kind: Pod # note\u2028spec: {hostPID: true}\n'],
    [
      'U+2029 in a plain scalar',
      '\u2029',
      'kind: Pod\nmetadata: {name: a}\nspec:\n  nodeName: a\u2029  hostPID: true\n',
    ],
    ['NEL in a key', '\u0085', 'kind: Pod\nspec:\n  na\u0085hostPID: true\n'],
  ])('%s is refused: it hides keys from js-yaml that Kubernetes reads', (_name, character, text) => {
    expect(text).toContain(character);
    const error = refusalOf(audit(text));
    expect(error?.problem).toMatch(
      /^kubectl reads (`[^`]*` differently from this audit|this document, but this audit cannot place)/,
    );
  });

  test('the U+2028 trick really hides hostPID from YAML 1.2', () => {
    expect(load('kind: Pod # note\u2028hostPID: true\n')).toEqual({ kind: 'Pod' });
  });

  test('a carriage return alone is a line break, as for kubectl; CRLF line ends read as LF', () => {
    const alone = audit(
      'apiVersion: v1\rkind: Pod\rmetadata: {name: p}\rspec: {hostPID: true, containers: []}\n',
    );
    expect(alone.inputs.errors).toEqual([]);
    expect(alone.findings.some((f) => f.path.endsWith('hostPID'))).toBe(true);
    const report = audit(SECURE.replaceAll('\n', '\r\n'));
    expect(report.inputs.errors).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  test('a BOM at the start is skipped; anywhere else it is part of a key, as kubectl reads it', () => {
    expect(audit(`\uFEFF${SECURE}`).findings).toEqual([]);
    const report = audit(SECURE.replace('kind:', '\uFEFFkind:'));
    expect(report.inputs.errors).toEqual([]);
    expect(report.summary.workloads).toBe(0);
  });

  test('a tab-indented comment line (go-yaml refuses it) is refused with the message of kubectl', () => {
    expect(refusalOf(audit(`apiVersion: v1\n\t# note\nkind: Pod\n`))).toMatchObject({ line: 2 });
  });
});

describe('merge keys, duplicate keys, anchors and tags', () => {
  test('a merge that would override an explicit key above it (go-yaml v2 lets it) is refused', () => {
    const text = withContainerLines('privileged: false', '<<: {privileged: true}');
    // YAML 1.2 readers keep the explicit false: kubectl runs the pod privileged.
    expect(yaml12(text, [...containerContext, 'privileged'])).toBe(false);
    const error = refusalOf(audit(text));
    expect(error?.problem).toMatch(
      /kubectl reads `spec\.template\.spec\.containers\[0\]\.securityContext\.privileged` differently/,
    );
  });

  test('a merge written before the explicit keys reads as every reader reads it', () => {
    const report = audit(withContainerLines('<<: {privileged: true}', 'privileged: false'));
    expect(report.inputs.errors).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  test('a later merge overriding an earlier merge is refused', () => {
    const text = withContainerLines('<<: {privileged: false}', '<<: {privileged: true}');
    expect(refusalOf(audit(text))?.problem).toMatch(/securityContext\.privileged` differently/);
  });

  test('duplicate keys in YAML read last-wins, as kubectl (go-yaml v2, non-strict) reads them', () => {
    const report = audit(withContainerLines('privileged: false', 'privileged: true'));
    expect(report.inputs.errors).toEqual([]);
    expect(report.findings.some((f) => f.path.endsWith('privileged'))).toBe(true);
  });

  test('duplicate keys in JSON read last-wins, as kubectl (Go encoding/json) reads them', () => {
    const json = JSON.stringify(load(SECURE)).replace('"privileged"', '"x"');
    const text = json.replace(
      '"allowPrivilegeEscalation":false',
      '"privileged":false,"privileged":true,"allowPrivilegeEscalation":false',
    );
    const report = audit(text, 'json');
    expect(report.inputs.errors).toEqual([]);
    expect(report.findings.some((f) => f.path.endsWith('privileged'))).toBe(true);
  });

  test('a .json file that does not start with `{` is YAML for kubectl, and here', () => {
    const report = audit(`# a comment\n${JSON.stringify(load(SECURE))}`, 'json');
    expect(report.inputs.errors).toEqual([]);
    expect(report.summary.workloads).toBe(1);
  });

  test('!!binary and custom tags cannot be placed (exit 2); !!str and !!bool read as go-yaml reads them', () => {
    expect(refusalOf(audit(withContainerLines('privileged: !!binary dHJ1ZQ==')))?.problem).toMatch(
      /cannot place its fields: unknown tag/,
    );
    expect(refusalOf(audit(withContainerLines('privileged: !mine true')))?.problem).toMatch(/unknown tag/);
    const report = audit(withContainerLines('privileged: !!bool "yes"'));
    expect(report.findings.some((f) => f.path.endsWith('privileged'))).toBe(true);
  });

  test('an anchor name go-yaml rejects is refused', () => {
    expect(refusalOf(audit(withPodLines('nodeSelector: &a.b {x: y}')))?.problem).toMatch(
      /^kubectl refuses this file/,
    );
  });
});

describe('the CLI on a refused file', () => {
  test('exits 2 naming file:line:column and the reason', async () => {
    const file = tree.write('hidden.yaml', 'kind: Pod # note\u2028spec: {hostPID: true}\n');
    const { io, out, err } = fakeIo();
    const code = await run(['audit', file], io);
    expect(code).toBe(2);
    expect(`${out()}${err()}`).toContain(
      `${file}:1: kubectl reads \`spec\` differently from this audit's position-aware parse`,
    );
  });

  test('exits 2 on a `---x` separator, and 1 (a violation) once it is fixed to `---#`', async () => {
    const privileged =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: c, image: i, securityContext: {privileged: yes}}\n';
    const broken = tree.write('broken.yaml', `${SECURE}---x\n${privileged}`);
    const { io, out, err } = fakeIo();
    expect(await run(['audit', broken], io)).toBe(2);
    expect(`${out()}${err()}`).toMatch(
      /broken\.yaml:52: kubectl refuses this file: .*invalid Yaml document separator/,
    );
    const fixed = tree.write('fixed.yaml', `${SECURE}---#\n${privileged}`);
    expect(await run(['audit', fixed], fakeIo().io)).toBe(1);
  });
});
