import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { EventType, State } from 'js-yaml';
import { load } from 'js-yaml';
import { outsideFastPathSubset } from './fast-path-subset';
import { FieldLocator } from './field-line';
import { InputError } from './input-error';
import { kubectlChunks } from './kubectl-chunks';
import { readWithKubectlDecoder } from './kubectl-decoder-reading';
import { KubectlReadingGuard } from './kubectl-reading-guard';
import { MANIFEST_SCHEMA } from './manifest-schema';
import { NodeEventLog } from './node-events';
import { assertNotSpecialFile } from './special-files';

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
 * Reads one file into its documents exactly as kubectl reads it, or refuses it as kubectl does.
 * A file inside the fast path's documented subset of YAML ({@link outsideFastPathSubset}), or a
 * single JSON document, is read by js-yaml with go-yaml v2's scalars (proven equal to kubectl's
 * decoder by the differential fuzzer). Any other file, and any file the fast path cannot read, is
 * read by kubectl's own decoder compiled to WebAssembly ({@link readWithKubectlDecoder}), loaded only
 * then. Problems that concern the whole file are thrown; a document kubectl cannot read yields an
 * error after the documents kubectl read before it. An empty file yields nothing.
 */
export function* readManifestFile(file: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Generator<FileItem> {
  yield* readManifestText(file, readText(file, maxFileBytes));
}

/** {@link readManifestFile} for a file's text already in memory (`file` names it in errors). */
export function* readManifestText(file: string, raw: string): Generator<FileItem> {
  const { text, jsonStream, fast } = readOnFastPath(raw);
  yield* fast ?? readWithKubectlDecoder(file, raw, text, jsonStream);
}

/**
 * The fast path alone: the file's documents when it reads them (`fast`), else undefined (the file
 * is for kubectl's decoder). Exported for the differential fuzzer, which holds it to that decoder.
 * @internal
 */
export function readOnFastPath(raw: string): {
  readonly text: string;
  readonly jsonStream: boolean;
  readonly fast: FileItem[] | undefined;
} {
  const hasBom = raw.charCodeAt(0) === 0xfeff;
  let text = hasBom ? raw.slice(1) : raw;
  // kubectl's line reader drops the CR of CRLF: the YAML it reads has LF line ends only.
  if (text.includes('\r\n')) text = text.replaceAll('\r\n', '\n');
  // apimachinery sniffs for JSON before any BOM is skipped: a BOM makes the file YAML.
  const jsonStream = !hasBom && JSON_START.test(text);
  return { text, jsonStream, fast: jsonStream ? readSingleJson(text) : readFastPath(text) };
}

/** Go's unicode.IsSpace, then `{`: how apimachinery tells a JSON stream from YAML. */
const JSON_START = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\{/;

/**
 * The fast path: the file's documents when the whole file is inside the subset and js-yaml reads
 * every document without a doubt, else undefined (the real decoder then reads the file).
 */
function readFastPath(text: string): FileItem[] | undefined {
  if (outsideFastPathSubset(text) !== undefined) return undefined;
  const items: FileItem[] = [];
  for (const chunk of kubectlChunks(text).chunks) {
    const document = parseFastDocument(chunk.text, chunk.firstLine);
    if (document === undefined) return undefined;
    if (document !== null) items.push({ document });
  }
  return items;
}

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

/**
 * A file that is one JSON document (what `JSON.parse` reads), or undefined: a JSON stream of several
 * documents, JSON followed by YAML, invalid JSON and lone surrogate escapes are read by the decoder.
 */
function readSingleJson(text: string): FileItem[] | undefined {
  // apimachinery looks for the `{` in the first 4096 bytes only: a longer lead is left to it.
  if (text.indexOf('{') > 1000 || MAY_HOLD_SURROGATE_ESCAPE.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null) return [];
  return [{ document: { value, line: firstContentLine(text), locator: () => new FieldLocator(text, 1) } }];
}

// Go's JSON decoder turns a lone surrogate escape into U+FFFD, JSON.parse keeps it.
const MAY_HOLD_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * One document of the fast path: its value with positions, null for a document kubectl skips (empty
 * or null), or undefined when js-yaml cannot read it exactly as kubectl would (the file then goes to
 * the real decoder): a syntax error, a duplicate key, a value the guard stops.
 */
function parseFastDocument(text: string, firstLine: number): ParsedDocument | null | undefined {
  let value: unknown;
  // Node positions are recorded during the one parse, and resolved only for documents with findings.
  const events = new NodeEventLog();
  const guard = new KubectlReadingGuard();
  const listener = (event: EventType, state: State): void => {
    events.listener(event, state);
    if (event === 'close') guard.onClose(state);
  };
  try {
    value = load(text, { schema: MANIFEST_SCHEMA, listener });
  } catch {
    return undefined;
  }
  if (value === null || value === undefined) return null;
  return {
    value,
    line: firstLine + contentOffset(text),
    locator: () => new FieldLocator(text, firstLine, events),
  };
}

// The 0-based line of a chunk's first content (kubectl's chunks keep leading blanks and comments).
function contentOffset(text: string): number {
  const match = /^(?!---(?: |$)) *[^\s#]/m.exec(text);
  return match === null ? 0 : countLines(text, match.index) - 1;
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
