import fc from 'fast-check';

/*
 * Manifests written to be read differently by js-yaml (YAML 1.2) and kubectl (go-yaml v2, YAML 1.1,
 * apimachinery's splitter): YAML 1.1 scalars in security fields, line separators in comments,
 * scalars and keys, document separator variants, merge keys before and after explicit keys,
 * anchors and aliases, tags, a BOM, CRLF and tabs. Each is a whole file's text.
 */

const BOOLEANS = [
  'true',
  'false',
  'True',
  'FALSE',
  'yes',
  'no',
  'Yes',
  'NO',
  'on',
  'off',
  'On',
  'OFF',
  'y',
  'n',
  'Y',
  'N',
  '"yes"',
  "'on'",
  '"true"',
  '!!bool yes',
  '!!bool "on"',
  '!!str yes',
  '!!str true',
  '!custom true',
  '!!binary dHJ1ZQ==',
  '~',
  'null',
  '',
  '1',
  '0',
  'yes # comment',
  '&b yes',
  '!!bool',
  'tRUE',
  'nO',
];
const INTEGERS = [
  '0',
  '1000',
  '0_0',
  '00',
  '000',
  '0x0',
  '0X0',
  '0o0',
  '0O0',
  '0b0',
  '0B0',
  '017',
  '08',
  '09',
  '1_000',
  '1__0',
  '0x_10',
  '+0',
  '-0',
  '+1000',
  '-1',
  '0.0',
  '1e3',
  '1E3',
  '.5',
  '1.',
  '.inf',
  '-.Inf',
  '.nan',
  '~',
  '"0"',
  "'1000'",
  '!!int "0"',
  '!!int 0x0',
  '!!float 0',
  '!!str 0',
  '0o',
  '0x',
  '0b2',
  '_0',
  '0_',
  '9007199254740993',
  '99999999999999999999',
  '18446744073709551615',
  '-9223372036854775808',
  '0x8000000000000000',
  '1_0.5',
  '0.5e-3',
  '2001-01-01',
  '12:30',
];
const STRINGS = [
  'app',
  'nginx:1.25',
  '"quoted # not a comment"',
  "'single ''quoted'''",
  'a b',
  'x: y',
  '"x: y"',
  'a#b',
  '>-\n      folded\n      text',
  '|\n      literal\n      text',
  '"esc \\u2028 aped"',
  '"multi\n      line"',
  '&a anchored',
  '*a',
  '!!str 123',
  '[a, b]',
  '{a: b}',
  '"\\t"',
  '-dash',
  '? q',
  '@at',
  '%pct',
  '"--- x"',
  // Tabs that both readers keep inside a scalar, and surrogate escapes go-yaml refuses.
  '"tab\there"',
  "'tab\there'",
  'tab\tinside',
  '|\n      tabbed\tline\n      \tlead',
  '>\n      folded\n      \tmore',
  '"multi\n      \tline"',
  '[a,\tb]',
  '{\ta: b}',
  '"\\ud800"',
  '"\\udfff x"',
  '"\\ud83d\\ude00"',
  '"\\U0001F600"',
  '"\\U0000DC00"',
  '"\\U00110000"',
  '"\\\\ud800"',
  "'\\ud800'",
];
/** Mapping keys that are collections: go-yaml v2 refuses them ("invalid map key"), js-yaml writes text. */
const COMPLEX_KEYS = [
  '? [a, b]\n: c',
  '? {a: 1}\n: c',
  '[a, b]: c',
  '{a: 1}: c',
  '? - a\n: c',
  'k: {[a]: 1}',
  'k: [[a]: 1]',
  'k: [a: 1]',
  '? a\n: c',
  '? |\n  a\n: c',
  '"[a]": c',
];
const LINE_BREAKS = ['\u2028', '\u2029', '\u0085', '\r', '\r\n', '\n'];
const SEPARATORS = [
  '---',
  '---#x',
  '--- #x',
  '---\t#',
  '---  ',
  '---x',
  '--- x',
  '--- |',
  '...',
  '...\n---',
  '---\u00a0',
  ' ---',
  '#---',
  '----',
];
const POD_FLAGS = ['hostPID', 'hostNetwork', 'hostIPC'];
const CONTAINER_FLAGS = ['privileged', 'allowPrivilegeEscalation', 'runAsNonRoot', 'readOnlyRootFilesystem'];
const INT_FIELDS = ['runAsUser', 'runAsGroup'];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
/** Usually `usual`, one time in `odds` one of `rare`: most files stay readable, each with a twist. */
const mostly = <T>(usual: T, rare: readonly T[], odds: number) =>
  fc.oneof({ weight: odds - 1, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: pick(rare) });

/** Where a trailer's hidden key takes the indentation of the line it follows (filled in at the end). */
const SAME_INDENT = '{{indent}}';

