/**
 * Compose's boolean fields, for documents taken as written (the Pulumi components' translated
 * arguments; files are cast by compose-go itself). compose-go casts a string in a boolean field with
 * this table: `y`, `yes`, `true`, `on` and `n`, `no`, `false`, `off` in any case. Any other string,
 * and any other type (`privileged: 1`), makes Compose refuse the file.
 */

const TRUE_SPELLINGS = new Set(['y', 'yes', 'true', 'on']);
const FALSE_SPELLINGS = new Set(['n', 'no', 'false', 'off']);

/** The boolean Compose reads, or undefined when Compose refuses the value. */
export function composeBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  if (TRUE_SPELLINGS.has(lower)) return true;
  if (FALSE_SPELLINGS.has(lower)) return false;
  return undefined;
}

/** Service keys Compose reads as booleans, and their keys below each entry of a list key. */
export const SERVICE_BOOLEAN_KEYS: readonly string[] = Object.freeze([
  'privileged',
  'read_only',
  'init',
  'tty',
  'stdin_open',
  'oom_kill_disable',
  'use_api_socket',
]);

/** Boolean keys inside a long-syntax volume entry, as paths below the entry. */
export const VOLUME_BOOLEAN_PATHS: readonly (readonly string[])[] = Object.freeze([
  ['read_only'],
  ['bind', 'create_host_path'],
  ['volume', 'nocopy'],
]);

/** A boolean field Compose would refuse: where it is and what it holds. */
export interface BooleanProblem {
  /** Keys below the service, e.g. `['volumes', 0, 'read_only']`. */
  readonly keys: readonly (string | number)[];
  readonly value: unknown;
}

/**
 * A copy of the service with every boolean field cast as Compose casts it, and the fields whose
 * value Compose refuses (left as written, so that rules read them as not true and the problem
 * stops the audit).
 */
export function castServiceBooleans(service: Readonly<Record<string, unknown>>): {
  readonly service: Record<string, unknown>;
  readonly problems: readonly BooleanProblem[];
} {
  const problems: BooleanProblem[] = [];
  const cast: Record<string, unknown> = { ...service };
  for (const key of SERVICE_BOOLEAN_KEYS) {
    if (!Object.hasOwn(cast, key) || cast[key] === null || cast[key] === undefined) continue;
    const read = composeBoolean(cast[key]);
    if (read === undefined) problems.push({ keys: [key], value: cast[key] });
    else cast[key] = read;
  }
  if (Array.isArray(cast.volumes)) {
    cast.volumes = (cast.volumes as unknown[]).map((entry, index) => castVolumeEntry(entry, index, problems));
  }
  return { service: cast, problems };
}

function castVolumeEntry(entry: unknown, index: number, problems: BooleanProblem[]): unknown {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry;
  const copy: Record<string, unknown> = { ...(entry as Record<string, unknown>) };
  for (const path of VOLUME_BOOLEAN_PATHS) {
    const [first = '', second] = path;
    const holder: Record<string, unknown> | undefined = second === undefined ? copy : asMutable(copy, first);
    const key = second ?? first;
    if (holder === undefined || holder[key] === undefined || holder[key] === null) continue;
    const read = composeBoolean(holder[key]);
    if (read === undefined) problems.push({ keys: ['volumes', index, ...path], value: holder[key] });
    else holder[key] = read;
  }
  return copy;
}

function asMutable(object: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const inner = object[key];
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return undefined;
  const copy = { ...(inner as Record<string, unknown>) };
  object[key] = copy;
  return copy;
}
