import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { EventType, State } from 'js-yaml';
import { YAMLException, load } from 'js-yaml';
import { expandsBeyond, mayContainAlias, maxExpandedNodes } from './alias-guard';
import { FieldLocator } from './field-line';
import { findForeignCharacter, lineAndColumn } from './foreign-characters';
import { InputError } from './input-error';
import { KubectlReadingGuard, KubectlReadingRefused } from './kubectl-reading-guard';
import { MANIFEST_SCHEMA } from './manifest-schema';
import { NodeEventLog } from './node-events';
import { assertNotSpecialFile } from './special-files';
import { SourceSpans } from './source-spans';
import { findRefusedTab } from './tab-placement';
import { MAY_HOLD_UNICODE_ESCAPE, findLoneJsonSurrogate, findRefusedYamlEscape } from './unicode-escapes';
import { splitKubectlDocuments } from './yaml-documents';
import { yamlPackage } from './yaml-package';

/** One parsed document of a file. */
export interface ParsedDocument {
  readonly value: unknown;
  /** 1-based line of the document's first content. */
  readonly line: number;
  /** Finds field lines in this document; built on demand, only for documents with findings. */
  readonly locator: () => FieldLocator;
}

/** What happened to one document or file: a parsed document, or an input error that stops only it. */
export type FileItem =
  | { readonly document: ParsedDocument; readonly error?: undefined }
  | { readonly error: InputError; readonly document?: undefined };

/** The default cap on one input file. Real manifests are kilobytes; the cap keeps memory bounded. */
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

/** How the CLI flag that raises the cap is spelled, for hints. */
export const MAX_FILE_SIZE_FLAG = '--max-file-size';

const BINARY_PROBE_BYTES = 8000;

/**
 * Reads one file into its documents exactly as kubectl reads it, or refuses it. As kubectl's
 * reader (apimachinery), a file whose first non-space character is `{` is JSON; anything else
 * (`.json` files included) is a YAML stream, cut into documents on kubectl's `---` lines, each read
 * with go-yaml v2's YAML 1.1 scalars. What kubectl would read differently from js-yaml (a line
 * break js-yaml does not see, a `...` line, `.inf`, a merge that overrides an earlier key, an
 * unknown tag) is an {@link InputError} naming the line and column, never a third reading. Problems
 * that concern the whole file are thrown; a document kubectl cannot read yields an error and the
 * other documents are still read. An empty file yields nothing.
 */
