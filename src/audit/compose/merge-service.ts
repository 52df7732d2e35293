import type { JsonObject } from '../../rules/pod-view';
import { asObject } from '../../rules/pod-view';

/** Where a service (or one of its keys) was written. */
export interface ServiceOrigin {
  /** The file, as the user named it (or as reached through include/extends). @default - none: in-memory input */
  readonly file?: string;
  /** The absolute directory its relative paths are resolved against. @default - none: unknown */
  readonly directory?: string;
  /** Keys of the service mapping in that document, e.g. `['services', 'base']`. */
  readonly keys: readonly (string | number)[];
  /** The 1-based line of a key path in that document. @default - none: lines unknown */
  readonly locate?: (keys: readonly (string | number)[]) => number | undefined;
}

/** Where one key of a merged service came from; for a list item, its index in that file. */
export interface KeyOrigin {
  /** The file and service where the key (or item) was written. */
  readonly origin: ServiceOrigin;
  /** For one item of a list key: its index where it was written. @default - the key itself */
  readonly index?: number;
}

/** Per key of a merged service: its origin, or one per item for a list. */
export type KeyOrigins = Readonly<Record<string, KeyOrigin | readonly KeyOrigin[]>>;

/** A value that depends on a variable unset in the audited environment. */
export interface Taint {
  /** Keys below the service, e.g. `['volumes', 0]`. */
  readonly keys: readonly (string | number)[];
  /** The unset variables. */
  readonly variables: readonly string[];
}

/** The services of one Compose file, with what the loader knows about them. */
export interface ServiceSet {
  /** The `services:` mapping of one file. */
  readonly services: JsonObject;
  /** Where a service of this set was written. */
  readonly origin: (name: string) => ServiceOrigin;
  /** Values of a service of this set that depend on unset variables. @default - none */
  readonly taints?: (name: string) => readonly Taint[];
  /**
   * The services of another file named by `extends: { file }`, relative to the service that names
   * it; a string says why it cannot be read. @default - none: other files are not followed
   */
  readonly load?: (file: string, from: ServiceOrigin) => ServiceSet | string;
}

/** A service with `extends` and unmerged `<<` keys resolved, and what kept them from resolving. */
export interface MergedService {
  /** The service with what it `extends` merged in, as Compose merges it. */
  readonly service: JsonObject;
  /** Why the merge cannot be read as Compose would (a missing file, a cycle...): each refuses the file. */
  readonly problems: readonly string[];
  /** Where each key was written. */
  readonly origins: KeyOrigins;
  /** Values that depend on unset variables, by keys below the merged service. */
  readonly taints: readonly Taint[];
}

/**
 * Resolves what a service inherits, so that a setting from a base service is audited where it
 * applies, and remembers which file wrote each key. Scalars of the service win; lists are
 * concatenated (a base's cap_add still applies; Compose may drop a base item the service
 * overrides, so this can only over-report); mappings are merged key by key.
 */
export function mergeService(name: string, set: ServiceSet): MergedService {
  const problems: string[] = [];
  const merged = resolve(name, set, [], problems);
  return { ...merged, problems };
}

type Resolved = Omit<MergedService, 'problems'>;

function resolve(name: string, set: ServiceSet, chain: readonly string[], problems: string[]): Resolved {
  const origin = set.origin(name);
  const own = withMergeKeys(asObject(set.services[name]));
  const ownResolved: Resolved = {
    service: withoutKey(own, 'extends'),
    origins: originsOf(own, origin),
    taints: (set.taints?.(name) ?? []).filter((t) => t.keys[0] !== 'extends'),
  };
  const ext = own.extends;
  if (ext === undefined || ext === null) return ownResolved;
  const base = typeof ext === 'string' ? ext : asObject(ext).service;
  const file = asObject(ext).file;
  const where = `${origin.file ?? ''}#${name}`;
  let baseSet = set;
  if (typeof file === 'string') {
    if (set.load === undefined) {
      problems.push(
        `extends ${JSON.stringify(file)} is another file: audit the Compose file from disk, or the output of "docker compose config"`,
      );
      return ownResolved;
    }
    const loaded = set.load(file, origin);
    if (typeof loaded === 'string') {
      problems.push(loaded);
      return ownResolved;
    }
    baseSet = loaded;
  }
  if (typeof base !== 'string' || !Object.hasOwn(baseSet.services, base)) {
    problems.push(
      `extends unknown service ${JSON.stringify(base)}${typeof file === 'string' ? ` in ${JSON.stringify(file)}` : ''}`,
    );
    return ownResolved;
  }
  const baseWhere = `${baseSet.origin(base).file ?? ''}#${base}`;
  if (chain.includes(baseWhere) || baseWhere === where) {
    problems.push(`extends forms a cycle: ${[...chain, where, baseWhere].map(shortName).join(' -> ')}`);
    return ownResolved;
  }
  return mergeInto(resolve(base, baseSet, [...chain, where], problems), ownResolved);
}

