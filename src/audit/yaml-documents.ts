/** The text of one YAML document of a multi-document file, with where it starts. */
export interface YamlDocumentText {
  readonly text: string;
  /** 1-based line of the file on which `text` begins. */
  readonly firstLine: number;
  /** 1-based line of the document's first content (what a reader would point at). */
  readonly contentLine: number;
}

const NEWLINE = 10;

/**
 * Splits a YAML stream into its documents without parsing them, so each can be parsed, located and
 * reported on its own. YAML forbids `---` and `...` at the start of a line inside any scalar (the
 * spec's c-forbidden), so a line scan finds exactly the parser's document boundaries. Blank,
 * comment-only and empty documents are dropped.
 */
export function* splitYamlDocuments(stream: string): Generator<YamlDocumentText> {
  let chunkStart = 0;
  let chunkLine = 1;
  let contentLine = 0;
  let started = false;
  let lineStart = 0;
  let lineNumber = 1;
  while (lineStart < stream.length) {
    let lineEnd = stream.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = stream.length;
    const marker = documentMarker(stream, lineStart, lineEnd);
    if (marker === '---') {
      if (contentLine > 0 || started) {
        if (contentLine > 0) yield document(stream, chunkStart, lineStart, chunkLine, contentLine);
        chunkStart = lineStart;
        chunkLine = lineNumber;
        contentLine = 0;
      }
      started = true;
      // `--- value` or `--- |` starts the document's content on the marker line.
      if (hasContent(stream, lineStart + 3, lineEnd)) contentLine = lineNumber;
    } else if (marker === '...') {
      if (contentLine > 0) yield document(stream, chunkStart, lineEnd, chunkLine, contentLine);
      chunkStart = Math.min(lineEnd + 1, stream.length);
      chunkLine = lineNumber + 1;
      contentLine = 0;
      started = false;
    } else if (contentLine === 0 && hasContent(stream, lineStart, lineEnd)) {
      // A directive (`%YAML 1.2`) before the first `---` is not content.
      if (started || stream.charCodeAt(lineStart) !== 37 /* % */) contentLine = lineNumber;
    }
    lineStart = lineEnd + 1;
    lineNumber++;
  }
  if (contentLine > 0) yield document(stream, chunkStart, stream.length, chunkLine, contentLine);
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

function documentMarker(stream: string, lineStart: number, lineEnd: number): '---' | '...' | undefined {
  const first = stream.charCodeAt(lineStart);
  if (first !== 45 /* - */ && first !== 46 /* . */) return undefined;
  if (stream.charCodeAt(lineStart + 1) !== first || stream.charCodeAt(lineStart + 2) !== first)
    return undefined;
  const after = lineStart + 3;
  if (after < lineEnd && !isBlank(stream.charCodeAt(after))) return undefined;
  return first === 45 ? '---' : '...';
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

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === NEWLINE;
}
