import type { EventType, State } from 'js-yaml';
import { loadAll } from 'js-yaml';
import { FieldLocator } from './field-line';
import { InputError } from './input-error';
import { kubectlChunks } from './kubectl-chunks';
import { KubectlReadingGuard } from './kubectl-reading-guard';
import { MANIFEST_SCHEMA } from './manifest-schema';
import { NodeEventLog } from './node-events';
import type { FileItem } from './read-file';
import { GoWasmError } from './wasm/go-wasm-module';
import { KUBERNETES_READER_WASM, readAsKubectl } from './wasm/kubernetes-reader';

/**
 * Reads a file the fast path does not (outside its subset, or one it cannot read) with kubectl's
 * own decoder (WebAssembly): the values audited are the decoder's. Findings are placed by a
 * position-aware parse of each document (js-yaml), which must agree with the decoder on every
 * value; where it does not, the document is an input error naming the first path that differs.
 * What kubectl refuses is an input error with kubectl's own message, after the documents it read.
 * @param raw the file's text as read from disk (BOM and line ends untouched: the decoder reads those too)
 * @param text the same text without a BOM and with LF line ends, for positions
 * @param jsonStream whether kubectl reads the file as a JSON stream (its first character is `{`)
 */
export function readWithKubectlDecoder(
  file: string,
  raw: string,
  text: string,
  jsonStream: boolean,
): FileItem[] {
  let reading;
  try {
    reading = readAsKubectl(raw);
  } catch (error) {
    if (!(error instanceof GoWasmError)) throw error;
    throw new InputError(`kubectl's reader (${KUBERNETES_READER_WASM}) cannot run: ${error.message}`, {
      file,
      hint: 'reinstall hardened-workloads: its wasm/ folder is missing or damaged',
    });
  }
  const items: FileItem[] = [];
  if (jsonStream) {
    // JSON has one reading: no second parse is needed, and lines are found by searching the text.
    for (const value of reading.documents) {
      if (value === null) continue;
      items.push({
        document: { value, line: firstContentLine(text), locator: () => new FieldLocator(text, 1) },
      });
    }
    if (reading.error !== undefined) {
      // Go's JSON errors name a byte offset in the stream.
      const offset = /\boffset (\d+)\b/.exec(reading.error)?.[1];
      const line =
        offset === undefined
          ? firstContentLine(text)
          : Buffer.from(raw).subarray(0, Number(offset)).toString('utf8').split('\n').length;
      items.push({ error: kubectlRefusal(file, reading.error, line) });
    }
    return items;
  }
  // Cut as kubectl's line reader cuts the bytes: a BOM stays on the first line (so `\uFEFF---` is
  // no separator), CRLF ends lines as LF.
  const { chunks, refusedSeparatorLine } = kubectlChunks(
    raw.includes('\r\n') ? raw.replaceAll('\r\n', '\n') : raw,
  );
  for (const [index, value] of reading.documents.entries()) {
    const chunk = chunks[index];
    if (chunk === undefined) {
      items.push({
        error: new InputError(
          `kubectl reads more documents from this file than this audit can place (${reading.documents.length} against ${chunks.length})`,
          { file, hint: 'separate documents with plain `---` lines' },
        ),
      });
      return items;
    }
    if (value === null) continue;
    items.push(placeDocument(file, chunk.text, chunk.firstLine, value));
  }
  if (reading.error !== undefined) {
    const failing = chunks[reading.documents.length];
    const separator = /invalid Yaml document separator/.test(reading.error)
      ? refusedSeparatorLine
      : undefined;
    const relative = /\bline (\d+)\b/.exec(reading.error)?.[1];
    const line =
      separator ??
      (failing === undefined
        ? undefined
        : failing.firstLine + (relative === undefined ? 0 : Number(relative) - 1));
    items.push({ error: kubectlRefusal(file, reading.error, line) });
  }
  return items;
}

function kubectlRefusal(file: string, message: string, line: number | undefined): InputError {
  return new InputError(`kubectl refuses this file: error parsing ${file}: ${message}`, {
    file,
    ...(line !== undefined && { line }),
    hint: 'fix the YAML there: kubectl cannot apply the file as it is',
  });
}

/** The decoder's value, with positions from a js-yaml parse that reads the same value. */
function placeDocument(file: string, text: string, firstLine: number, value: unknown): FileItem {
  const events = new NodeEventLog();
  // The guard stops at values JavaScript cannot hold as kubectl does (integers beyond 2^53).
  const guard = new KubectlReadingGuard();
  let placed: unknown;
  try {
    // go-yaml reads the first document of a chunk only (what follows a `...` line is ignored), and
    // keeps the last of duplicate keys (js-yaml's `json` mode does too).
    [placed] = loadAll(text, undefined, {
      schema: MANIFEST_SCHEMA,
      json: true,
      listener: (event: EventType, state: State) => {
        events.listener(event, state);
        if (event === 'close') guard.onClose(state);
      },
    });
  } catch (error) {
    return {
      error: new InputError(
        `kubectl reads this document, but this audit cannot place its fields: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        { file, line: firstLine + contentOffset(text), hint: UNPLACEABLE_HINT },
      ),
    };
  }
  const difference = firstDifference(value, placed, []);
  if (difference !== undefined) {
    const path = difference.length === 0 ? 'the document' : `\`${formatPath(difference)}\``;
    return {
      error: new InputError(
        `kubectl reads ${path} differently from this audit's position-aware parse: its findings cannot be placed`,
        { file, line: firstLine + contentOffset(text), hint: UNPLACEABLE_HINT },
      ),
    };
  }
  // Equal to the decoder's value everywhere, but with the keys in the file's order (Go writes them
  // sorted): findings and Compose services then come in the order they are written.
  return {
    document: {
      value: placed,
      line: firstLine + contentOffset(text),
      locator: () => new FieldLocator(text, firstLine, events),
    },
  };
}

const UNPLACEABLE_HINT =
  'write the document in plain YAML (no tags, merge keys, explicit `?` keys or escapes that readers disagree on)';

/** The first path at which the two values differ, or undefined when they are equal. */
export function firstDifference(
  expected: unknown,
  actual: unknown,
  path: (string | number)[],
): (string | number)[] | undefined {
  if (expected === actual) return undefined;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return path;
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      if (i >= expected.length || i >= actual.length) return [...path, i];
      const found = firstDifference(expected[i], actual[i], [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return path;
    const expectedObject = expected as Record<string, unknown>;
    const actualObject = actual as Record<string, unknown>;
    for (const key of Object.keys(expectedObject)) {
      if (!Object.hasOwn(actualObject, key)) return [...path, key];
      const found = firstDifference(expectedObject[key], actualObject[key], [...path, key]);
      if (found !== undefined) return found;
    }
    for (const key of Object.keys(actualObject))
      if (!Object.hasOwn(expectedObject, key)) return [...path, key];
    return undefined;
  }
  return path;
}

function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`))
    .join('')
    .replace(/^\./, '');
}

// The 0-based line of the chunk's first content (kubectl's chunks start with blanks and comments).
function contentOffset(text: string): number {
  const match = /^(?!---(?:\s|$))[ \t]*[^\s#]/m.exec(text);
  if (match === null) return 0;
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < match.index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function firstContentLine(text: string): number {
  const match = /\S/.exec(text);
  if (match === null) return 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < match.index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
