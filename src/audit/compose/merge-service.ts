import type { JsonObject } from '../../rules/pod-view';
import { asObject } from '../../rules/pod-view';

/** A service with `extends` (same file) and unmerged `<<` keys resolved, and what kept them from resolving. */
export interface MergedService {
  readonly service: JsonObject;
  readonly problems: readonly string[];
}

/**
 * Resolves what a service inherits, so that a setting from a base service is audited where it
 * applies. Scalars of the service win; lists are concatenated (a base's cap_add still applies);
 * mappings are merged key by key. `extends` from another file cannot be followed here.
 */
export function mergeService(name: string, services: JsonObject): MergedService {
  const problems: string[] = [];
  const service = resolve(name, services, [], problems);
  return { service, problems };
}

function resolve(
  name: string,
  services: JsonObject,
  chain: readonly string[],
  problems: string[],
): JsonObject {
  const own = withMergeKeys(asObject(services[name]));
  const ext = own.extends;
  if (ext === undefined || ext === null) return own;
  const rest = withoutKey(own, 'extends');
  const base = typeof ext === 'string' ? ext : asObject(ext).service;
  const file = asObject(ext).file;
  if (typeof file === 'string') {
    problems.push(
      `extends ${JSON.stringify(file)} is another file: audit the output of "docker compose config" to include what it inherits`,
    );
    return rest;
  }
  if (typeof base !== 'string' || !Object.hasOwn(services, base)) {
    problems.push(`extends unknown service ${JSON.stringify(base)}`);
    return rest;
  }
  if (chain.includes(base) || base === name) {
    problems.push(`extends forms a cycle: ${[...chain, name, base].join(' -> ')}`);
    return rest;
  }
  return mergeInto(resolve(base, services, [...chain, name], problems), rest);
}

// YAML merge keys (`<<: *defaults`) that the parser left in place.
function withMergeKeys(service: JsonObject): JsonObject {
  const merge = service['<<'];
  if (merge === undefined) return service;
  const rest = withoutKey(service, '<<');
  const sources = Array.isArray(merge) ? merge : [merge];
  return sources.reduceRight<JsonObject>((acc, source) => ({ ...asObject(source), ...acc }), rest);
}

function mergeInto(base: JsonObject, own: JsonObject): JsonObject {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(own)) {
    const inherited = merged[key];
    if (Array.isArray(inherited) && Array.isArray(value))
      merged[key] = [...(inherited as unknown[]), ...(value as unknown[])];
    else if (isMapping(inherited) && isMapping(value)) merged[key] = { ...inherited, ...value };
    else merged[key] = value;
  }
  return merged;
}

function isMapping(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function withoutKey(object: JsonObject, key: string): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
}
