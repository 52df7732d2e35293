import type { PathStep } from './field-path';

/**
 * Finds the line of a field in a block-style YAML document by indentation alone, without parsing
 * it: re-parsing each document that has findings with a position-aware parser would cost more than
 * the whole audit. It answers only for the plain block subset (what kubectl, Helm and cdk8s emit)
 * and returns undefined for anything else (flow collections, anchors, merge keys, tabs, complex
 * keys), so that the caller can fall back to a real parser rather than guess.
 */

/** Why a lookup stopped: the field is absent (its nearest ancestor is the answer), or the text is outside the subset. */
type Miss = 'absent' | 'unsure';

/** A block collection: lines [from, to) whose entries start at `column`; `inlineColumn` is set for `- key: v` items. */
interface Region {
  readonly from: number;
  readonly to: number;
  readonly column: number;
  /** The first line's entry starts after a dash, at this column, not at the line's indentation. */
  readonly inlineColumn?: number;
}

interface Entry {
  /** The line the key or item starts on. */
  readonly line: number;
  /**
   * The value as a region; 'empty' when it has no children to descend into (null, a scalar, `{}`);
   * 'inline' when it is a collection, anchor, alias or tagged node on the same line.
   */
  readonly value: Region | 'inline' | 'empty';
}

const UNSURE = 'unsure';
const UNKNOWN_INDENT = -2;

/**
 * The 0-based line of the deepest node on `steps` that exists in `text` (the document's first
 * content line when none does), or undefined when the document is not plain block YAML.
 */
export function locateInBlockYaml(text: string, steps: readonly PathStep[]): number | undefined {
  return new BlockYamlLocator(text).locate(steps);
}

/** {@link locateInBlockYaml} for many paths of one document: its lines are split once. */
export class BlockYamlLocator {
  private readonly lines: Lines;

  public constructor(text: string) {
    this.lines = new Lines(text);
  }

  /** See {@link locateInBlockYaml}. */
  public locate(steps: readonly PathStep[]): number | undefined {
    const lines = this.lines;
    const root = lines.rootRegion();
    if (root === undefined) return undefined;
    let region: Region = root;
    let deepest = root.from;
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index] as PathStep;
      const entry = typeof step === 'number' ? lines.item(region, step) : lines.key(region, step);
      if (entry === UNSURE) return undefined;
      if (entry === 'absent') return deepest;
      deepest = entry.line;
      if (index === steps.length - 1 || entry.value === 'empty') return deepest;
      if (entry.value === 'inline') return undefined;
      region = entry.value;
    }
    return deepest;
  }
}

class Lines {
  private readonly starts: number[];
  private readonly count: number;
  private readonly indents: Int32Array;
  private readonly items = new Map<string, number[] | typeof UNSURE>();
  private readonly children = new Map<string, Region | 'empty'>();

