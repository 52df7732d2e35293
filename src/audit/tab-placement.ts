import type { SourceSpans } from './source-spans';

/** A tab kubectl's YAML reader refuses where js-yaml reads on. Offsets into the document's text. */
export interface TabRefusal {
  readonly offset: number;
  readonly problem: string;
  readonly hint: string;
}

const HINT = 'replace the tab with spaces';

/**
 * The first tab that go-yaml v2 (kubectl's YAML reader) refuses and js-yaml reads as a separator.
 * go-yaml skips a tab between block tokens only where a simple key cannot start: so not in a
 * line's indentation, not after a block sequence's `-`, an explicit key's `?` or the `:` of an
 * explicit key's value (a `:` that starts its line) — "found character that cannot start any
 * token". Tabs inside scalars (quoted, block, or between the words of a plain one), inside flow
 * collections, in comments and after a key's `:`, a scalar, an anchor or a tag are read by both
 * alike. Call only after js-yaml read the document, with the spans it recorded.
 *
 * A blank or comment-only line right after a plain scalar is different: go-yaml's plain scalar
 * scanner swallows its blanks, tabs included, unless a tab stands left of the scalar's indentation
 * ("found a tab character that violates indentation"). That indentation is taken here from the
 * scalar's line, which is never left of go-yaml's, so a doubtful tab is refused, never read.
 */
export function findRefusedTab(text: string, spans: SourceSpans): TabRefusal | undefined {
  for (let tab = text.indexOf('\t'); tab !== -1; tab = text.indexOf('\t', tab + 1)) {
    const scalar = spans.scalarAt(tab);
    if (scalar !== undefined) {
      if (blockIndentationTab(text, scalar, tab)) {
        return {
          offset: tab,
          problem:
            "a tab in a block scalar's indentation: kubectl's YAML reader refuses it (\"found a tab character where an indentation space is expected\"), this audit's would read it as text",
          hint: `${HINT}, or indent the block scalar's lines with spaces before any tab`,
        };
      }
      continue;
    }
    if (spans.inFlow(tab)) continue;
    const lineStart = text.lastIndexOf('\n', tab) + 1;
    if (inComment(text, lineStart, tab, spans)) continue;
    let blankStart = tab;
    while (blankStart > lineStart && isBlank(text.charCodeAt(blankStart - 1))) blankStart--;
    if (blankStart === lineStart && !swallowedByPlainScalar(text, lineStart, tab, spans)) {
      return {
        offset: tab,
        problem:
          "a tab in the indentation: kubectl's YAML reader refuses it (YAML indents with spaces only), this audit's would read on",
        hint: HINT,
      };
    }
    if (blankStart === lineStart) continue;
    const indicator = blankStart - 1;
    if (spans.scalarAt(indicator) !== undefined) continue;
    const code = text.charCodeAt(indicator);
    const standsAlone = indicator === lineStart || isBlank(text.charCodeAt(indicator - 1));
    if ((code === 45 /* - */ || code === 63) /* ? */ && standsAlone) {
      return {
        offset: tab,
        problem: `a tab after the block indicator \`${text.charAt(indicator)}\`: kubectl's YAML reader refuses it ("found character that cannot start any token"), this audit's would read on`,
        hint: HINT,
      };
    }
    if (code === 58 /* : */ && text.slice(lineStart, indicator).trim() === '') {
      return {
        offset: tab,
        problem:
          "a tab after the `:` of an explicit key's value: kubectl's YAML reader refuses it (\"found character that cannot start any token\"), this audit's would read on",
        hint: HINT,
      };
    }
  }
  return undefined;
}

// The line holds only blanks or a comment, the last content before it is a plain scalar's end, and
// the tab stands right of the collection that holds the scalar (go-yaml's indent). A scalar that
// starts a line of its own is taken as indented there, right of go-yaml's indent: stricter, safe.
function swallowedByPlainScalar(text: string, lineStart: number, tab: number, spans: SourceSpans): boolean {
  const lineEnd = text.indexOf('\n', tab);
  const rest = text.slice(tab, lineEnd === -1 ? text.length : lineEnd).trimStart();
  if (rest !== '' && !rest.startsWith('#')) return false;
  let before = lineStart - 1;
  while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
  const scalar = before < 0 ? undefined : spans.scalarAt(before);
  if (scalar === undefined || '"\'|>'.includes(text.charAt(scalar.start))) return false;
  const scalarLine = text.lastIndexOf('\n', scalar.start) + 1;
  const prefix = /^(?:[ ]*-[ ]+)*[ ]*/.exec(text.slice(scalarLine, scalar.start + 1))?.[0] ?? '';
  // A sequence item's scalar is indented as its `-`; a mapping value's, as its key (past any `- `).
  const isItem = scalarLine + prefix.length === scalar.start && /-[ ]+$/.test(prefix);
  const indentation = isItem ? prefix.lastIndexOf('-') : prefix.length;
  return tab - lineStart > indentation;
}

/*
 * In a block scalar (`|`, `>`), go-yaml reads the indentation as spaces up to its indent, and a tab
 * there is an error. Without an indentation indicator the indent is found on the first line with
 * content (at least as deep as the all-space lines above it), so a tab right after that line's
 * spaces is an error too, where js-yaml takes it as content. With an indicator (`|2`), whose indent
 * depends on the enclosing collection, any tab that only spaces precede is refused: stricter, safe.
 */
function blockIndentationTab(text: string, scalar: { start: number; end: number }, tab: number): boolean {
  const indicator = text.charAt(scalar.start);
  if (indicator !== '|' && indicator !== '>') return false;
  const headerEnd = text.indexOf('\n', scalar.start);
  if (headerEnd === -1 || tab < headerEnd) return false;
  const lineStart = text.lastIndexOf('\n', tab) + 1;
  if (text.slice(lineStart, tab).trim() !== '' || text.slice(lineStart, tab).includes('\t')) return false;
  if (/^[|>][-+]?[1-9]/.test(text.slice(scalar.start, scalar.start + 3))) return true;
  let indent = 0;
  for (let line = headerEnd + 1; line < scalar.end;) {
    let column = 0;
    while (text.charCodeAt(line + column) === 32) column++;
    indent = Math.max(indent, column);
    const code = text.charCodeAt(line + column);
    // The first line with content sets the indent: a tab there, or left of it later, is refused.
    if (code !== 10 && line + column < scalar.end) return line + column === tab || tab - lineStart < indent;
    line += column + 1;
  }
  return tab - lineStart < indent;
}

// A `#` outside any scalar, at the line start or after a blank, starts a comment.
function inComment(text: string, lineStart: number, offset: number, spans: SourceSpans): boolean {
  for (
    let hash = text.indexOf('#', lineStart);
    hash !== -1 && hash < offset;
    hash = text.indexOf('#', hash + 1)
  ) {
    if ((hash === lineStart || isBlank(text.charCodeAt(hash - 1))) && spans.scalarAt(hash) === undefined)
      return true;
  }
  return false;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

function isSpace(code: number): boolean {
  return isBlank(code) || code === 10;
}
