import type { PathStep } from './field-path';

const CLOSE = -1;

/**
 * The part of js-yaml's parser state the listener reads. Spelled here rather than imported from
 * js-yaml's typings, which are a devDependency: a public declaration must not need them.
 */
interface ParserState {
  readonly line: number;
  readonly result: unknown;
}

/**
 * Where js-yaml opened and closed each node of one document, recorded while it parses (two array
 * pushes per node), so that field lines can be resolved later, and only for documents with findings.
 * Pass {@link NodeEventLog.listener} as js-yaml's `listener` option.
 */
export class NodeEventLog {
  /** Per event: the 0-based line on which a node opens, or CLOSE. */
  private readonly marks: number[] = [];
  /** Per close event: the value js-yaml built for the node. */
  private readonly results: unknown[] = [];

  /** The js-yaml `listener`: records the line of each node's first character and the value it closes with. */
  public readonly listener = (event: 'open' | 'close', state: ParserState): void => {
    if (event === 'open') {
      this.marks.push(state.line);
    } else {
      this.marks.push(CLOSE);
      this.results.push(state.result);
    }
  };

  /** The positions of the document's keys and items; call only after a parse that succeeded. */
  public positions(): NodePositions {
    return new NodePositions(this.marks, this.results);
  }
}

/** A mapping key: the line it is written on, and the open event of its value. */
interface KeyPosition {
  readonly line: number;
  readonly value: number;
}

/**
 * Lines of keys and sequence items, matched to the very objects and arrays js-yaml built, so that a
 * path is followed through the parsed value itself (merge keys and aliases included). Only the
 * collections on a looked-up path are matched. A collection whose nodes do not match its value one
 * to one (explicit `? key`s, `[a: b]` pairs, `- ` empty items) is left unplaced, and a lookup
 * through it returns undefined for another parser to answer.
 */
export class NodePositions {
  /** For each open event: the index of its close event. */
  private readonly ends: Int32Array;
  /** For each open event: the index of its node's value in `results`. */
  private readonly resultIndex: Int32Array;
  private readonly mappings = new Map<number, Map<string, KeyPosition> | null>();
  private readonly sequences = new Map<number, readonly number[] | null>();

  public constructor(
    private readonly marks: readonly number[],
    private readonly results: readonly unknown[],
  ) {
    // One pass pairs every open event with its close: no object per node.
    this.ends = new Int32Array(marks.length);
    this.resultIndex = new Int32Array(marks.length);
    const stack = new Int32Array(marks.length);
    let depth = 0;
    let closed = 0;
    for (let i = 0; i < marks.length; i++) {
      if (marks[i] !== CLOSE) {
        stack[depth++] = i;
      } else if (depth > 0) {
        const open = stack[--depth] as number;
        this.ends[open] = i;
        this.resultIndex[open] = closed++;
      }
    }
  }

  /**
   * The 0-based line of the deepest node on `steps` that exists (the key, or the sequence item), the
   * root's line for an empty path, or undefined when the path runs through a collection js-yaml's
   * events cannot place. Like a reader, it stops at an alias: the line is where the alias is written.
   */
  public lineOf(steps: readonly PathStep[]): number | undefined {
    if (this.marks.length === 0) return undefined;
    let node = this.unwrap(0);
    let line = this.marks[0] as number;
    for (const step of steps) {
      const value = this.resultOf(node);
      let child: number;
      if (Array.isArray(value)) {
        if (typeof step !== 'number') return line;
        const items = this.itemsOf(node, value);
        if (items === null) return undefined;
        const item = items[step];
        if (item === undefined) return line;
        child = item;
        line = this.marks[item] as number;
      } else if (value !== null && typeof value === 'object') {
        const keys = this.keysOf(node, value as Record<string, unknown>);
        if (keys === null) return undefined;
        const key = keys.get(String(step));
        // Absent, or brought in by a merge key: the mapping's own line is the nearest written place.
        if (key === undefined) return line;
        child = key.value;
        line = key.line;
      } else {
        return line;
      }
      node = this.unwrap(child);
      if (this.isAlias(node)) return line;
    }
    return line;
  }

  private resultOf(node: number): unknown {
    return this.results[this.resultIndex[node] as number];
  }

  /** The open events of a node's direct children. */
  private childrenOf(node: number): number[] {
    const children: number[] = [];
    const end = this.ends[node] as number;
    for (let child = node + 1; child < end; child = (this.ends[child] as number) + 1) children.push(child);
    return children;
  }

  // js-yaml tries a block mapping and, when none follows, keeps its first node: the same value,
  // opened twice. The inner node is the one that holds the collection's entries.
  private unwrap(node: number): number {
    for (;;) {
      const value = this.resultOf(node);
      if (value === null || typeof value !== 'object') return node;
      const end = this.ends[node] as number;
      const only = node + 1;
      if (only >= end || (this.ends[only] as number) + 1 !== end || this.resultOf(only) !== value)
        return node;
      node = only;
    }
  }

  // An alias has no entries of its own, and a value some earlier node built.
  private isAlias(node: number): boolean {
    const value = this.resultOf(node);
    if (value === null || typeof value !== 'object' || (this.ends[node] as number) !== node + 1) return false;
    return this.results.indexOf(value) < (this.resultIndex[node] as number);
  }

  private itemsOf(node: number, sequence: readonly unknown[]): readonly number[] | null {
    let items = this.sequences.get(node);
    if (items === undefined) {
      const children = this.childrenOf(node);
      const matches =
        children.length === sequence.length &&
        children.every((child, i) => Object.is(this.resultOf(child), sequence[i]));
      items = matches ? children : null;
      this.sequences.set(node, items);
    }
    return items;
  }

  private keysOf(node: number, mapping: Record<string, unknown>): Map<string, KeyPosition> | null {
    let keys = this.mappings.get(node);
    if (keys === undefined) {
      keys = this.matchKeys(this.childrenOf(node), mapping);
      this.mappings.set(node, keys);
    }
    return keys;
  }

  private matchKeys(
    children: readonly number[],
    mapping: Record<string, unknown>,
  ): Map<string, KeyPosition> | null {
    if (children.length % 2 !== 0) return null;
    const keys = new Map<string, KeyPosition>();
    let merged = false;
    for (let i = 0; i < children.length; i += 2) {
      const keyNode = children[i] as number;
      const valueNode = children[i + 1] as number;
      const keyValue = this.resultOf(keyNode);
      if (keyValue !== null && typeof keyValue === 'object') return null;
      const key = String(keyValue);
      const own = Object.hasOwn(mapping, key);
      if (key === '<<' && !own) {
        merged = true;
        continue;
      }
      if (!own || !Object.is(mapping[key], this.resultOf(valueNode)) || keys.has(key)) return null;
      keys.set(key, { line: this.marks[keyNode] as number, value: valueNode });
    }
    // Every key must be accounted for, unless a merge brought some in.
    if (!merged && keys.size !== Object.keys(mapping).length) return null;
    return keys;
  }
}
