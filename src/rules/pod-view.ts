/**
 * A read-only, never-throwing view of a pod spec taken from untrusted input. Every accessor
 * tolerates any JSON value: a field of the wrong type reads as absent (`undefined`) through
 * {@link field}, and rules decide, failing closed, what a wrong type means.
 */

import type { DecodedJustifications } from '../posture';
import { decodeJustifications } from '../posture';

/** Any parsed JSON/YAML object. */
export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * Where a pod came from: Kubernetes manifests, a Compose service translated to a pod, or a
 * Kubernetes PersistentVolume (its `spec` as the view's spec, no containers: only volume rules apply).
 */
export type Dialect = 'kubernetes' | 'compose' | 'persistent-volume';

/** Which list of the pod spec a container is in. */
export type ContainerGroup = 'initContainers' | 'containers' | 'ephemeralContainers';

/** One container of the pod, with where it sits in the document. */
export interface ContainerView {
  /** The container's name (for Compose, the container's or service's), as messages name it. */
  readonly name: string;
  /** Which list of the pod spec it is in. */
  readonly group: ContainerGroup;
  /** Its position in that list. */
  readonly index: number;
  /** Dotted path of the container in the document, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  /** The container spec as written; read it through the never-throwing accessors. */
  readonly spec: JsonObject;
  /** `securityContext` of the container, or an empty object. */
  readonly securityContext: JsonObject;
}

/** The pod as rules see it. */
export interface PodView {
  /** Whether the pod came from a Kubernetes manifest or was translated from a Compose service. */
  readonly dialect: Dialect;
  /** Dotted path of the pod spec in the document, e.g. `spec.template.spec` (or `services.api` for Compose). */
  readonly path: string;
  /** The pod spec as written; read it through the never-throwing accessors. */
  readonly spec: JsonObject;
  /** `spec.securityContext`, or an empty object. */
  readonly securityContext: JsonObject;
  /** Annotations of the pod (template) metadata: AppArmor beta annotations live there. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Init containers, containers and ephemeral containers, in that order. */
  readonly containers: readonly ContainerView[];
  /** Justification records found on the workload and its pod template, and what made any unreadable. */
  readonly justifications: DecodedJustifications;
}

/** Where a pod view's extra information comes from. */
export interface PodViewSource {
  /** Annotations of the pod (template) metadata. @default - none */
  readonly annotations?: unknown;
  /**
   * Raw values of the justification annotation (or label), from the workload and its pod template.
   * @default - none: no justification records
   */
  readonly justificationValues?: readonly unknown[];
  /** Which input the pod comes from. @default 'kubernetes' */
  readonly dialect?: Dialect;
}

const EMPTY: JsonObject = Object.freeze({});

/** The value if it is a plain object, else an empty object. */
export function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : EMPTY;
}

/** The value if it is an array, else an empty array. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A property of an object-like value, or undefined. */
export function field(value: unknown, key: string): unknown {
  // asObject inlined: rules read thousands of fields per workload.
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonObject)[key]
    : EMPTY[key];
}

/** A nested property, e.g. `at(pod.securityContext, 'seccompProfile', 'type')`. */
export function at(value: unknown, ...keys: readonly string[]): unknown {
  return atPath(value, keys);
}

/** {@link at} with the keys split once, ahead of time: hot rules keep their paths as arrays. */
export function atPath(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (let i = 0; i < keys.length; i++) current = field(current, keys[i] as string);
  return current;
}

const GROUPS: readonly ContainerGroup[] = ['initContainers', 'containers', 'ephemeralContainers'];

/**
 * Builds the view of a pod spec found at `path` in a document.
 * @remarks Every audit builds one per workload, and a synth mostly before V8 has optimised this
 * code: indexed loops, no callbacks or iterator objects.
 */
export function podView(spec: unknown, path: string, source: PodViewSource = {}): PodView {
  const podSpec = asObject(spec);
  const containers: ContainerView[] = [];
  for (let groupIndex = 0; groupIndex < GROUPS.length; groupIndex++) {
    const group = GROUPS[groupIndex] as ContainerGroup;
    const list = asArray(podSpec[group]);
    for (let index = 0; index < list.length; index++) {
      // A hole in a sparse list is no container (as forEach would skip it).
      if (!(index in list)) continue;
      const container = asObject(list[index]);
      const name = typeof container.name === 'string' ? container.name : `${group}[${index}]`;
      containers.push({
        name,
        group,
        index,
        path: `${path}.${group}[${index}]`,
        spec: container,
        securityContext: asObject(container.securityContext),
      });
    }
  }
  const stringAnnotations: Record<string, string> = {};
  const annotations = asObject(source.annotations);
  const keys = Object.keys(annotations);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const value = annotations[key];
    if (typeof value === 'string') stringAnnotations[key] = value;
  }
  return {
    dialect: source.dialect ?? 'kubernetes',
    path,
    spec: podSpec,
    securityContext: asObject(podSpec.securityContext),
    annotations: stringAnnotations,
    containers,
    justifications: mergeJustifications(source.justificationValues ?? []),
  };
}

// The same record usually sits on both the workload and its pod template: count it once.
function mergeJustifications(values: readonly unknown[]): DecodedJustifications {
  const records: DecodedJustifications['records'] = [];
  const problems: string[] = [];
  let carried = false;
  for (let index = 0; index < values.length; index++) if (values[index] !== undefined) carried = true;
  // Most pods carry no record at all.
  if (!carried) return { records, problems };
  const seen = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    const decoded = decodeJustifications(value);
    problems.push(...decoded.problems.filter((p) => !seen.has(`problem:${p}`) && seen.add(`problem:${p}`)));
    for (const record of decoded.records) {
      const key = JSON.stringify(record);
      if (!seen.has(key)) {
        seen.add(key);
        records.push(record);
      }
    }
  }
  return { records, problems };
}

/** `container "a"` or `containers "a", "b"`: the culprits, as Pod Security Admission names them. */
export function containersPhrase(names: readonly string[]): string {
  if (names.length === 1) return `container ${JSON.stringify(names[0])}`;
  const quoted = names.map((n) => JSON.stringify(n)).join(', ');
  return `${names.length === 1 ? 'container' : 'containers'} ${quoted}`;
}

/** Whether the pod declares itself a Windows pod (`spec.os.name: windows`). */
export function isWindowsPod(pod: PodView): boolean {
  return at(pod.spec, 'os', 'name') === 'windows';
}
