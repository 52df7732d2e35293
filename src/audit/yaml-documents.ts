/** The text of one YAML document of a stream, with where it starts. */
export interface YamlDocumentText {
  readonly text: string;
  /** 1-based line of the file on which `text` begins. */
  readonly firstLine: number;
  /** 1-based line of the document's first content (what a reader would point at). */
  readonly contentLine: number;
}

/** A line that kubectl's splitter and a YAML reader would cut differently. */
export interface StreamRefusal {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  readonly problem: string;
  readonly hint: string;
}

/** A stream cut into documents as kubectl cuts it, or the first line where that cannot be trusted. */
export type SplitStream =
  | { readonly documents: readonly YamlDocumentText[]; readonly refusal?: undefined }
  | { readonly refusal: StreamRefusal; readonly documents?: undefined };

const NEWLINE = 10;

/**
 * Splits a YAML stream into documents exactly as kubectl does (apimachinery's YAMLReader): a line
 * that starts with `---` and whose rest, trimmed, is empty or a comment ends a document, and is not
 * part of either document. So `---#` separates, although YAML itself would read a scalar there.
 * Lines that the two would read differently are refused: `---` followed by anything else (an error
 * for kubectl, a document start for YAML), `...` (YAML's document end: go-yaml then ignores the rest
 * of kubectl's chunk) and `%` directives (which kubectl leaves in the previous chunk). Documents of
 * blanks and comments only are dropped (kubectl skips them). Expects `\n` line ends.
 */
export function splitKubectlDocuments(stream: string): SplitStream {
  const documents: YamlDocumentText[] = [];
  let chunkStart = 0;
  let chunkLine = 1;
  let contentLine = 0;
  let lineStart = 0;
  let lineNumber = 1;
  while (lineStart < stream.length) {
    let lineEnd = stream.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = stream.length;
    const first = stream.charCodeAt(lineStart);
    if (first === 45 /* - */ && stream.startsWith('---', lineStart)) {
      const rest = stream.slice(lineStart + 3, lineEnd).replace(GO_SPACE_START, '');
      if (rest !== '' && !rest.startsWith('#')) {
        return refuse(lineNumber, lineEnd - lineStart - rest.length + 1, SEPARATOR_WITH_CONTENT);
      }
      // A `---` line that starts kubectl's chunk (the first line, or right after a `---` line) is
      // not dropped: go-yaml reads it, as a document start only when a blank or the line end follows.
      if (chunkStart === lineStart && lineStart + 3 < lineEnd && !isBlank(stream.charCodeAt(lineStart + 3))) {
        return refuse(lineNumber, 4, SEPARATOR_AT_CHUNK_START);
      }
      if (contentLine > 0) documents.push(document(stream, chunkStart, lineStart, chunkLine, contentLine));
      chunkStart = Math.min(lineEnd + 1, stream.length);
      chunkLine = lineNumber + 1;
      contentLine = 0;
    } else if (first === 46 /* . */ && stream.startsWith('...', lineStart)) {
      return refuse(lineNumber, 1, DOCUMENT_END);
    } else if (first === 37 /* % */) {
      return refuse(lineNumber, 1, DIRECTIVE);
    } else if (first === 9 /* tab */ && !hasContent(stream, lineStart, lineEnd)) {
      return refuse(lineNumber, 1, TAB_LINE);
    } else if (contentLine === 0 && hasContent(stream, lineStart, lineEnd)) {
      contentLine = lineNumber;
    }
    lineStart = lineEnd + 1;
    lineNumber++;
  }
  if (contentLine > 0) documents.push(document(stream, chunkStart, stream.length, chunkLine, contentLine));
  return { documents };
}

/** Go's unicode.IsSpace, which apimachinery's strings.TrimSpace uses on the rest of a `---` line. */
const GO_SPACE_START = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/;

const SEPARATOR_WITH_CONTENT = {
  problem:
    'this `---` line has content after the marker: kubectl refuses it ("invalid Yaml document separator"), YAML starts a document',
  hint: 'put the content on the next line, or make the rest of the line a comment (`--- # ...`)',
};
const SEPARATOR_AT_CHUNK_START = {
  problem:
    'this `---` line starts the file (or follows another `---` line): kubectl passes it to its YAML reader, which reads it as text, not as a separator',
  hint: 'put a space after `---`, or remove the line',
};
const TAB_LINE = {
  problem:
    "a line that starts with a tab and holds only a comment or blanks: kubectl's YAML reader refuses it, this audit's reads on",
  hint: 'indent with spaces',
};
const DOCUMENT_END = {
  problem:
    "this `...` line ends the YAML document: kubectl's reader then ignores the rest of the document, up to the next `---`",
  hint: 'replace it with a `---` line, or remove it',
};
const DIRECTIVE = {
  problem: "a `%` directive line: kubectl's document splitter does not read directives",
  hint: 'remove the directive (Kubernetes manifests need none)',
};

function refuse(line: number, column: number, reason: { problem: string; hint: string }): SplitStream {
  return { refusal: { line, column, ...reason } };
}

function document(
  stream: string,
  start: number,
  end: number,
  firstLine: number,
  contentLine: number,
): YamlDocumentText {
  return { text: stream.slice(start, end), firstLine, contentLine };
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === NEWLINE;
}

// Content is anything but blanks and a comment.
function hasContent(stream: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = stream.charCodeAt(i);
    if (isBlank(code)) continue;
    return code !== 35; /* # */
  }
  return false;
}
