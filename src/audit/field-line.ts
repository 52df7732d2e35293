import type { Node } from 'yaml';
import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { BlockYamlLocator } from './block-yaml-locator';
import type { PathStep } from './field-path';
import { parseFieldPath } from './field-path';

/**
 * The largest document the position-aware parser re-reads (it is about ten times slower than the
 * audit's parser). Above it, a finding outside plain block YAML (a huge JSON List) keeps its
 * document's line.
 */
export const MAX_PARSED_CHARS = 1_000_000;

/**
 * Finds the lines of fields in one document's text. Plain block YAML is answered by indentation;
 * anything else (JSON, flow style, anchors) is parsed once with `yaml`, which keeps node positions.
 */
export class FieldLocator {
  private parsed: { readonly contents: Node | null } | null | undefined;
  private block: BlockYamlLocator | undefined;

  /** @param text one document's text. @param firstLine the 1-based file line `text` starts on. */
  public constructor(
    private readonly text: string,
    private readonly firstLine: number,
  ) {}

  /**
   * The 1-based file line of the field at `path`, or of its nearest ancestor that exists, or
   * undefined when the text cannot be read.
   */
  public lineOf(path: string): number | undefined {
    const steps = parseFieldPath(path);
    this.block ??= new BlockYamlLocator(this.text);
    const fast = this.block.locate(steps);
    if (fast !== undefined) return this.firstLine + fast;
    const offset = this.offsetFromParser(steps);
    return offset === undefined ? undefined : this.firstLine + countNewlines(this.text, offset);
  }

  private offsetFromParser(steps: readonly PathStep[]): number | undefined {
    if (this.parsed === undefined && this.text.length > MAX_PARSED_CHARS) this.parsed = null;
    if (this.parsed === undefined) {
      try {
        // Only node positions are read: no alias is ever expanded, so no alias bomb can cost anything.
        const document = parseDocument(this.text, { keepSourceTokens: false, uniqueKeys: false });
        this.parsed = document.errors.length > 0 ? null : document;
      } catch {
        this.parsed = null;
      }
    }
    if (this.parsed === null || !this.parsed.contents) return undefined;
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
