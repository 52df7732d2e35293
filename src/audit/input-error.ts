/** Where an input problem sits, and how to fix it. */
export interface InputErrorDetails {
  /** The file, as the user named it (or as found under a directory they named). @default - none (in-memory input) */
  readonly file?: string;
  /** 1-based line. @default - none (the whole file) */
  readonly line?: number;
  /** 1-based column. @default - none */
  readonly column?: number;
  /** Dotted path of the field at fault. @default - none */
  readonly field?: string;
  /** What to do about it. @default - none */
  readonly hint?: string;
}

/**
 * Input that cannot be audited: unreadable, malformed, too large, or a workload without a pod spec.
 * Its message reads `file:line:column: problem (field)`, and `hint` says how to fix it. Input that is
 * simply not a workload (a ConfigMap, a README.yaml) is skipped with a note instead.
 */
export class InputError extends Error {
  /** Always `InputError`, so the error can be told apart after serialisation. */
  public override readonly name = 'InputError';
  /** The problem alone, without the location. */
  public readonly problem: string;
  /** The file at fault, or undefined for in-memory input. */
  public readonly file: string | undefined;
  /** 1-based line, or undefined for the whole file. */
  public readonly line: number | undefined;
  /** 1-based column, or undefined. */
  public readonly column: number | undefined;
  /** Dotted path of the field at fault, or undefined. */
  public readonly field: string | undefined;
  /** What to do about it, or undefined. */
  public readonly hint: string | undefined;

  public constructor(problem: string, details: InputErrorDetails = {}) {
    super(formatInputError(problem, details));
    this.problem = problem;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.field = details.field;
    this.hint = details.hint;
  }
}

function formatInputError(problem: string, details: InputErrorDetails): string {
  const location = [
    details.file ?? '<input>',
    details.line,
    details.line !== undefined ? details.column : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(':');
  const field = details.field !== undefined ? ` (field ${details.field})` : '';
  return `${location}: ${problem}${field}`;
}
