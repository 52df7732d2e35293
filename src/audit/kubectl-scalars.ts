import { Type } from 'js-yaml';

/*
 * The plain scalars of go-yaml v2, the YAML 1.1 reader behind kubectl (sigs.k8s.io/yaml), as js-yaml
 * types. go-yaml v2 first looks the scalar up in a table (booleans, nulls, .inf, .nan), then, when it
 * starts with a digit or a sign, parses it as a Go integer (underscores removed, `0x`, `0o`, `0b`,
 * and a leading `0` for octal), then as a float. Everything else is a string. Only plain scalars
 * are resolved (js-yaml, like go-yaml, leaves quoted scalars as strings).
 */

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ['.nan', NaN],
  ['.NaN', NaN],
  ['.NAN', NaN],
  ['.inf', Infinity],
  ['.Inf', Infinity],
  ['.INF', Infinity],
  ['+.inf', Infinity],
  ['+.Inf', Infinity],
  ['+.INF', Infinity],
  ['-.inf', -Infinity],
  ['-.Inf', -Infinity],
  ['-.INF', -Infinity],
]);

/** Go's strconv.ParseInt(s, 0, 64) syntax (the underscores already removed, as go-yaml does). */
const GO_INTEGER = /^[-+]?(?:0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
/** A short decimal integer: the common case, read without BigInt. */
const SHORT_DECIMAL = /^[-+]?(?:0|[1-9][0-9]{0,14})$/;
/** go-yaml v2's yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What Go's strconv.ParseFloat accepts for a scalar that starts with `.`. */
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// Most plain scalars are names and images: cheap length and first-character tests turn them away
// before any table lookup (which would hash the whole string).
function mayBeWord(text: string, maxLength: number, firstChars: string): boolean {
  return text.length <= maxLength && (text.length === 0 || firstChars.includes(text.charAt(0)));
}

/** A digit, `+` or `-`: go-yaml v2 tries numbers only for scalars that start with one. */
function startsLikeNumber(text: string): boolean {
  const first = text.charCodeAt(0);
  return (first >= 48 && first <= 57) || first === 43 || first === 45;
}

/** The integer go-yaml v2 reads from a plain scalar, or undefined. */
export function goYamlInteger(text: string): number | undefined {
  if (!startsLikeNumber(text)) return undefined;
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  // `+ 0` turns -0 into 0, as Go's integers have no negative zero.
  if (SHORT_DECIMAL.test(plain)) return Number(plain) + 0;
  if (!GO_INTEGER.test(plain)) return undefined;
  const negative = plain.startsWith('-');
  const unsigned = plain.startsWith('-') || plain.startsWith('+') ? plain.slice(1) : plain;
  const magnitude = BigInt(goPrefixed(unsigned));
  const value = negative ? -magnitude : magnitude;
  // ParseInt's int64, then ParseUint's uint64 (no sign allowed); beyond both, a float if it looks like one.
  if (value >= INT64_MIN && value <= INT64_MAX) return Number(value);
  if (!negative && !plain.startsWith('+') && value <= UINT64_MAX) return Number(value);
  return undefined;
}

// BigInt reads 0x, 0o and 0b; Go's leading-zero octal needs the 0o spelling.
function goPrefixed(unsigned: string): string {
  if (unsigned.length > 1 && unsigned.charCodeAt(0) === 48 && /^[0-7]+$/.test(unsigned.slice(1))) {
    return `0o${unsigned.slice(1)}`;
  }
  return unsigned.length > 2 ? unsigned.slice(0, 2).toLowerCase() + unsigned.slice(2) : unsigned;
}

/** The float go-yaml v2 reads from a plain scalar that is not an integer, or undefined. */
export function goYamlFloat(text: string): number | undefined {
  const special = mayBeWord(text, 5, '.+-') ? SPECIAL_FLOATS.get(text) : undefined;
  if (special !== undefined) return special;
  if (text.charCodeAt(0) === 46 /* . */) return DOT_FLOAT.test(text) ? Number(text) : undefined;
  if (!startsLikeNumber(text)) return undefined;
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  if (!YAML_STYLE_FLOAT.test(plain)) return undefined;
  const value = Number(plain);
  // Go's ParseFloat fails on overflow, and go-yaml then keeps the string.
  return Number.isFinite(value) ? value : undefined;
}

/**
 * `~`, `null`, `Null`, `NULL` and the empty scalar.
 * @internal A js-yaml Type: js-yaml's typings are a devDependency.
 */
export const GO_YAML_NULL = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    data === null || (typeof data === 'string' && mayBeWord(data, 4, '~nN') && NULL_WORDS.has(data)),
  construct: () => null,
});

/**
 * YAML 1.1 booleans as go-yaml v2 spells them: y, yes, on, true / n, no, off, false (three cases each).
 * @internal A js-yaml Type: js-yaml's typings are a devDependency.
 */
export const GO_YAML_BOOL = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    typeof data === 'string' &&
    data.length > 0 &&
    mayBeWord(data, 5, 'yYnNtTfFoO') &&
    (TRUE_WORDS.has(data) || FALSE_WORDS.has(data)),
  construct: (data: string) => TRUE_WORDS.has(data),
});

/**
 * Go integers: `1_000`, `0x1F`, `0o17`, `0b11`, `017` (octal), signed.
 * @internal A js-yaml Type: js-yaml's typings are a devDependency.
 */
export const GO_YAML_INT = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && goYamlInteger(data) !== undefined,
  construct: (data: string) => goYamlInteger(data) as number,
});

/**
 * Floats (`1.5`, `1e3`, `.5`, `08`, `.inf`, `.nan`). An explicit `!!float` also takes an integer,
 * as go-yaml does; as an implicit type it comes after the integers, which therefore win.
 * @internal A js-yaml Type: js-yaml's typings are a devDependency.
 */
export const GO_YAML_FLOAT = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    typeof data === 'string' &&
    data.length > 0 &&
    (goYamlInteger(data) !== undefined || goYamlFloat(data) !== undefined),
  construct: (data: string) => goYamlInteger(data) ?? (goYamlFloat(data) as number),
});

/** Merge keys (`<<: *defaults`): js-yaml merges the keys of a mapping entry with this tag. */
export const MERGE_TAG = 'tag:yaml.org,2002:merge';
/** @internal A js-yaml Type: js-yaml's typings are a devDependency. */
export const GO_YAML_MERGE = new Type(MERGE_TAG, {
  kind: 'scalar',
  resolve: (data: unknown) => data === '<<',
});
