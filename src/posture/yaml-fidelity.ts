/*
 * The cdk8s YAML writer (eemeli/yaml, YAML 1.1 mode) and Kubernetes' reader (sigs.k8s.io/yaml over
 * go-yaml v2) disagree on a few strings. Each case below was checked against the real Go reader:
 * - U+0085, U+2028, U+2029 are ordinary characters to the writer, which leaves them in plain
 *   scalars; go-yaml reads them as line breaks, so a crafted value becomes new keys
 *   (`workingDir: "/app\u2028      hostPID:\u2028        true"` reads as `hostPID: true`).
 * - DEL, the C1 controls (U+0080-U+009F), U+FFFE, U+FFFF and lone surrogates are written as they
 *   are; go-yaml refuses the whole document.
 * - A `<<` key is written plain; go-yaml merges its mapping into the parent.
 * - `0o17` is a string to the writer, an octal integer (15) to go-yaml v2; so are the other numbers
 *   go-yaml v2 reads (strconv's base-0 syntax once underscores are removed: `0X1F`, `0B1`, `-_1`,
 *   `+_1`, `1E_5`) that the writer's YAML 1.1 schema does not, and so leaves unquoted.
 * - A multi-line string whose first non-empty line starts with a tab is written as a block scalar;
 *   go-yaml refuses the document ("found a tab character where an indentation space is expected").
 * Refusing them at synth keeps what is written what was audited.
 */

/** One string of a manifest that Kubernetes' YAML reader would read differently. */
export interface YamlHazard {
  /** Keys from the manifest root to the string (the key itself, for a hazardous key). */
  readonly path: readonly (string | number)[];
  /** Whether the hazard is in a mapping key or in a value. */
  readonly in: 'key' | 'value';
  /** What the reader would do, e.g. `holds U+2028, a line break for Kubernetes' YAML reader`. */
  readonly problem: string;
}

