import type { State } from 'js-yaml';

/** A half-open range of offsets in a document's text. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Where js-yaml found each scalar and each flow collection (`[...]`, `{...}`) of one document,
 * recorded from its `open` and `close` node events. The tab and escape checks need them: a tab or
 * an escape means one thing inside a scalar or a flow collection and another between block tokens,
 * and js-yaml, not a second parser, says which is which. Recorded only for the rare documents that
 * hold a tab or a `\u` escape. Call {@link SourceSpans.listener} from js-yaml's `listener`.
 * @internal Its parameters are js-yaml's parser state, whose typings are a devDependency.
 */
export class SourceSpans {
  /** Disjoint, in text order: scalars never nest. */
  private readonly scalars: Span[] = [];
  /** The outermost flow collections, disjoint, in text order. */
  private readonly flows: Span[] = [];
  private readonly opens: number[] = [];

  public constructor(private readonly text: string) {}

  public readonly listener = (event: 'open' | 'close', state: State): void => {
    if (event === 'open') {
      this.opens.push(state.position);
      return;
    }
    const open = this.opens.pop();
    if (open === undefined) return;
    const start = contentStart(this.text, open, state.position);
    const kind = (state as unknown as { readonly kind: string | null }).kind;
    if (kind === 'scalar') {
      // An empty scalar has no text: nothing of it to look at.
      if (start < state.position) this.scalars.push({ start, end: state.position });
    } else if (kind !== null && (this.text[start] === '[' || this.text[start] === '{')) {
      // Closes come inner first: an outer collection replaces the inner ones it holds.
      while (this.flows.length > 0 && (this.flows[this.flows.length - 1] as Span).start >= start)
        this.flows.pop();
      this.flows.push({ start, end: state.position });
    }
  };

  /** The scalar whose text holds `offset`, if any. */
  public scalarAt(offset: number): Span | undefined {
    return spanAt(this.scalars, offset);
  }

  /** Whether `offset` lies inside a flow collection. */
  public inFlow(offset: number): boolean {
    return spanAt(this.flows, offset) !== undefined;
  }

  /** The scalars, in text order. */
  public allScalars(): readonly Span[] {
    return this.scalars;
  }
}

function spanAt(spans: readonly Span[], offset: number): Span | undefined {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const span = spans[middle] as Span;
    if (offset < span.start) high = middle - 1;
    else if (offset >= span.end) low = middle + 1;
    else return span;
  }
  return undefined;
}

/**
 * A node's event opens before the blanks, comments and properties (`&anchor`, `!tag`) that js-yaml
 * skips on its way to the content: step over them to the content's first character.
 */
function contentStart(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      i++;
    } else if (code === 35 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? to : end;
    } else if (code === 38 /* & */ || code === 33 /* ! */) {
      while (i < to && !isSpace(text.charCodeAt(i))) i++;
    } else {
      return i;
    }
  }
  return i;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
