/*
 * The object a hardened construct audits is the object cdk8s writes, and nothing that runs between
 * the two (other validations) may change it. So the rendering is sealed once per synth: frozen,
 * with the strings Kubernetes' YAML reader would read differently found on the way.
 *
 * What is frozen is, where it is exactly the same data, a copy made through JSON text. cdk8s-plus
 * builds each rendered object with object spreads and computed keys, which gives nearly every
 * object its own hidden class: freezing those in place makes one more hidden class per object, and
 * every reader after it (the audit, the YAML writer) meets a thousand shapes where there are ten.
 * Objects made by JSON.parse share their hidden classes, so the copy costs less than it saves.
 */
import { deepFreeze } from './deep-freeze';
import type { YamlHazard } from './yaml-fidelity';
import { freezeFindingYamlHazards, jsonTextMayHoldYamlHazard } from './yaml-fidelity';

/** A rendered manifest, frozen, with its YAML hazards. @internal */
export interface SealedRendering {
  /** The frozen manifest: audit it and hand it to every later reader. */
  readonly manifest: Record<string, unknown>;
  /** Its strings Kubernetes' YAML reader would read differently (usually none). */
  readonly hazards: readonly YamlHazard[];
}

/**
 * Seals a rendered manifest: a frozen copy when JSON text holds exactly its data, else the
 * manifest itself, frozen in place. Either way the data is the manifest's, so what is written is
 * what cdk8s rendered.
 * @internal
 */
export function sealRendering(manifest: Record<string, unknown>): SealedRendering {
  const text = jsonTextOfSameData(manifest);
  if (text === undefined) return { manifest, hazards: freezeFindingYamlHazards(manifest) };
  const copy = JSON.parse(text) as Record<string, unknown>;
  // One expression over the whole text rules out nearly every manifest; one that may hold a
  // hazard is walked, which also says where.
  if (jsonTextMayHoldYamlHazard(text)) return { manifest: copy, hazards: freezeFindingYamlHazards(copy) };
  deepFreeze(copy);
  return { manifest: copy, hazards: [] };
}

/**
 * The manifest as JSON text, or undefined when parsing the text back would not give the same data:
 * JSON has no function, symbol, bigint, NaN, Infinity or -0, turns `undefined` in an array into
 * null, and calls `toJSON`. cdk8s writes these differently or refuses them, so such a manifest is
 * kept as it is.
 */
function jsonTextOfSameData(manifest: Record<string, unknown>): string | undefined {
  try {
    return JSON.stringify(manifest, keepingSameData);
  } catch {
    // A value JSON would change, a bigint, a cycle or a throwing getter: frozen as it is.
    return undefined;
  }
}

// Thrown by the replacer to stop at the first value JSON would change.
const NOT_THE_SAME_DATA = new Error('JSON text would not hold the same data');

function keepingSameData(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // `value` is what JSON writes for `this[key]`: a toJSON method makes them differ.
  if (
    value !== this[key] ||
    value === undefined ||
    typeof value === 'function' ||
    typeof value === 'symbol' ||
    (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0)))
  ) {
    throw NOT_THE_SAME_DATA;
  }
  return value;
}
