/**
 * The subset of YAML that the audit's fast path (js-yaml with go-yaml v2's scalars) reads exactly
 * as kubectl does, proven by the differential fuzzer (test/kubectl-fuzz) against the native build
 * of kubectl's own decoder. A file outside it is read by that decoder compiled to WebAssembly.
 *
 * The screen is conservative: it reads the raw text line by line and sends a file to the real
 * decoder at the first thing it does not positively recognise. A file is in the subset when:
 * - it holds only printable characters: no tab, no control character, no carriage return
 *   (CRLF line ends are turned into LF before the screen), no U+0085, U+2028, U+2029 or U+FEFF;
 * - it holds no backslash (so no escape in a double-quoted scalar) and no `<<` (so no merge key);
 * - every line starting with `---` is `---` alone or followed by blanks and a comment, and no line
 *   starts with `...` (document end) or `%` (directive);
 * - every node starts with a plain scalar, a one-line single- or double-quoted scalar, `[]`, `{}`,
 *   or a block scalar header (`|`, `>`, with `-` or `+`, no indentation digit): never with `&`, `*`
 *   (anchors, aliases), `!` (tags), `?` (explicit keys), `:`, `@`, a backtick, `%` or a flow
 *   collection with content;
 * - every sequence item has content on its `- ` line (no empty item, no item that is only a comment);
 * - every line that is not blank, a comment, a key (`key:`) or a sequence item is inside a block
 *   scalar (no multi-line plain scalar).
 */

/** Why a file is outside the subset: the first line the screen does not recognise. */
export interface OutsideSubset {
  /** 1-based line. */
  readonly line: number;
  readonly reason: string;
}

// The printable set of the subset: LF, ASCII printable, and non-ASCII printable characters other
// than NEL (in the C1 range), the line and paragraph separators and the BOM. Surrogates come in
// pairs in text decoded from UTF-8 (an invalid byte becomes U+FFFD, which is printable).
const OUTSIDE_CHARACTERS =
  /[^\n\x20-\x7E\u00A0-\u2027\u202A-\uD7FF\uD800-\uDFFF\uE000-\uFEFE\uFF00-\uFFFD]|\\|<</;

