import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type * as Yaml from 'yaml';
import { yamlPackage } from '../yaml-package';

/** Where a key of the loaded project was written. */
export interface WrittenAt {
  /** The file that writes the key. */
  readonly file: string;
  /** Its 1-based line. */
  readonly line: number;
}

/**
 * Finds where a key path of compose-go's merged model was written, among the files the project
 * loaded (the override files, then the main file, then included files): the file that writes the
 * longest part of the path, the later file on a tie, as later files win the merge. Positions only:
 * compose-go decides every value, the `yaml` package only places it.
 */
export function composeLocator(
  files: readonly string[],
): (keys: readonly (string | number)[]) => WrittenAt | undefined {
  const parsed = new Map<string, readonly ParsedFile[]>();
  const documentsOf = (file: string): readonly ParsedFile[] => {
    let documents = parsed.get(file);
    if (documents === undefined) {
      documents = parseFile(file);
      parsed.set(file, documents);
    }
    return documents;
  };
  // Where a service of a file extends another (`extends: base`, `extends: { file, service }`).
  const baseOf = (file: string, name: string): { file: string; name: string } | undefined => {
    for (const document of documentsOf(file)) {
      const extended = valueAt(document, ['services', name, 'extends']);
      if (typeof extended === 'string') return { file, name: extended };
      if (extended !== null && typeof extended === 'object') {
        const { file: other, service } = extended as { file?: unknown; service?: unknown };
        if (typeof service !== 'string') continue;
        return { file: typeof other === 'string' ? resolve(dirname(file), other) : file, name: service };
      }
    }
    return undefined;
  };
  return (keys) => {
    let best: { at: WrittenAt; depth: number } | undefined;
    const consider = (file: string, path: readonly (string | number)[], hops: number): void => {
      for (const document of documentsOf(file)) {
        const found = deepest(document, path);
        if (found !== undefined && (best === undefined || found.depth > best.depth)) {
          best = { at: { file, line: found.line }, depth: found.depth };
        }
      }
      // A key the service does not write itself may come from the service it extends.
      const [section, name, ...rest] = path;
      if (section !== 'services' || typeof name !== 'string' || rest.length === 0 || hops > MAX_EXTENDS_HOPS)
        return;
      const base = baseOf(file, name);
      if (base !== undefined) consider(base.file, ['services', base.name, ...rest], hops + 1);
    };
    for (let index = files.length - 1; index >= 0; index--) consider(files[index] ?? '', keys, 0);
    return best?.at;
  };
}

const MAX_EXTENDS_HOPS = 16;

function valueAt(document: ParsedFile, keys: readonly string[]): unknown {
  const yaml = yamlPackage();
  let node: unknown = document.contents;
  for (const key of keys) {
    if (!yaml.isMap(node)) return undefined;
    node = node.get(key, true);
  }
  return yaml.isNode(node) ? node.toJSON() : undefined;
}

interface ParsedFile {
  readonly contents: Yaml.Node | null;
  readonly lineCounter: Yaml.LineCounter;
}

function parseFile(file: string): readonly ParsedFile[] {
  const yaml = yamlPackage();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lineCounter = new yaml.LineCounter();
  try {
    return yaml
      .parseAllDocuments(text, { lineCounter, uniqueKeys: false })
      .flatMap((document) => ('contents' in document ? [{ contents: document.contents, lineCounter }] : []));
  } catch {
    return [];
  }
}

// The line of the deepest key of the path the document writes; depth counts the keys matched.
function deepest(
  document: ParsedFile,
  keys: readonly (string | number)[],
): { line: number; depth: number } | undefined {
  const yaml = yamlPackage();
  let node: unknown = document.contents;
  let found: { line: number; depth: number } | undefined;
  for (let depth = 0; depth < keys.length; depth++) {
    const key = keys[depth];
    let next: unknown;
    let offset: number | undefined;
    if (yaml.isMap(node)) {
      const pair = node.items.find(
        (item) => yaml.isScalar(item.key) && String(item.key.value) === String(key),
      );
      if (pair === undefined) break;
      offset = yaml.isNode(pair.key) ? pair.key.range?.[0] : undefined;
      next = pair.value;
    } else if (yaml.isSeq(node) && typeof key === 'number') {
      next = node.items[key];
      if (next === undefined) break;
      offset = yaml.isNode(next) ? next.range?.[0] : undefined;
    } else break;
    if (offset !== undefined) found = { line: document.lineCounter.linePos(offset).line, depth: depth + 1 };
    node = next;
  }
  return found;
}