  public constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
    this.count = starts.length;
    this.indents = new Int32Array(this.count).fill(UNKNOWN_INDENT);
  }

  /** The text of a line, without its line break; sliced only for lines that are read as entries. */
  private line(i: number): string {
    return this.text.slice(this.starts[i], this.end(i));
  }

  private end(i: number): number {
    let end = i + 1 < this.count ? (this.starts[i + 1] as number) - 1 : this.text.length;
    if (end > (this.starts[i] as number) && this.text.charCodeAt(end - 1) === 13 /* \r */) end--;
    return end;
  }

  /** Leading spaces of a line; -1 when a tab follows them (YAML forbids it there: a parser must decide). */
  private indent(i: number): number {
    let indent = this.indents[i] as number;
    if (indent === UNKNOWN_INDENT) {
      const start = this.starts[i] as number;
      let p = start;
      while (this.text.charCodeAt(p) === 32) p++;
      indent = this.text.charCodeAt(p) === 9 ? -1 : p - start;
      this.indents[i] = indent;
    }
    return indent;
  }

  private dashAt(i: number, column: number): boolean {
    const at = (this.starts[i] as number) + column;
    if (this.text.charCodeAt(at) !== 45 /* - */) return false;
    return at + 1 >= this.end(i) || this.text.charCodeAt(at + 1) === 32;
  }

  private root: Region | null | undefined;

  /** The document's top-level block; null when the document is not plain block YAML. */
  public rootRegion(): Region | undefined {
    if (this.root === undefined) this.root = this.measureRoot() ?? null;
    return this.root ?? undefined;
  }

  private measureRoot(): Region | undefined {
    let from = 0;
    let to = this.count;
    for (let i = 0; i < this.count; i++) {
      const start = this.starts[i] as number;
      if (this.text.startsWith('...', start)) {
        to = i;
        break;
      }
      if (from === i) {
        const line = this.line(i);
        if (this.isSkippable(i) || line.startsWith('%') || line === '---' || line.startsWith('--- #'))
          from = i + 1;
      }
    }
    if (from >= to || this.indent(from) === -1 || this.line(from).startsWith('---')) return undefined;
    return { from, to, column: this.indent(from) };
  }

  public key(region: Region, key: string): Entry | Miss {
    let merges = false;
    for (let i = region.from; i < region.to; i++) {
      if (this.isSkippable(i)) continue;
      const column = this.columnOf(region, i);
      if (column === -1 || column < region.column) return UNSURE;
      if (column > region.column) continue;
      // A dash at the mapping's own indentation continues the previous key's sequence (`key:\n- a`).
      if (i > region.from && this.dashAt(i, column)) continue;
      const parsed = parseKey(this.line(i), column);
      if (parsed === undefined) return UNSURE;
      if (parsed.key === '<<') merges = true;
      if (parsed.key === key) return { line: i, value: this.valueOf(region, i, parsed.valueStart) };
    }
    // A merge key may bring the field in from an anchor: only a parser can tell.
    return merges ? UNSURE : 'absent';
  }

  public item(region: Region, wanted: number): Entry | Miss {
    const items = this.itemLines(region);
    if (items === UNSURE) return UNSURE;
    const i = items[wanted];
    if (i === undefined) return 'absent';
    const line = this.line(i);
    let content = this.columnOf(region, i) + 1;
    while (line.charCodeAt(content) === 32) content++;
    if (content >= line.length || line.charCodeAt(content) === 35 /* # */) {
      return { line: i, value: this.childRegion(region, i) };
    }
    if (isDash(line, content)) return UNSURE;
    if (parseKey(line, content) === undefined) return { line: i, value: inlineValue(line, content) };
    return {
      line: i,
      value: { from: i, to: this.endOfItem(region, i), column: content, inlineColumn: content },
    };
  }

  /** The lines on which a sequence's items start; remembered, so that `items[i]` of a long List costs no rescan. */
  private itemLines(region: Region): number[] | typeof UNSURE {
    const key = regionKey(region);
    let items = this.items.get(key);
    if (items !== undefined) return items;
    items = [];
    for (let i = region.from; i < region.to; i++) {
      if (this.isSkippable(i)) continue;
      const column = this.columnOf(region, i);
      if (column === -1 || column < region.column) {
        items = UNSURE;
        break;
      }
      if (column > region.column) continue;
      if (!this.dashAt(i, column)) {
        items = UNSURE;
        break;
      }
      items.push(i);
    }
    this.items.set(key, items);
    return items;
  }

  private valueOf(region: Region, line: number, valueStart: number): Entry['value'] {
    const text = this.line(line);
    let i = valueStart;
    while (text.charCodeAt(i) === 32) i++;
    if (i < text.length && text.charCodeAt(i) !== 35 /* # */) return inlineValue(text, i);
    return this.childRegion(region, line);
  }

  /** The block below `line`: more indented lines, or a sequence at the same indentation (`key:\n- a`). */
  private childRegion(region: Region, line: number): Region | 'empty' {
    const key = `${regionKey(region)}@${line}`;
    let child = this.children.get(key);
    if (child === undefined) {
      child = this.measureChild(region, line);
      this.children.set(key, child);
    }
    return child;
  }

  private measureChild(region: Region, line: number): Region | 'empty' {
    const parentColumn = this.columnOf(region, line);
    let first = line + 1;
    while (first < region.to && this.isSkippable(first)) first++;
    if (first >= region.to) return 'empty';
    const column = this.indent(first);
    const compact = column === parentColumn && this.dashAt(first, column);
    if (column <= parentColumn && !compact) return 'empty';
    let end = first + 1;
    for (; end < region.to; end++) {
      if (this.isSkippable(end)) continue;
      const indent = this.indent(end);
      if (indent < column || (compact && indent === column && !this.dashAt(end, column))) break;
    }
    return { from: first, to: end, column };
  }

  private endOfItem(region: Region, line: number): number {
    for (let i = line + 1; i < region.to; i++) {
      if (!this.isSkippable(i) && this.indent(i) <= region.column) return i;
    }
    return region.to;
  }

  private columnOf(region: Region, line: number): number {
    return line === region.from && region.inlineColumn !== undefined
      ? region.inlineColumn
      : this.indent(line);
  }

  private isSkippable(line: number): boolean {
    const indent = this.indent(line);
    if (indent === -1) return false;
    const at = (this.starts[line] as number) + indent;
    return at >= this.end(line) || this.text.charCodeAt(at) === 35; /* # */
  }
}