const SEPARATOR_LINE = /^---(?: +(?:#.*)?)?$/;
const BLOCK_HEADER = /^[|>][-+]?(?: +#.*)?$/;

/** Where `text` (LF line ends, no BOM) leaves the fast path's subset, or undefined when it is inside. */
export function outsideFastPathSubset(text: string): OutsideSubset | undefined {
  const character = OUTSIDE_CHARACTERS.exec(text);
  if (character !== null) {
    const found = character[0];
    return {
      line: lineOf(text, character.index),
      reason:
        found === '\\'
          ? 'a backslash'
          : found === '<<'
            ? 'a merge key (`<<`)'
            : `the character U+${hex(found)}`,
    };
  }
  // Block scalars: lines indented deeper than this column belong to the scalar (-1: none open).
  let blockScalarParent = -1;
  // The indentation of the open block scalar's first line with content (-1: none yet), and the most
  // spaces on a blank line before it.
  let blockIndent = -1;
  let leadingBlankSpaces = 0;
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    const indent = countSpaces(line, 0);
    if (blockScalarParent >= 0) {
      if (indent === line.length) {
        if (blockIndent === -1) leadingBlankSpaces = Math.max(leadingBlankSpaces, indent);
        continue;
      }
      if (indent > blockScalarParent) {
        if (blockIndent === -1) {
          blockIndent = indent;
          if (leadingBlankSpaces > indent)
            return { line: lineNumber, reason: 'a block scalar led by deeper blanks' };
        } else if (indent < blockIndent) {
          return { line: lineNumber, reason: 'a block scalar line indented less than its first line' };
        }
        continue;
      }
      blockScalarParent = -1;
    }
    const first = line.charCodeAt(0);
    if (first === 45 /* - */ && line.startsWith('---')) {
      if (!SEPARATOR_LINE.test(line)) return { line: lineNumber, reason: 'a `---` line with content' };
      continue;
    }
    if (first === 46 /* . */ && line.startsWith('...')) return { line: lineNumber, reason: 'a `...` line' };
    if (indent === line.length || line.charCodeAt(indent) === 35 /* # */) continue;
    const screened = screenContentLine(line, indent);
    if (typeof screened === 'string') return { line: lineNumber, reason: screened };
    blockScalarParent = screened;
    blockIndent = -1;
    leadingBlankSpaces = 0;
  }
  return undefined;
}

/**
 * Screens one line with content: `- ` items, then `key: ` pairs, then a value. Returns why it is
 * outside the subset, or the column deeper than which a block scalar opened here continues (-1: none).
 */
function screenContentLine(line: string, indent: number): string | number {
  let at = indent;
  // The column of the innermost collection entry on this line: a block scalar is indented deeper.
  let parent = indent;
  let sawKeyOrItem = false;
  // Sequence items: `- ` (or `-` at the end of the line, an empty item).
  while (line.charCodeAt(at) === 45 /* - */ && isBlankOrEnd(line, at + 1)) {
    const content = countSpaces(line, at + 1);
    if (content >= line.length || line.charCodeAt(content) === 35 /* # */) {
      return 'a sequence item without content on its line';
    }
    parent = at;
    at = content;
    sawKeyOrItem = true;
  }
  const node = screenNode(line, at);
  if (typeof node === 'string') return node;
  if (node.kind === 'key') {
    parent = at;
    at = countSpaces(line, node.end + 1);
    if (at >= line.length || line.charCodeAt(at) === 35 /* # */) return -1;
    // A value on the key's line: a scalar, `[]`, `{}` or a block scalar header (not `- `).
    if (line.charCodeAt(at) === 45 /* - */ && isBlankOrEnd(line, at + 1)) {
      return 'a sequence item on the line of its key';
    }
    const value = screenNode(line, at);
    if (typeof value === 'string') return value;
    if (value.kind === 'key') return 'a key on the line of another key';
    return value.kind === 'block' ? parent : -1;
  }
  if (!sawKeyOrItem) return 'a line that continues a scalar or stands alone';
  return node.kind === 'block' ? parent : -1;
}

type ScreenedNode = { readonly kind: 'key'; readonly end: number } | { readonly kind: 'scalar' | 'block' };

/** Screens the node that starts at `at` up to the end of the line, or up to its key's `:`. */
function screenNode(line: string, at: number): ScreenedNode | string {
  const first = line.charAt(at);
  switch (first) {
    case '&':
    case '*':
      return 'an anchor or alias';
    case '!':
      return 'a tag';
    case '?':
      return 'an explicit key (`?`)';
    case ':':
    case ',':
    case ']':
    case '}':
    case '#':
    case '@':
    case '`':
    case '%':
      return `a node starting with \`${first}\``;
    case '[':
    case '{': {
      const rest = line.slice(at + 1);
      const close = first === '[' ? ']' : '}';
      if (!rest.startsWith(close)) return 'a flow collection with content';
      return afterScalar(line, at + 2);
    }
    case '|':
    case '>':
      return BLOCK_HEADER.test(line.slice(at))
        ? { kind: 'block' }
        : 'a block scalar header with an indentation digit';
    case '"':
    case "'": {
      const close = closingQuote(line, at);
      if (close === -1) return 'a quoted scalar that continues on the next line';
      return afterScalar(line, close + 1);
    }
    default:
      return plainScalar(line, at);
  }
}

// After a quoted scalar or an empty flow collection: the end of the line, a comment, or `:` (a key).
function afterScalar(line: string, from: number): ScreenedNode | string {
  const next = countSpaces(line, from);
  if (next >= line.length) return { kind: 'scalar' };
  if (line.charCodeAt(next) === 35 /* # */ && next > from) return { kind: 'scalar' };
  if (next === from && line.charCodeAt(next) === 58 /* : */ && isBlankOrEnd(line, next + 1)) {
    return { kind: 'key', end: next };
  }
  return 'text after a quoted scalar';
}

// A plain scalar ends at `: `, ` #` or the end of the line.
function plainScalar(line: string, at: number): ScreenedNode {
  for (let i = at; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 58 /* : */ && isBlankOrEnd(line, i + 1)) return { kind: 'key', end: i };
    if (code === 35 /* # */ && line.charCodeAt(i - 1) === 32) return { kind: 'scalar' };
  }
  return { kind: 'scalar' };
}

// The closing quote of a one-line quoted scalar (`''` is a quote inside single quotes), or -1.
function closingQuote(line: string, at: number): number {
  const quote = line.charCodeAt(at);
  for (let i = at + 1; i < line.length; i++) {
    if (line.charCodeAt(i) !== quote) continue;
    if (quote === 39 /* ' */ && line.charCodeAt(i + 1) === 39) {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

function isBlankOrEnd(line: string, at: number): boolean {
  return at >= line.length || line.charCodeAt(at) === 32;
}

function countSpaces(line: string, from: number): number {
  let i = from;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function hex(character: string): string {
  return (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
