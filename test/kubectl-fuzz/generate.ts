import { Prng } from '../../bench/harness/prng';

/*
 * Inputs for the differential fuzzer: YAML streams inside the fast path's subset, generated from a
 * seed, and mutations of them (and of real-world seed files) that step outside it. Everything is a
 * function of (seed, index), so any input can be replayed from the two numbers the fuzzer prints.
 */

const WORDS = [
  'nginx',
  'app',
  'web',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'Y',
  'n',
  'NULL',
  'null',
  '~',
];
const NUMBERS = [
  '0',
  '1',
  '-1',
  '017',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1.5',
  '1e3',
  '.5',
  '-.inf',
  '.nan',
  '08',
  '+12',
  '1:20',
  '3e',
  '0.',
];
const TEXT = [
  'a b',
  'x: y',
  'http://h:80/p?q=1#f',
  'a#b',
  "it's",
  'é ü 中文 😀',
  '- x',
  '@',
  '%x',
  '&a',
  '*a',
  '!t',
  '<',
  '>',
  '|',
  '{}',
  '[]',
  ',',
  '25%',
  ' lead',
  'trail ',
  '',
];
const KEYS = [
  'name',
  'image',
  'privileged',
  'runAsUser',
  'hostPID',
  'a',
  'b-c',
  'd.e',
  'y',
  'on',
  '1',
  'x y',
  'app.kubernetes.io/name',
];

/** A plain, single-quoted or double-quoted scalar, on one line. */
function scalar(rng: Prng): string {
  const roll = rng.next();
  if (roll < 0.35) return rng.pick(WORDS);
  if (roll < 0.6) return rng.pick(NUMBERS);
  const text = rng.pick(TEXT);
  if (roll < 0.75) return `'${text.replaceAll("'", "''")}'`;
  if (roll < 0.9) return `"${text.replaceAll('"', "'")}"`;
  // A plain scalar from text: may be outside the subset or invalid; both are fine inputs.
  return text.trim() === '' ? 'v' : text.trim();
}

function key(rng: Prng): string {
  const name = rng.pick(KEYS);
  const roll = rng.next();
  if (roll < 0.1) return `"${name}"`;
  if (roll < 0.15) return `'${name}'`;
  return name;
}

function blockScalar(rng: Prng, indent: string): string {
  const header = rng.pick(['|', '|-', '|+', '>', '>-', '>+']);
  const lines: string[] = [];
  const count = rng.int(1, 4);
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    if (roll < 0.15) lines.push('');
    else if (roll < 0.25)
      lines.push(`${indent}  ${rng.pick(['  more', '# not a comment', '- item', 'k: v'])}`);
    else lines.push(`${indent}${rng.pick(TEXT).trimEnd() || 'text'}`);
  }
  if (rng.chance(0.2)) lines.push('');
  return `${header}${rng.chance(0.2) ? ' # c' : ''}\n${lines.join('\n')}`;
}