/** A hostile trailer appended after a value: a line separator hiding a key, in a comment or not. */
const trailer = fc.oneof(
  { weight: 60, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .tuple(pick(LINE_BREAKS), pick([...POD_FLAGS, ...CONTAINER_FLAGS]))
      .map(([b, f]) => `${b}${SAME_INDENT}${f}: true`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(pick(LINE_BREAKS), pick([...POD_FLAGS, ...CONTAINER_FLAGS]))
      .map(([b, f]) => ` # note${b}${SAME_INDENT}${f}: true`),
  },
);

const securityLine = (fields: readonly string[], values: readonly string[]) =>
  fc.tuple(pick(fields), pick(values), trailer).map(([field, value, tail]) => `${field}: ${value}${tail}`);

/** The key of a `key: value` line (one key per mapping, as duplicates are refused anyway). */
const field = (line: string) => line.slice(0, line.indexOf(':'));

/** A mapping's lines, with an optional merge key before, between or after them. */
const withMerge = (lines: fc.Arbitrary<string[]>) =>
  fc
    .tuple(
      lines,
      fc.option(
        pick([
          '<<: *defaults',
          '<<: [*defaults, *more]',
          '<<: *more',
          '"<<": *more',
          '<<: {privileged: true}',
        ]),
      ),
      fc.nat(),
    )
    .map(([entries, merge, at]) => {
      if (merge === null) return entries;
      const copy = [...entries];
      copy.splice(at % (copy.length + 1), 0, merge);
      return copy;
    });

const indent = (lines: readonly string[], spaces: number) =>
  lines.map((line) =>
    line
      .split('\n')
      .map((part) => ' '.repeat(spaces) + part)
      .join('\n'),
  );

const podDocument = fc
  .record({
    kind: pick(['Pod', 'Deployment']),
    name: mostly('app', STRINGS, 3),
    annotation: fc.tuple(mostly('text', STRINGS, 3), trailer).map(([s, t]) => s + t),
    anchors: fc.boolean(),
    podLines: withMerge(fc.uniqueArray(securityLine(POD_FLAGS, BOOLEANS), { maxLength: 3, selector: field })),
    containerLines: withMerge(
      fc.uniqueArray(fc.oneof(securityLine(CONTAINER_FLAGS, BOOLEANS), securityLine(INT_FIELDS, INTEGERS)), {
        maxLength: 4,
        selector: field,
      }),
    ),
    complexKey: mostly(null, COMPLEX_KEYS, 12),
    keyBreak: fc.oneof(
      { weight: 15, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.tuple(pick(LINE_BREAKS), pick(POD_FLAGS)) },
    ),
  })
  .map(({ kind, name, annotation, anchors, podLines, containerLines, complexKey, keyBreak }) => {
    const defaults = anchors
      ? [
          'x-defaults: &defaults',
          '  privileged: true',
          '  runAsUser: 0',
          'x-more: &more',
          '  hostPID: true',
          '  privileged: false',
        ]
      : ['x-defaults: &defaults {privileged: true, runAsUser: 0}', 'x-more: &more {hostPID: true}'];
    const podSpec = [
      ...podLines,
      ...(keyBreak === null ? [] : [`na${keyBreak[0]}${keyBreak[1]}: true`]),
      'containers:',
      '- name: app',
      '  image: nginx',
      '  securityContext:',
      ...indent(containerLines, 4),
    ];
    const spec = kind === 'Pod' ? indent(podSpec, 2) : ['  template:', '    spec:', ...indent(podSpec, 6)];
    return [
      ...defaults,
      `apiVersion: ${kind === 'Pod' ? 'v1' : 'apps/v1'}`,
      `kind: ${kind}`,
      'metadata:',
      `  name: ${name}`,
      '  annotations:',
      `    note: ${annotation}`,
      ...(complexKey === null ? [] : indent(complexKey.split('\n'), 4)),
      'spec:',
      ...spec,
    ]
      .map((line) => line.replaceAll(SAME_INDENT, ' '.repeat(line.length - line.trimStart().length)))
      .join('\n');
  });

/**
 * Where a tab goes: [what it replaces, the replacement], at one of the places that match. go-yaml v2
 * skips a tab between block tokens only where a simple key cannot start (not in indentation, not
 * after `-`, `?` or an explicit key's `:`), and keeps tabs inside scalars and flow collections.
 */
const TAB_PLACEMENTS: Readonly<Record<string, readonly [RegExp, string]>> = {
  'after-colon': [/: /g, ':\t'],
  'before-colon': [/:(?= )/g, '\t:'],
  'after-dash': [/- /g, '-\t'],
  'after-dash-space': [/- /g, '- \t'],
  'before-dash': [/\n( *)- /g, '\n$1\t- '],
  indent: [/\n {2}/g, '\n\t'],
  'indent-after-spaces': [/\n {4}/g, '\n  \t'],
  comment: [/\n/g, '\n\t# tabbed comment\n'],
  'comment-after-spaces': [/\n( +)/g, '\n$1\t# tabbed comment\n$1'],
  'blank-line': [/\n( +)/g, '\n$1\t\n$1'],
  'blank-line-deeper': [/\n( +)/g, '\n$1 \t\n$1'],
  'comment-deeper': [/\n( +)/g, '\n$1 \t# tabbed comment\n$1'],
  trailing: [/\n/g, '\t\n'],
  'in-flow': [/, /g, ',\t'],
  'flow-open': [/\{/g, '{\t'],
  'explicit-key': [/\n( *)(\w+): /g, '\n$1?\t$2\n$1: '],
  'explicit-value': [/\n( *)(\w+): /g, '\n$1? $2\n$1:\t'],
  'after-anchor': [/(&\w+) /g, '$1\t'],
  'after-tag': [/(!!\w+) /g, '$1\t'],
  'before-comment': [/ #/g, '\t#'],
  'in-plain': [/(\w) (\w)/g, '$1\t$2'],
};

/** `text` with the `n`th match of `pattern` (modulo their count) replaced. */
function replaceNth(text: string, pattern: RegExp, replacement: string, n: number): string {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const match = matches[n % matches.length] as RegExpMatchArray;
  const at = match.index as number;
  return (
    text.slice(0, at) +
    match[0].replace(new RegExp(pattern.source), replacement) +
    text.slice(at + match[0].length)
  );
}

/** Whole-file changes: a BOM, CRLF line ends, tabs, and one stray character somewhere. */
const fileMutation = fc.record({
  bom: mostly('none', ['start', 'start', 'middle'], 8),
  crlf: mostly('none', ['all', 'all', 'some'], 6),
  tabs: fc.tuple(mostly('none', Object.keys(TAB_PLACEMENTS), 4), fc.nat()),
  stray: fc.oneof(
    { weight: 9, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        pick(['\u2028', '\t', '#', '\uFEFF', ':', '-', '&', '*', '!', '"', "'", '\r', ' ', '{']),
        fc.nat(),
      ),
    },
  ),
});

function mutate(text: string, m: FileMutation): string {
  let out = text;
  const placement = TAB_PLACEMENTS[m.tabs[0]];
  if (placement !== undefined) out = replaceNth(out, placement[0], placement[1], m.tabs[1]);
  if (m.crlf === 'all') out = out.replaceAll('\n', '\r\n');
  if (m.crlf === 'some') out = out.replace(/\n/g, (nl, offset: number) => (offset % 3 === 0 ? '\r\n' : nl));
  if (m.stray !== null) {
    const at = m.stray[1] % (out.length + 1);
    out = out.slice(0, at) + m.stray[0] + out.slice(at);
  }
  if (m.bom === 'start') out = '\uFEFF' + out;
  if (m.bom === 'middle') out = out.replace('\nkind', '\n\uFEFFkind');
  return out;
}

type FileMutation = {
  readonly bom: string;
  readonly crlf: string;
  readonly tabs: readonly [string, number];
  readonly stray: readonly [string, number] | null;
};

/** A YAML stream of one to three documents joined by separator variants, then mutated. */
export const adversarialYamlFile: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(podDocument, { minLength: 1, maxLength: 3 }),
    fc.array(mostly('---', SEPARATORS, 4), { minLength: 3, maxLength: 3 }),
    fc.boolean(),
    fileMutation,
  )
  .map(([docs, separators, leading, mutation]) => {
    let text = leading ? `${separators[2] as string}\n` : '';
    docs.forEach((doc, i) => {
      if (i > 0) text += `\n${separators[i - 1] as string}\n`;
      text += doc;
    });
    return mutate(`${text}\n`, mutation);
  });

/** A JSON manifest: duplicate keys, a leading BOM or spaces, literal line separators in strings, a second object. */
export const adversarialJsonFile: fc.Arbitrary<string> = fc
  .record({
    privileged: fc.boolean(),
    duplicate: fc.option(fc.boolean()),
    lead: pick(['', ' \n', '\uFEFF', '\u00a0', '# c\n']),
    inString: fc.oneof(
      {
        weight: 12,
        arbitrary: pick(['plain', 'with\u2028separator', 'tab\there', 'quote\\"d', 'esc\\u2028aped']),
      },
      {
        weight: 1,
        // UTF-16 escapes: Go's encoding/json turns a lone surrogate into U+FFFD, JSON.parse keeps it.
        arbitrary: pick([
          'lone\\ud800',
          'low\\udc00',
          'pair\\ud83d\\ude00',
          'reversed\\ude00\\ud83d',
          'high-high\\ud800\\ud800',
          'escaped\\\\ud800',
          'upper\\uD83D\\uDE00',
          'half\\ud83d\\u0041',
        ]),
      },
    ),
    surrogateKey: mostly('name', ['\\ud800', 'n\\udfff', '\\ud83d\\ude00'], 20),
    trailing: pick(['', '\n', '\n{"kind": "Pod"}', ' [1]', '\n---\nkind: Pod\n']),
  })
  .map(({ privileged, duplicate, lead, inString, surrogateKey, trailing }) => {
    const dup = duplicate === null ? '' : `, "privileged": ${String(duplicate)}`;
    return (
      `${lead}{"apiVersion": "v1", "kind": "Pod", "metadata": {"${surrogateKey}": "${inString}"},` +
      ` "spec": {"containers": [{"name": "app", "image": "nginx",` +
      ` "securityContext": {"privileged": ${String(privileged)}${dup}}}]}}${trailing}`
    );
  });
