import { load } from 'js-yaml';
import type { Node } from 'yaml';
import type { PathStep } from './field-path';
import { parseFieldPath } from './field-path';
import { MANIFEST_SCHEMA } from './manifest-schema';
import type { NodePositions } from './node-events';
import { NodeEventLog } from './node-events';
import { yamlPackage } from './yaml-package';

/**
 * The largest document the `yaml` package re-reads for what js-yaml's events cannot place (it is
 * about ten times slower than js-yaml). Above it, such a finding keeps its document's line.
 */
export const MAX_PARSED_CHARS = 1_000_000;

/**
 * The largest text re-read by js-yaml for positions when the audit parsed it without recording them
 * (JSON files, read by `JSON.parse`). Above it, findings keep their document's line.
 */
export const MAX_REPARSED_CHARS = 8_000_000;

/**
 * Finds the lines of fields in one document's text, from the positions js-yaml reports while it
 * parses. The rare shapes js-yaml's events cannot place (explicit `? key`s, `[a: b]` pairs) are
 * parsed once with `yaml`, which keeps node positions.
 */
export class FieldLocator {
  private parsed: { readonly contents: Node | null } | null | undefined;
  private positions: NodePositions | null | undefined;

  /**
   * @param text one document's text.
   * @param firstLine the 1-based file line `text` starts on.
   * @param events what js-yaml reported while the audit parsed `text`; without it, the text is re-parsed on the first lookup.
   */
  public constructor(
    private readonly text: string,
    private readonly firstLine: number,
    private readonly events?: NodeEventLog,
  ) {}

  /**
   * The 1-based file line of the field at `path`, or of its nearest ancestor that exists, or
   * undefined when the text cannot be read.
   */
  public lineOf(path: string): number | undefined {
    const steps = parseFieldPath(path);
    this.positions ??= this.readPositions();
    const placed = this.positions?.lineOf(steps);
    if (placed !== undefined) return this.firstLine + placed;
    const offset = this.offsetFromParser(steps);
    return offset === undefined ? undefined : this.firstLine + countNewlines(this.text, offset);
  }

  private readPositions(): NodePositions | null {
    if (this.events !== undefined) return this.events.positions();
    if (this.text.length > MAX_REPARSED_CHARS) return null;
    const events = new NodeEventLog();
    try {
      load(this.text, { schema: MANIFEST_SCHEMA, listener: events.listener });
    } catch {
      // JSON that js-yaml refuses (duplicate keys): `yaml` may still place it.
      return null;
    }
    return events.positions();
  }

  private offsetFromParser(steps: readonly PathStep[]): number | undefined {
    if (this.parsed === undefined && this.text.length > MAX_PARSED_CHARS) this.parsed = null;
    if (this.parsed === undefined) {
      try {
        // Only node positions are read: no alias is ever expanded, so no alias bomb can cost anything.
        const document = yamlPackage().parseDocument(this.text, {
          keepSourceTokens: false,
          uniqueKeys: false,
        });
        this.parsed = document.errors.length > 0 ? null : document;
      } catch {
        this.parsed = null;
      }
    }
    if (this.parsed === null || !this.parsed.contents) return undefined;
    const { isAlias, isMap, isScalar, isSeq } = yamlPackage();
    let node: unknown = this.parsed.contents;
    let offset = rangeStart(node);
    for (const step of steps) {
      if (isAlias(node)) return offset;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (pair === undefined) return offset;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        const item: unknown = node.items[step];
        if (item === undefined) return offset;
        offset = rangeStart(item) ?? offset;
        node = item;
      } else {
        return offset;
      }
    }
    return offset;
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range?.[0];
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