function shortName(where: string): string {
  return where.startsWith('#') ? where.slice(1) : where;
}

function originsOf(service: JsonObject, origin: ServiceOrigin): Record<string, KeyOrigin | KeyOrigin[]> {
  const origins: Record<string, KeyOrigin | KeyOrigin[]> = {};
  for (const [key, value] of Object.entries(service)) {
    origins[key] = Array.isArray(value) ? value.map((_, index) => ({ origin, index })) : { origin };
  }
  return origins;
}

// YAML merge keys (`<<: *defaults`) that the parser left in place.
function withMergeKeys(service: JsonObject): JsonObject {
  const merge = service['<<'];
  if (merge === undefined) return service;
  const rest = withoutKey(service, '<<');
  const sources = Array.isArray(merge) ? merge : [merge];
  return sources.reduceRight<JsonObject>((acc, source) => ({ ...asObject(source), ...acc }), rest);
}

function mergeInto(base: Resolved, own: Resolved): Resolved {
  const merged: Record<string, unknown> = { ...base.service };
  const origins: Record<string, KeyOrigin | readonly KeyOrigin[]> = { ...base.origins };
  const taints: Taint[] = [];
  const shifts: Record<string, number> = {};
  const replaced = new Set<string>();
  for (const [key, value] of Object.entries(own.service)) {
    const inherited = merged[key];
    const ownOrigin = own.origins[key] ?? [];
    if (Array.isArray(inherited) && Array.isArray(value)) {
      merged[key] = [...(inherited as unknown[]), ...(value as unknown[])];
      origins[key] = [...asList(origins[key]), ...asList(ownOrigin)];
      shifts[key] = inherited.length;
    } else if (isMapping(inherited) && isMapping(value)) {
      merged[key] = { ...inherited, ...value };
      origins[key] = ownOrigin;
    } else {
      merged[key] = value;
      origins[key] = ownOrigin;
      replaced.add(key);
    }
  }
  // A base value the service replaced no longer runs; every other base taint still applies.
  for (const taint of base.taints) {
    if (!replaced.has(String(taint.keys[0]))) taints.push(taint);
  }
  for (const taint of own.taints) {
    const [key, index, ...rest] = taint.keys;
    const shift = shifts[String(key)];
    taints.push(
      shift !== undefined && typeof index === 'number'
        ? { ...taint, keys: [key as string, index + shift, ...rest] }
        : taint,
    );
  }
  return { service: merged, origins, taints };
}

function asList(origin: KeyOrigin | readonly KeyOrigin[] | undefined): readonly KeyOrigin[] {
  if (origin === undefined) return [];
  return isOriginList(origin) ? origin : [origin];
}

function isOriginList(origin: KeyOrigin | readonly KeyOrigin[]): origin is readonly KeyOrigin[] {
  return Array.isArray(origin);
}

function isMapping(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function withoutKey(object: JsonObject, key: string): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
}

/**
 * Where a path below a merged service was written: the origin and the keys of the same value in
 * that origin's document.
 */
export function originOfKeys(
  origins: KeyOrigins,
  keys: readonly (string | number)[],
): { readonly origin: ServiceOrigin; readonly keys: readonly (string | number)[] } | undefined {
  const [key, index, ...rest] = keys;
  if (typeof key !== 'string') return undefined;
  const found = origins[key];
  if (found === undefined) return undefined;
  if (Array.isArray(found)) {
    const list = found as readonly KeyOrigin[];
    const item = typeof index === 'number' ? list[index] : list[0];
    if (item === undefined) return undefined;
    const itemKeys = typeof index === 'number' ? [key, item.index ?? index, ...rest] : [key];
    return { origin: item.origin, keys: [...item.origin.keys, ...itemKeys] };
  }
  const single = found as KeyOrigin;
  const tail = index === undefined ? [] : [index, ...rest];
  return { origin: single.origin, keys: [...single.origin.keys, key, ...tail] };
}
