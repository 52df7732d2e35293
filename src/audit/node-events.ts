import type { EventType, State } from 'js-yaml';
import type { PathStep } from './field-path';

const CLOSE = -1;

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
  public readonly listener = (event: EventType, state: State): void => {
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

/** One node as js-yaml closed it: where it opened, and the value it built. */
interface ClosedNode {
  readonly line: number;
  readonly result: unknown;
  /** The node is an alias (`*name`): its value was built, and positioned, at its anchor. */
  readonly alias: boolean;
}

interface OpenNode {
  readonly line: number;
  readonly children: ClosedNode[];
}

/** A mapping key: the line it is written on, and its value's node. */
interface KeyPosition {
  readonly line: number;
  readonly value: ClosedNode;
}

/**
 * Lines of keys and sequence items, attached to the very objects and arrays js-yaml built, so that a
 * path is followed through the parsed value itself (merge keys and aliases included). A collection
 * whose nodes do not match its value one to one (explicit `? key`s, `[a: b]` pairs, `- ` empty
 * items) is left unplaced, and a lookup through it returns undefined for another parser to answer.
 */
export class NodePositions {
  private readonly mappings = new Map<object, Map<string, KeyPosition>>();
  private readonly sequences = new Map<readonly unknown[], readonly ClosedNode[]>();
  private readonly root: ClosedNode | undefined;

  public constructor(marks: readonly number[], results: readonly unknown[]) {
    const stack: OpenNode[] = [];
    const closed = new Set<object>();
    let root: ClosedNode | undefined;
    let next = 0;
    for (const mark of marks) {
      if (mark !== CLOSE) {
        stack.push({ line: mark, children: [] });
        continue;
      }
      const open = stack.pop();
      if (open === undefined) break;
      const result = results[next++];
      let alias = false;
      if (result !== null && typeof result === 'object') {
        const only = open.children.length === 1 ? open.children[0] : undefined;
        if (only?.result === result) {
          // js-yaml tried a block mapping and kept its first node: the same node, opened twice.
          alias = only.alias;
        } else if (open.children.length === 0 && closed.has(result)) {
          alias = true;
        } else {
          this.place(result, open.children);
        }
        closed.add(result);
      }
      const node: ClosedNode = { line: open.line, result, alias };
      const parent = stack.at(-1);
      if (parent === undefined) root = node;
      else parent.children.push(node);
    }
    this.root = root;
  }

  /**
   * The 0-based line of the deepest node on `steps` that exists (the key, or the sequence item), the
   * root's line for an empty path, or undefined when the path runs through a collection js-yaml's
   * events cannot place. Like a reader, it stops at an alias: the line is where the alias is written.
   */
  public lineOf(steps: readonly PathStep[]): number | undefined {
    if (this.root === undefined) return undefined;
    let line = this.root.line;
    let node = this.root.result;
    for (const step of steps) {
      let child: ClosedNode | undefined;
      if (Array.isArray(node)) {
        if (typeof step !== 'number') return line;
        const items = this.sequences.get(node);
        if (items === undefined) return undefined;
        child = items[step];
        if (child === undefined) return line;
        line = child.line;
      } else if (node !== null && typeof node === 'object') {
        const keys = this.mappings.get(node);
        if (keys === undefined) return undefined;
        const key = keys.get(String(step));
        // Absent, or brought in by a merge key: the mapping's own line is the nearest written place.
        if (key === undefined) return line;
        child = key.value;
        line = key.line;
      } else {
        return line;
      }
      if (child.alias) return line;
      node = child.result;
    }
    return line;
  }

  private place(collection: object, children: readonly ClosedNode[]): void {
    if (Array.isArray(collection)) {
      if (children.length !== collection.length) return;
      for (let i = 0; i < children.length; i++) {
        if (!Object.is((children[i] as ClosedNode).result, collection[i])) return;
      }
      this.sequences.set(collection, children);
      return;
    }
    if (children.length % 2 !== 0) return;
    const record = collection as Record<string, unknown>;
    const keys = new Map<string, KeyPosition>();
    let merged = false;
    for (let i = 0; i < children.length; i += 2) {
      const keyNode = children[i] as ClosedNode;
      const valueNode = children[i + 1] as ClosedNode;
      if (keyNode.result !== null && typeof keyNode.result === 'object') return;
      const key = String(keyNode.result);
      const own = Object.hasOwn(record, key);
      if (key === '<<' && !own) {
        merged = true;
        continue;
      }
      if (!own || !Object.is(record[key], valueNode.result) || keys.has(key)) return;
      keys.set(key, { line: keyNode.line, value: valueNode });
    }
    // Every key must be accounted for, unless a merge brought some in.
    if (!merged && keys.size !== Object.keys(record).length) return;
    this.mappings.set(collection, keys);
  }
}
