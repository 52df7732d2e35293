/**
 * Small builders for the CEL text the policy is made of. The admitted object is untyped and its
 * fields may be absent: every read is guarded by a `has()` chain (no optional types, which the
 * API server only offers from 1.29 and the offline evaluator not at all).
 */

/** A CEL string literal. */
export function str(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL list literal of strings. */
export function strList(items: readonly string[]): string {
  return `[${items.map(str).join(', ')}]`;
}

/** `has(base.a) && has(base.a.b)`: whether the dotted field is present, reading nothing absent. */
export function present(base: string, dotted: string): string {
  const keys = dotted.split('.');
  return `(${keys.map((_, i) => `has(${base}.${keys.slice(0, i + 1).join('.')})`).join(' && ')})`;
}

/** The list at the dotted field, or an empty list. */
export function listAt(base: string, dotted: string): string {
  return `(${present(base, dotted)} ? ${base}.${dotted} : [])`;
}

/** Whether the dotted field is present and not `false`: how Pod Security reads `privileged: true`. */
export function setNotFalse(base: string, dotted: string): string {
  return `(${present(base, dotted)} && ${base}.${dotted} != false)`;
}

/** The names of the items `bad` selects, as `container "a"; container "b"` sentences joined. */
export function sentences(list: string, variable: string, bad: string, sentence: string): string {
  return `${list}.filter(${variable}, ${bad}).map(${variable}, ${sentence}).join('; ')`;
}

/** `'container "' + c.name + '" '`: how Pod Security names a culprit container. */
export const CONTAINER = `'container "' + c.name + '" '`;

/** A CEL value shown in a message, quoted when it is a string. */
export function shown(value: string): string {
  return `(type(${value}) == string ? '"' + ${value} + '"' : string(${value}))`;
}

/** Message parts (CEL strings, some empty) joined with `; `. */
export function joinParts(parts: readonly string[]): string {
  return `[${parts.join(', ')}].filter(s, s != '').join('; ')`;
}