/** A block mapping at `indent`, `depth` levels deep at most. */
function mapping(rng: Prng, indent: string, depth: number): string {
  const entries: string[] = [];
  const used = new Set<string>();
  const count = rng.int(1, 4);
  for (let i = 0; i < count; i++) {
    let name = key(rng);
    if (used.has(name.replaceAll(/["']/g, ''))) name = `k${i}`;
    used.add(name.replaceAll(/["']/g, ''));
    entries.push(`${indent}${name}:${value(rng, indent, depth)}`);
    if (rng.chance(0.1)) entries.push(`${indent}# a comment`);
    if (rng.chance(0.05)) entries.push('');
  }
  return entries.join('\n');
}

function sequence(rng: Prng, indent: string, depth: number): string {
  const items: string[] = [];
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    if (roll < 0.5 || depth <= 0) items.push(`${indent}- ${scalar(rng)}${rng.chance(0.1) ? ' # c' : ''}`);
    else if (roll < 0.85) items.push(`${indent}- ${mapping(rng, `${indent}  `, depth - 1).trimStart()}`);
    else items.push(`${indent}- ${rng.pick(['[]', '{}'])}`);
  }
  return items.join('\n');
}

// What follows `key:` (with its line break when the value is a collection).
function value(rng: Prng, indent: string, depth: number): string {
  const roll = rng.next();
  if (depth <= 0 || roll < 0.45) return ` ${scalar(rng)}${rng.chance(0.1) ? ' # c' : ''}`;
  if (roll < 0.5) return rng.chance(0.5) ? '' : ' # empty';
  if (roll < 0.55) return ` ${rng.pick(['[]', '{}'])}`;
  if (roll < 0.65) return ` ${blockScalar(rng, `${indent}  `)}`;
  if (roll < 0.82) return `\n${mapping(rng, `${indent}  `, depth - 1)}`;
  // Sequences under a key: indented, or at the key's own indentation (both are common).
  return `\n${sequence(rng, rng.chance(0.5) ? indent : `${indent}  `, depth - 1)}`;
}

/** A stream of one to three documents inside the subset (as written; the fuzzer checks the screen agrees). */
export function generateInSubset(rng: Prng): string {
  const documents: string[] = [];
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) {
    const body = rng.chance(0.1) ? sequence(rng, '', 3) : mapping(rng, '', rng.int(1, 4));
    documents.push(rng.chance(0.1) ? `# leading comment\n${body}` : body);
  }
  const separator = rng.pick(['---', '---', '--- # next', '---  ']);
  const stream = documents.join(`\n${separator}\n`);
  return `${rng.chance(0.1) ? '---\n' : ''}${stream}${rng.chance(0.9) ? '\n' : ''}`;
}

/** Mutations that step outside the subset: each class must be routed to the real decoder. */
export const OUTSIDE_MUTATIONS: Readonly<Record<string, (text: string, rng: Prng) => string>> = {
  tag: (text, rng) => atValue(text, rng, rng.pick(['! ', '!!str ', '!!int ', '!t ', '!<!> ', '!!binary '])),
  anchor: (text, rng) => atValue(text, rng, '&a '),
  alias: (text, rng) => `x: &a ${scalar(rng)}\n${text.replace(/: [^\n]*/, ': *a')}`,
  mergeKey: (text, rng) =>
    atLine(text, rng, rng.pick(['<<: {runAsUser: 0}', '! <<: {a: 1}', '? <<\n: {a: 1}', "'<<': {a: 1}"])),
  explicitKey: (text, rng) => atLine(text, rng, rng.pick(['? a\n: b', '? [a]\n: b', '?x: y'])),
  emptyItemBeforeComment: (text, rng) => atLine(text, rng, rng.pick(['- # --verbose', '-', '-   # c'])),
  flowExplicitKey: (text, rng) =>
    atLine(text, rng, rng.pick(['f: {hostPID: false, ?hostPID: true}', 'f: [a, ?b]'])),
  flowCollection: (text, rng) => atLine(text, rng, rng.pick(['f: {a: 1}', 'f: [a, b]', 'f: [a: b]'])),
  documentEnd: (text, rng) => atLine(text, rng, rng.pick(['...', '... # end', '....'])),
  directive: (text) => `%YAML 1.1\n---\n${text}`,
  separatorWithContent: (text, rng) => atLine(text, rng, rng.pick(['---#x', '--- a: 1', '---x', '--- |'])),
  unusualBreak: (text, rng) =>
    atChar(text, rng, rng.pick(['\u0085', '\u2028', '\u2029', '\r', '\u000b', '\f', '\ufeff'])),
  tab: (text, rng) => atChar(text, rng, '\t'),
  escape: (text, rng) => atValue(text, rng, rng.pick(['"\\/" ', '"\\ud800" ', '"\\t" ', '"\\x41" '])),
  multiLineScalar: (text, rng) => {
    const lines = text.split('\n');
    const at = rng.int(0, lines.length - 1);
    lines.splice(at + 1, 0, `${' '.repeat(rng.int(0, 6))}continued`);
    return lines.join('\n');
  },
};

/** Random edits that may land anywhere (inside or outside the subset, valid or not). */
export function randomEdit(text: string, rng: Prng): string {
  const at = rng.int(0, text.length);
  switch (rng.int(0, 6)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return `${text.slice(0, at)} ${text.slice(at)}`;
    case 2:
      return `${text.slice(0, at)}${rng.pick([':', '-', '#', "'", '"', ' ', '\n', '- ', ': ', ' #', '|', '>', '[', ']', '{', '}', ','])}${text.slice(at)}`;
    case 3: {
      const lines = text.split('\n');
      const line = rng.int(0, lines.length - 1);
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    }
    case 4: {
      const lines = text.split('\n');
      const line = rng.int(0, lines.length - 1);
      lines[line] = (lines[line] ?? '').replace(/^ {0,2}/, rng.pick(['', ' ', '   ', '    ']));
      return lines.join('\n');
    }
    case 5:
      return text.replaceAll('\n', '\r\n');
    default:
      return text.slice(0, at);
  }
}

// Before the value of a random `key: value` line (or at the start when there is none).
function atValue(text: string, rng: Prng, insert: string): string {
  const matches = [...text.matchAll(/: (?=\S)/g)];
  if (matches.length === 0) return `${insert}${text}`;
  const match = rng.pick(matches);
  const at = match.index + 2;
  return text.slice(0, at) + insert + text.slice(at);
}

// A new line at a random line, indented like it.
function atLine(text: string, rng: Prng, insert: string): string {
  const lines = text.split('\n');
  const at = rng.int(0, lines.length - 1);
  const indent = /^ */.exec(lines[at] ?? '')?.[0] ?? '';
  const indented =
    insert.startsWith('---') || insert.startsWith('...')
      ? insert
      : insert
          .split('\n')
          .map((l) => indent + l)
          .join('\n');
  lines.splice(at, 0, indented);
  return lines.join('\n');
}

function atChar(text: string, rng: Prng, insert: string): string {
  const at = rng.int(0, text.length);
  return text.slice(0, at) + insert + text.slice(at);
}
