/** A character Kubernetes' and Compose's YAML readers and this audit would read differently. */
export interface ForeignCharacter {
  /** Offset in the text. */
  readonly offset: number;
  /** Why it is refused. */
  readonly problem: string;
  /** How to fix it. */
  readonly hint: string;
}

// NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR, a carriage return without a line feed, a BOM after the start.
const FOREIGN = /[\u0085\u2028\u2029\uFEFF]|\r(?!\n)/;

const LINE_BREAK_NAMES: Readonly<Record<string, string>> = {
  '\u0085': 'U+0085 (NEL)',
  '\u2028': 'U+2028 (LINE SEPARATOR)',
  '\u2029': 'U+2029 (PARAGRAPH SEPARATOR)',
};

/**
 * The first character that go-yaml (kubectl, Helm, Compose v2) or PyYAML (Compose v1) reads as a
 * line break, or skips, where js-yaml reads an ordinary character: a comment or a plain scalar that
 * holds one hides keys from js-yaml that the platform reads. `text` must not start with the BOM
 * (the readers all skip one there). Such files are refused rather than read a third way.
 */
export function findForeignCharacter(text: string): ForeignCharacter | undefined {
  const match = FOREIGN.exec(text);
  if (match === null) return undefined;
  const character = match[0];
  const name = LINE_BREAK_NAMES[character];
  if (name !== undefined) {
    return {
      offset: match.index,
      problem: `${name} is a line break for Kubernetes' YAML reader (and Compose's), not for this audit`,
      hint: 'remove it, or write it as an escape ("\\u2028") inside a double-quoted string',
    };
  }
  if (character === '\uFEFF') {
    return {
      offset: match.index,
      problem:
        "a byte order mark (U+FEFF) after the start of the file: Kubernetes' YAML reader skips it at the start of a line",
      hint: 'remove it (only the very start of a file may hold one)',
    };
  }
  return {
    offset: match.index,
    problem:
      "a carriage return without a line feed: it ends a line for Kubernetes' YAML reader but not for kubectl's document splitter",
    hint: 'save the file with LF (or CRLF) line endings',
  };
}

/** 1-based line and column of an offset (lines end at `\n`). */
export function lineAndColumn(
  text: string,
  offset: number,
): { readonly line: number; readonly column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
