import type { SourceSpans } from './source-spans';

/** An escape kubectl reads differently from this audit. Offsets into the text. */
export interface EscapeRefusal {
  readonly offset: number;
  readonly problem: string;
  readonly hint: string;
}

/** A `\u` or `\U` escape somewhere: the cheap test for whether a document needs looking at. */
export const MAY_HOLD_UNICODE_ESCAPE = /\\[uU]/;

const YAML_SURROGATE_HINT =
  'write the character itself, or its code point as one 8-digit escape (`\\U0001F600`)';
const JSON_SURROGATE_HINT =
  'write the character itself, or a high surrogate right followed by its low one (`\\ud83d\\ude00`); a lone surrogate is no character';

/**
 * The first `\u`/`\U` escape in a double-quoted YAML scalar that go-yaml v2 (kubectl's YAML reader)
 * refuses ("found invalid Unicode character escape code"): a UTF-16 surrogate (`\uD800`-`\uDFFF`,
 * even as a pair, which js-yaml joins into one character) or a code point beyond U+10FFFF (which
 * js-yaml turns into garbage). Call only after js-yaml read the document, with the spans it recorded.
 */
export function findRefusedYamlEscape(text: string, spans: SourceSpans): EscapeRefusal | undefined {
  for (const scalar of spans.allScalars()) {
    if (text.charCodeAt(scalar.start) !== 34 /* " */) continue;
    // Walk the escapes in order, so that `\\u...` (an escaped backslash) is not taken for one.
    for (
      let i = text.indexOf('\\', scalar.start);
      i !== -1 && i < scalar.end;
      i = text.indexOf('\\', i + 2)
    ) {
      const kind = text.charAt(i + 1);
      const digits = kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
      if (digits === 0) continue;
      const hex = text.slice(i + 2, i + 2 + digits);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) continue;
      const value = parseInt(hex, 16);
      if (value >= 0xd800 && value <= 0xdfff) {
        return {
          offset: i,
          problem: `the escape \`${text.slice(i, i + 2 + digits)}\` is a UTF-16 surrogate: kubectl's YAML reader refuses it ("found invalid Unicode character escape code"), even as half of a pair, which this audit would join`,
          hint: YAML_SURROGATE_HINT,
        };
      }
      if (value > 0x10ffff) {
        return {
          offset: i,
          problem: `the escape \`${text.slice(i, i + 2 + digits)}\` is beyond U+10FFFF: kubectl's YAML reader refuses it ("found invalid Unicode character escape code")`,
          hint: 'write a code point up to U+10FFFF',
        };
      }
    }
  }
  return undefined;
}

const JSON_SURROGATE_ESCAPE = /\\+u[dD][89a-fA-F][0-9a-fA-F]{2}/g;

/**
 * The first `\uD800`-`\uDFFF` escape in a JSON text that is not half of a well-formed pair (a high
 * surrogate right followed by a low one). kubectl's JSON reader (Go's encoding/json) turns a lone
 * surrogate into U+FFFD; this audit's would keep it, a string kubectl never sends. In JSON a
 * backslash occurs only in strings, so the escapes can be told from the text alone.
 */
export function findLoneJsonSurrogate(text: string): EscapeRefusal | undefined {
  if (!text.includes('\\u') && !text.includes('\\U')) return undefined;
  JSON_SURROGATE_ESCAPE.lastIndex = 0;
  let pairedLow = -1;
  for (
    let match = JSON_SURROGATE_ESCAPE.exec(text);
    match !== null;
    match = JSON_SURROGATE_ESCAPE.exec(text)
  ) {
    const backslashes = match[0].indexOf('u');
    // An even run of backslashes is escaped backslashes, then plain text.
    if (backslashes % 2 === 0) continue;
    const offset = match.index + backslashes - 1;
    if (offset === pairedLow) continue;
    const value = parseInt(text.slice(offset + 2, offset + 6), 16);
    const next = /^\\u[dD][c-fC-F][0-9a-fA-F]{2}/.test(text.slice(offset + 6, offset + 12));
    if (value <= 0xdbff && next) {
      pairedLow = offset + 6;
      continue;
    }
    return {
      offset,
      problem: `the escape \`${text.slice(offset, offset + 6)}\` is a lone UTF-16 surrogate: kubectl's JSON reader turns it into U+FFFD (the replacement character), this audit's would keep it`,
      hint: JSON_SURROGATE_HINT,
    };
  }
  return undefined;
}
