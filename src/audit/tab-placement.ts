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
 * One narrow case is refused although kubectl reads it: a blank or comment-only line indented with
 * a tab right after a plain scalar (go-yaml's scalar scanner swallows that line).
 */
export function findRefusedTab(text: string, spans: SourceSpans): TabRefusal | undefined {
  for (let tab = text.indexOf('\t'); tab !== -1; tab = text.indexOf('\t', tab + 1)) {
    if (spans.scalarAt(tab) !== undefined || spans.inFlow(tab)) continue;
    const lineStart = text.lastIndexOf('\n', tab) + 1;
    if (inComment(text, lineStart, tab, spans)) continue;
    let blankStart = tab;
    while (blankStart > lineStart && isBlank(text.charCodeAt(blankStart - 1))) blankStart--;
    if (blankStart === lineStart) {
      return {
        offset: tab,
        problem:
          "a tab in the indentation: kubectl's YAML reader refuses it (YAML indents with spaces only), this audit's would read on",
        hint: HINT,
      };
    }
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