export function* readManifestFile(file: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Generator<FileItem> {
  yield* readManifestText(file, readText(file, maxFileBytes));
}

/** {@link readManifestFile} for a file's text already in memory (`file` names it in errors). */
export function* readManifestText(file: string, raw: string): Generator<FileItem> {
  const hasBom = raw.charCodeAt(0) === 0xfeff;
  let text = hasBom ? raw.slice(1) : raw;
  const foreign = findForeignCharacter(text);
  if (foreign !== undefined) {
    throw new InputError(foreign.problem, {
      file,
      ...lineAndColumn(text, foreign.offset),
      hint: foreign.hint,
    });
  }
  // kubectl's line reader drops the CR of CRLF: the YAML it reads has LF line ends only.
  if (text.includes('\r')) text = text.replaceAll('\r\n', '\n');
  // apimachinery sniffs for JSON before any BOM is skipped: a BOM makes the file YAML.
  if (!hasBom && JSON_START.test(text)) {
    yield parseJson(file, text);
    return;
  }
  const split = splitKubectlDocuments(text);
  if (split.refusal) {
    const { line, column, problem, hint } = split.refusal;
    throw new InputError(problem, { file, line, column, hint });
  }
  for (const chunk of split.documents) {
    yield parseYamlDocument(file, chunk.text, chunk.firstLine, chunk.contentLine);
  }
}

/** Go's unicode.IsSpace, then `{`: how apimachinery tells a JSON stream from YAML. */
const JSON_START = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\{/;

/** A file's text with the size cap and the binary and UTF-8 checks, before any parsing. */
export function readManifestSource(file: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): string {
  return readText(file, maxFileBytes);
}

function readText(file: string, maxFileBytes: number): string {
  assertNotSpecialFile(file);
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new InputError(`cannot read the file: ${systemMessage(error)}`, { file, hint: 'check the path' });
  }
  if (size > maxFileBytes) {
    throw new InputError(`the file is ${formatBytes(size)}, over the ${formatBytes(maxFileBytes)} limit`, {
      file,
      hint: `split it, or raise the limit with ${MAX_FILE_SIZE_FLAG} ${Math.ceil(size / 2 ** 20)}MiB`,
    });
  }
  let buffer: Buffer;
  try {
    buffer = readBounded(file, maxFileBytes);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read the file: ${systemMessage(error)}`, { file, hint: 'check the path' });
  }
  const text = buffer.toString('utf8');
  const invalid = text.indexOf('\uFFFD');
  if (invalid !== -1) {
    const line = countLines(text, invalid);
    throw new InputError('the file is not valid UTF-8 text', {
      file,
      line,
      hint: 'save the file as UTF-8',
    });
  }
  return text;
}

// The file may grow between stat and read: never read more than the cap allows.
function readBounded(file: string, maxFileBytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxFileBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      if (total === 0) refuseBinary(file, chunk.subarray(0, Math.min(read, BINARY_PROBE_BYTES)));
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxFileBytes) {
        throw new InputError(`the file is over the ${formatBytes(maxFileBytes)} limit`, {
          file,
          hint: `split it, or raise the limit with ${MAX_FILE_SIZE_FLAG}`,
        });
      }
    }
    // A file that fits in one read needs no copy.
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

// A NUL byte never occurs in YAML or JSON text, and always early in binary formats.
function refuseBinary(file: string, probe: Buffer): void {
  const nul = probe.indexOf(0);
  if (nul !== -1) {
    throw new InputError(`the file is binary (a NUL byte at offset ${nul}), not YAML or JSON`, {
      file,
      hint: 'pass only Kubernetes manifests and Compose files (.yaml, .yml, .json), or save the file as UTF-8',
    });
  }
}

function parseJson(file: string, text: string): FileItem {
  const line = firstContentLine(text);
  const surrogate = findLoneJsonSurrogate(text);
  if (surrogate !== undefined) {
    return {
      error: new InputError(surrogate.problem, {
        file,
        ...lineAndColumn(text, surrogate.offset),
        hint: surrogate.hint,
      }),
    };
  }
  try {
    const value: unknown = JSON.parse(text);
    return { document: { value, line, locator: () => new FieldLocator(text, 1) } };
  } catch (error) {
    // JSON.parse names an offset at best: the YAML parser (JSON is YAML) names the line and column.
    const located = yamlPackage().parseDocument(text, { prettyErrors: true }).errors[0]?.linePos?.[0];
    return {
      error: new InputError(
        `invalid JSON: ${systemMessage(error)} (kubectl reads a file that starts with \`{\` as JSON)`,
        {
          file,
          line: located?.line ?? line,
          ...(located && { column: located.col }),
          hint: 'fix the JSON syntax at that position',
        },
      ),
    };
  }
}

