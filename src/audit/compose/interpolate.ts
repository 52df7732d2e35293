/**
 * Compose's variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`, `${VAR:+replacement}`, `${VAR+replacement}`, `$$`), as
 * compose-go substitutes it. Where Docker Compose v1 (the Python `TemplateWithDefaults` that Debian
 * ships) reads the same text differently, the text is refused rather than read one way.
 */

/** The variables Compose substitutes from: name to value. A name absent from the map is unset. */
export type ComposeVariables = ReadonlyMap<string, string>;

/** A string after interpolation, and which unset variables its value depends on. */
export interface InterpolatedText {
  /** The value Compose runs with when the unset variables stay unset. */
  readonly value: string;
  /**
   * Variables that were unset and that the value depends on (through a default, an empty
   * substitution or a `+` replacement): another environment can change the value.
   */
  readonly unset: readonly string[];
}

/** Why a string cannot be interpolated; Compose refuses the file for each of these. */
export class InterpolationError extends Error {
  public constructor(
    message: string,
    /** `syntax`: not a valid template; `required`: a `?` variable is unset; `ambiguous`: Compose v1 and v2 differ. */
    public readonly reason: 'syntax' | 'required' | 'ambiguous',
  ) {
    super(message);
    this.name = 'InterpolationError';
  }
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
const BRACED = /^([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-?+])(.*))?$/s;

/**
 * Substitutes variables in one string. Throws {@link InterpolationError} for a template Compose
 * refuses (`${VAR`, `$-`, a `$` at the end), an unset `${VAR:?message}`, or a form the two Compose
 * implementations read differently (a `$` inside a default: v1 keeps it literally, v2 substitutes).
 */
export function interpolate(text: string, variables: ComposeVariables): InterpolatedText {
  if (!text.includes('$')) return { value: text, unset: [] };
  let value = '';
  const unset = new Set<string>();
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      value += text.slice(i);
      break;
    }
    value += text.slice(i, dollar);
    const next = text.charAt(dollar + 1);
    if (next === '$') {
      value += '$';
      i = dollar + 2;
      continue;
    }
    if (next === '{') {
      const close = text.indexOf('}', dollar + 2);
      if (close === -1) throw new InterpolationError(`"${text}": "\${" is never closed with "}"`, 'syntax');
      const inner = text.slice(dollar + 2, close);
      value += substituteBraced(text, inner, variables, unset);
      i = close + 1;
      continue;
    }
    const name = NAME.exec(text.slice(dollar + 1))?.[0];
    if (name === undefined) {
      throw new InterpolationError(
        `"${text}": "$" must start a variable ($VAR, \${VAR}) or be written "$$" for a literal "$"`,
        'syntax',
      );
    }
    const found = variables.get(name);
    if (found === undefined) unset.add(name);
    value += found ?? '';
    i = dollar + 1 + name.length;
  }
  return { value, unset: [...unset] };
}

function substituteBraced(
  text: string,
  inner: string,
  variables: ComposeVariables,
  unset: Set<string>,
): string {
  const match = BRACED.exec(inner);
  if (match === null) {
    throw new InterpolationError(`"${text}": "\${${inner}}" is not a variable reference`, 'syntax');
  }
  const [, name = '', operator, argument = ''] = match;
  if (argument.includes('$')) {
    throw new InterpolationError(
      `"${text}": a "$" inside "\${${inner}}" is substituted by Compose v2 but kept literally by Compose v1; ` +
        'write the value without nesting',
      'ambiguous',
    );
  }
  const found = variables.get(name);
  if (found === undefined) unset.add(name);
  switch (operator) {
    case undefined:
      return found ?? '';
    case ':-':
      return found === undefined || found === '' ? argument : found;
    case '-':
      return found ?? argument;
    case ':+':
      return found === undefined || found === '' ? '' : argument;
    case '+':
      return found === undefined ? '' : argument;
    case ':?':
      if (found === undefined || found === '') throw requiredError(name, argument);
      return found;
    case '?':
      if (found === undefined) throw requiredError(name, argument);
      return found;
    default:
      throw new InterpolationError(`"${text}": unknown operator "${operator}"`, 'syntax');
  }
}

function requiredError(name: string, message: string): InterpolationError {
  return new InterpolationError(
    `required variable ${name} is not set${message === '' ? '' : `: ${message}`}`,
    'required',
  );
}
