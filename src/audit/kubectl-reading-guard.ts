import type { State } from 'js-yaml';

const INT_TAG = 'tag:yaml.org,2002:int';
/** go-yaml's anchor and alias names: ASCII letters, digits, `_` and `-`. */
const GO_YAML_ANCHOR = /^[\w-]+$/;

/** Where and why a document must be refused rather than read. Lines and columns are 0-based. */
export interface GuardRefusal {
  readonly line: number;
  readonly column: number;
  readonly problem: string;
  readonly hint: string;
}

/**
 * Thrown from the listener to stop js-yaml at the first value kubectl reads differently; the reader
 * turns it into an input error.
 */
export class KubectlReadingRefused extends Error {
  public constructor(public readonly refusal: GuardRefusal) {
    super(refusal.problem);
  }
}

/**
 * Watches js-yaml's node events for values that kubectl (sigs.k8s.io/yaml, go-yaml v2) cannot turn
 * into the same JSON: `.inf` and `.nan` (JSON has neither: kubectl fails), integers beyond 2^53
 * (JavaScript rounds them, kubectl does not), and mapping keys that are null or floats (kubectl
 * fails on a null key and writes float keys in Go's float32 format, JavaScript in its own), mapping
 * keys that are sequences or mappings (`? [a, b]`, `{a: 1}: x`: kubectl fails, js-yaml writes them as
 * text), and anchor names go-yaml does not accept (js-yaml takes any character but a flow indicator).
 * The fast path then hands the file to kubectl's decoder; a position-aware parse fails. Call
 * {@link KubectlReadingGuard.onClose} from js-yaml's `listener` on each `close` event.
 * @internal Its parameters are js-yaml's parser state, whose typings are a devDependency.
 */
export class KubectlReadingGuard {
  /** Call on js-yaml's `close` event of each node. */
  public onClose(state: State): void {
    const result: unknown = state.result;
    const { tag, anchor } = state as State & { readonly tag: string | null; readonly anchor: string | null };
    if (anchor !== null && !GO_YAML_ANCHOR.test(anchor)) {
      refuse(
        state,
        `the anchor name \`${anchor}\` has characters kubectl's YAML reader does not accept in a name (letters, digits, \`_\`, \`-\`)`,
        'rename the anchor and its aliases',
      );
    }
    if (typeof result === 'number') {
      if (!Number.isFinite(result)) {
        refuse(
          state,
          `${String(result)} is not a number kubectl can send (JSON has no NaN or infinity): kubectl fails`,
          'quote it if it is meant as a string',
        );
      }
      if (Number.isInteger(result) && !Number.isSafeInteger(result)) {
        refuse(
          state,
          'an integer beyond 2^53, which this audit cannot read exactly as kubectl does',
          'quote it if it is meant as a string',
        );
      }
      if ((tag !== INT_TAG || !Number.isInteger(result)) && isMappingKey(state)) {
        refuse(
          state,
          "a mapping key that is a float: kubectl writes it in Go's float32 format, unlike this audit",
          'quote the key',
        );
      }
    } else if (typeof result === 'object' && result !== null && isMappingKey(state)) {
      refuse(
        state,
        `a mapping key that is a ${Array.isArray(result) ? 'sequence' : 'mapping'}: kubectl's YAML reader refuses it ("invalid map key"), this audit's would turn it into text`,
        'use a plain string as the key',
      );
    } else if (result === null && isMappingKey(state)) {
      refuse(
        state,
        'a mapping key that is null (empty, `~` or `null`): kubectl cannot convert it to JSON',
        'quote the key, or give it a name',
      );
    }
  }
}

// The node ends where js-yaml stands: point at the start of its last token on that line.
function refuse(state: State, problem: string, hint: string): never {
  let start = state.position;
  while (start > state.lineStart && isBlank(state.input.charCodeAt(start - 1))) start--;
  while (start > state.lineStart && !isBlank(state.input.charCodeAt(start - 1))) start--;
  throw new KubectlReadingRefused({ line: state.line, column: start - state.lineStart, problem, hint });
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

// After a key comes `:` (for an explicit `? key`, on a later line, after comments).
function isMappingKey(state: State): boolean {
  const input = state.input;
  let i = state.position;
  for (;;) {
    const code = input.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      i++;
    } else if (code === 35 /* # */) {
      const end = input.indexOf('\n', i);
      if (end === -1) return false;
      i = end;
    } else {
      return code === 58; /* : */
    }
  }
}