function parseYamlDocument(file: string, text: string, firstLine: number, contentLine: number): FileItem {
  let value: unknown;
  // Node positions are recorded during the one parse, and resolved only for documents with findings.
  const events = new NodeEventLog();
  const guard = new KubectlReadingGuard();
  // Tabs and `\u` escapes are rare: only then are scalars and flow collections located.
  const spans = text.includes('\t') || MAY_HOLD_UNICODE_ESCAPE.test(text) ? new SourceSpans(text) : undefined;
  const listener = (event: EventType, state: State): void => {
    events.listener(event, state);
    spans?.listener(event, state);
    if (event === 'close') guard.onClose(state);
  };
  try {
    value = load(text, { filename: file, schema: MANIFEST_SCHEMA, listener });
  } catch (error) {
    if (error instanceof KubectlReadingRefused) {
      const { line, column, problem, hint } = error.refusal;
      return { error: new InputError(problem, { file, line: firstLine + line, column: column + 1, hint }) };
    }
    if (error instanceof YAMLException) return { error: yamlError(file, firstLine, error) };
    // A deeply nested document can exhaust the parser's stack: that is bad input, not a crash.
    return {
      error: new InputError(`the YAML document cannot be parsed: ${systemMessage(error)}`, {
        file,
        line: contentLine,
        hint: 'simplify the document (is it nested thousands of levels deep?)',
      }),
    };
  }
  if (spans !== undefined) {
    const refused = findRefusedTab(text, spans) ?? findRefusedYamlEscape(text, spans);
    if (refused !== undefined) {
      const at = lineAndColumn(text, refused.offset);
      return {
        error: new InputError(refused.problem, {
          file,
          line: firstLine + at.line - 1,
          column: at.column,
          hint: refused.hint,
        }),
      };
    }
  }
  if (guard.sawMerge) {
    const override = events.positions().firstMergeOverride();
    if (override !== undefined) {
      const lineText = text.split('\n', override.line + 1)[override.line] ?? '';
      return {
        error: new InputError(
          override.key === undefined
            ? 'a merge key (`<<`) in a mapping whose keys this audit cannot place: kubectl applies merges in document order'
            : `this merge key (\`<<\`) brings \`${override.key}\`, already set earlier in the mapping: kubectl lets the merge override it, other YAML readers keep the earlier value`,
          {
            file,
            line: firstLine + override.line,
            column: Math.max(lineText.indexOf('<<'), 0) + 1,
            hint: 'write the merge key first in the mapping, or set the key only once',
          },
        ),
      };
    }
  }
  if (mayContainAlias(text) && expandsBeyond(value, maxExpandedNodes(text.length))) {
    return {
      error: new InputError(
        `the YAML document expands to more than ${maxExpandedNodes(text.length)} nodes through aliases (an alias bomb?)`,
        { file, line: contentLine, hint: 'write the repeated values out, or use fewer nested aliases' },
      ),
    };
  }
  return { document: { value, line: contentLine, locator: () => new FieldLocator(text, firstLine, events) } };
}

function yamlError(file: string, firstLine: number, error: YAMLException): InputError {
  const at = { file, line: firstLine + error.mark.line, column: error.mark.column + 1 };
  const unknownTag = /^unknown tag !<(.*)>$/.exec(error.reason);
  if (unknownTag !== null) {
    return new InputError(
      `the tag ${shortTag(unknownTag[1] ?? '')} is not read by this audit (kubectl turns it into a value of its own)`,
      { ...at, hint: 'remove the tag and write the plain value' },
    );
  }
  return new InputError(`invalid YAML: ${error.reason}`, {
    ...at,
    hint: 'fix the YAML syntax at that position',
  });
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function firstContentLine(text: string): number {
  const match = /\S/.exec(text);
  return match ? countLines(text, match.index) : 1;
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** `1.5 MiB`, `12 KiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 2 ** 20) return `${Math.ceil(bytes / 2 ** 10)} KiB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** Parses a size such as `64MiB`, `64MB`, `64M`, `512KiB` or `1048576` (bytes); units are binary. */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase().charAt(0);
  const scale = unit === 'k' ? 2 ** 10 : unit === 'm' ? 2 ** 20 : unit === 'g' ? 2 ** 30 : 1;
  const bytes = Math.floor(Number(match[1]) * scale);
  return bytes > 0 ? bytes : undefined;
}

function systemMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES') return 'permission denied';
    if (code === 'EISDIR') return 'it is a directory';
    return error.message;
  }
  return String(error);
}