// Line breaks for go-yaml, control and non-characters it refuses, and lone surrogates.
const HAZARDOUS_CHARACTER =
  /[\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// go-yaml takes a block scalar's indentation from its first non-empty line, and refuses a tab there.
const BLOCK_LEADING_TAB = /^\n*\t/;
// go-yaml v2 resolves these plain scalars to integers (underscores are ignored).
const YAML11_OCTAL = /^[-+]?0[oO][0-7_]*[0-7][0-7_]*$/;
// go-yaml v2 (resolve.go) reads a plain scalar starting with a sign, a dot or a digit as a number
// when, underscores removed, strconv.ParseInt/ParseUint(base 0) or its float pattern accepts it.
const GO_YAML_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
// The numbers of the writer's YAML 1.1 schema (yaml 2.x, schema/yaml-1.1): a string it would read
// as one is quoted, so go-yaml reads it as a string too.
const WRITER_YAML11_NUMBERS = [
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
];
// A number go-yaml reads but the writer's schema does not has an underscore or an upper-case or
// `o` radix prefix: every other go-yaml number is one of the writer's too.
const MAYBE_UNQUOTED_NUMBER = /^[-+]?0[XBOo]|^[-+.0-9][-+.0-9a-fA-FxXoObB]*_/;
// Whatever any check above could match, in one test: almost every string of a manifest fails it,
// so a synth pays one regular expression per string, not three.
const MAYBE_HAZARDOUS =
  /[\u007f-\u009f\u2028\u2029\ufffe\uffff\ud800-\udfff]|^[-+]?0[XBOo]|^[-+.0-9][-+.0-9a-fA-FxXoObB]*_|^\n*\t/;

// MAYBE_HAZARDOUS over JSON text (JSON.stringify's): a hazardous key or string matches it.
// JSON.stringify leaves U+007F and above as they are, except lone surrogates, which it writes as
// \udXXX; a string's start is the quote before it, and a newline or tab there is written \n, \t.
// The `<<` key is looked for with its quotes. It matches more than it must (a `"0o` inside a
// string, paired surrogates); what it matches is walked.
const JSON_TEXT_MAYBE_HAZARDOUS =
  /[\u007f-\u009f\u2028\u2029\ufffe\uffff]|\\u[dD][89abcdefABCDEF]|"[-+]?0[XBOo]|"[-+.0-9][-+.0-9a-fA-FxXoObB]*_|"(?:\\n)*\\t|"<<"/;

/**
 * Whether JSON text (as JSON.stringify writes it) may hold a key or string that Kubernetes' YAML
 * reader would read differently: false means none does.
 * @internal
 */
export function jsonTextMayHoldYamlHazard(text: string): boolean {
  return JSON_TEXT_MAYBE_HAZARDOUS.test(text);
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What Kubernetes' YAML reader would make of a string written by cdk8s, or undefined when it reads it back unchanged. */
export function yamlStringHazard(text: string, position: 'key' | 'value'): string | undefined {
  if (position === 'key' && text === '<<') {
    return "is a merge key (<<) for Kubernetes' YAML reader: its mapping would be merged into the parent";
  }
  if (!MAYBE_HAZARDOUS.test(text)) return undefined;
  const match = HAZARDOUS_CHARACTER.exec(text);
  if (match !== null) {
    const char = match[0];
    const name = codePoint(char);
    if (char === '\u0085' || char === '\u2028' || char === '\u2029') {
      return `holds ${name}, a line break for Kubernetes' YAML reader`;
    }
    return `holds ${name}, a character Kubernetes' YAML reader refuses`;
  }
  if (YAML11_OCTAL.test(text)) {
    return `is ${quoteVisibly(text)}, an octal number for Kubernetes' YAML reader (YAML 1.1), not a string`;
  }
  if (MAYBE_UNQUOTED_NUMBER.test(text) && isUnquotedGoYamlNumber(text)) {
    return `is ${quoteVisibly(text)}, which cdk8s writes unquoted and Kubernetes' YAML reader (go-yaml v2) reads as a number, not a string`;
  }
  if (BLOCK_LEADING_TAB.test(text) && text.includes('\n')) {
    return "spans lines and its first non-empty line starts with a tab: cdk8s writes it as a block scalar, which Kubernetes' YAML reader refuses (a tab where indentation is expected)";
  }
  return undefined;
}

// A number for go-yaml v2 that the writer's YAML 1.1 schema reads as a string, so writes plain.
function isUnquotedGoYamlNumber(text: string): boolean {
  const plain = text.replace(/_/g, '');
  if (!GO_YAML_INT.test(plain) && !GO_YAML_FLOAT.test(plain)) return false;
  return !WRITER_YAML11_NUMBERS.some((pattern) => pattern.test(text));
}

/** Every key and string value of a JSON manifest that Kubernetes' YAML reader would read differently. */
export function yamlHazards(manifest: unknown): YamlHazard[] {
  const hazards: YamlHazard[] = [];
  const path: (string | number)[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const problem = yamlStringHazard(value, 'value');
      if (problem !== undefined) hazards.push({ path: [...path], in: 'value', problem });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        visit(value[index]);
        path.pop();
      }
      return;
    }
    for (const key of Object.keys(value)) {
      path.push(key);
      const problem = yamlStringHazard(key, 'key');
      if (problem !== undefined) hazards.push({ path: [...path], in: 'key', problem });
      visit((value as Record<string, unknown>)[key]);
      path.pop();
    }
  };
  visit(manifest);
  return hazards;
}

/**
 * {@link yamlHazards}, freezing every object and array of the manifest on the way: the one walk a
 * rendered manifest gets before it is audited and handed, unchangeable, to later validations.
 * @internal
 */
export function freezeFindingYamlHazards(manifest: unknown): YamlHazard[] {
  // Hazards are rare: the freezing walk keeps no path, and only a manifest that has one is walked
  // again to say where.
  return freezeHasHazard(manifest) ? yamlHazards(manifest) : [];
}

// Freezes every object and array of the value; true when any key or string is a hazard. It runs
// on every object a hardened construct renders, mostly before V8 has optimised it: plain indexed
// and for-in loops (no iterator objects), and a string reaches the full check only when the one
// screening expression matches.
function freezeHasHazard(value: unknown): boolean {
  if (typeof value === 'string') {
    return MAYBE_HAZARDOUS.test(value) && yamlStringHazard(value, 'value') !== undefined;
  }
  if (value === null || typeof value !== 'object') return false;
  Object.freeze(value);
  let found = false;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (freezeHasHazard((value as readonly unknown[])[index])) found = true;
    }
    return found;
  }
  // A rendered manifest is plain JSON data: its own enumerable keys are all a for-in visits.
  for (const key in value) {
    if ((key === '<<' || MAYBE_HAZARDOUS.test(key)) && yamlStringHazard(key, 'key') !== undefined)
      found = true;
    if (freezeHasHazard((value as Record<string, unknown>)[key])) found = true;
  }
  return found;
}

/** JSON quoting that also escapes what a terminal or a YAML 1.1 reader would not show as written. */
export function quoteVisibly(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufffe\uffff\ud800-\udfff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A manifest path as the audit writes it: `spec.containers[0].workingDir`, `metadata.annotations["a/b"]`. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${quoteVisibly(key)}]`;
  }
  return text;
}
