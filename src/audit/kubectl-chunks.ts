/** One chunk of a YAML stream as kubectl's YAMLReader cuts it. */
export interface KubectlChunk {
  readonly text: string;
  /** 1-based line of the file on which `text` begins. */
  readonly firstLine: number;
}

/** A stream cut as kubectl cuts it, up to a `---` line kubectl refuses, if any. */
export interface KubectlChunks {
  readonly chunks: readonly KubectlChunk[];
  /** 1-based line of a `---` line with content, where kubectl stops ("invalid Yaml document separator"). */
  readonly refusedSeparatorLine?: number;
}

/** Go's unicode.IsSpace, which apimachinery's strings.TrimSpace uses on the rest of a `---` line. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*/;

/**
 * Cuts a YAML stream (`\n` line ends) exactly as apimachinery's YAMLReader does: a line starting
 * with `---` ends the chunk when the rest of it, trimmed, is empty or a comment, and is dropped,
 * unless the chunk is still empty: then it starts the chunk. Any other line, blank or comment lines
 * included, belongs to the chunk. An empty chunk is not returned. The
 * decoder reads each chunk as one document, so its n-th document is the n-th chunk.
 */
export function kubectlChunks(stream: string): KubectlChunks {
  const chunks: KubectlChunk[] = [];
  let chunkStart = -1;
  let chunkLine = 0;
  let lineStart = 0;
  let lineNumber = 1;
  while (lineStart < stream.length) {
    let lineEnd = stream.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = stream.length;
    if (stream.startsWith('---', lineStart)) {
      const rest = stream.slice(lineStart + 3, lineEnd);
      const trimmed = rest.slice(GO_SPACE.exec(rest)?.[0].length ?? 0);
      if (trimmed !== '' && !trimmed.startsWith('#')) {
        if (chunkStart !== -1)
          chunks.push({ text: stream.slice(chunkStart, lineStart), firstLine: chunkLine });
        return { chunks, refusedSeparatorLine: lineNumber };
      }
      if (chunkStart !== -1) {
        chunks.push({ text: stream.slice(chunkStart, lineStart), firstLine: chunkLine });
        chunkStart = -1;
      } else {
        // A separator that would start an empty chunk is kept in it (YAMLReader writes it to its
        // buffer): go-yaml then reads it, as a document start or, as `---#x`, as text.
        chunkStart = lineStart;
        chunkLine = lineNumber;
      }
    } else if (chunkStart === -1) {
      chunkStart = lineStart;
      chunkLine = lineNumber;
    }
    lineStart = lineEnd + 1;
    lineNumber++;
  }
  if (chunkStart !== -1) chunks.push({ text: stream.slice(chunkStart), firstLine: chunkLine });
  return { chunks };
}