// A scalar or an empty collection has nothing below it; anything else on the line needs a parser.
function inlineValue(line: string, start: number): 'inline' | 'empty' {
  const rest = line
    .slice(start)
    .replace(/\s+#.*$/, '')
    .trimEnd();
  if (rest === '{}' || rest === '[]') return 'empty';
  return isIndicator(line.charCodeAt(start)) ? 'inline' : 'empty';
}

function regionKey(region: Region): string {
  return `${region.from}:${region.to}:${region.column}:${region.inlineColumn ?? ''}`;
}

function isDash(line: string, column: number): boolean {
  if (line.charCodeAt(column) !== 45 /* - */) return false;
  const next = line.charCodeAt(column + 1);
  return Number.isNaN(next) || next === 32;
}

// Anchors, aliases, tags, flow collections, block scalars and complex keys need a parser.
function isIndicator(code: number): boolean {
  return (
    code === 38 /* & */ ||
    code === 42 /* * */ ||
    code === 33 /* ! */ ||
    code === 91 /* [ */ ||
    code === 123 /* { */ ||
    code === 124 /* | */ ||
    code === 62 /* > */ ||
    code === 63 /* ? */ ||
    code === 64 /* @ */ ||
    code === 96 /* ` */
  );
}

/** A mapping key starting at `column`, and where its value starts; undefined when the line is not a plain `key: value`. */
function parseKey(line: string, column: number): { key: string; valueStart: number } | undefined {
  const first = line.charCodeAt(column);
  let key: string;
  let end: number;
  if (first === 34 /* " */) {
    end = column + 1;
    while (end < line.length && line.charCodeAt(end) !== 34)
      end += line.charCodeAt(end) === 92 /* \ */ ? 2 : 1;
    if (end >= line.length) return undefined;
    try {
      key = JSON.parse(line.slice(column, end + 1)) as string;
    } catch {
      return undefined;
    }
    end++;
  } else if (first === 39 /* ' */) {
    end = column + 1;
    for (;;) {
      end = line.indexOf("'", end);
      if (end === -1) return undefined;
      if (line.charCodeAt(end + 1) !== 39) break;
      end += 2;
    }
    key = line.slice(column + 1, end).replaceAll("''", "'");
    end++;
  } else {
    if (isIndicator(first) || isDash(line, column)) return undefined;
    end = column;
    for (;;) {
      end = line.indexOf(':', end);
      if (end === -1) return undefined;
      const next = line.charCodeAt(end + 1);
      if (Number.isNaN(next) || next === 32) break;
      end++;
    }
    key = line.slice(column, end).trimEnd();
    if (key.includes(' #')) return undefined;
  }
  if (line.charCodeAt(end) !== 58 /* : */) return undefined;
  const after = line.charCodeAt(end + 1);
  if (!Number.isNaN(after) && after !== 32) return undefined;
  return { key, valueStart: end + 1 };
}
