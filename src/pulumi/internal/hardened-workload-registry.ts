import type * as pulumi from '@pulumi/pulumi';
import { POD_TEMPLATE_PATHS } from '../../audit/workloads';
import { asArray, asObject } from '../../rules';

/**
 * The Kubernetes workloads the hardened components registered, by component: the document that
 * passed the component's audit (its Outputs resolve only once it passed), whose justification
 * records the component built from exemptions it validated. Only these feed cluster exemptions.
 */
const registered = new WeakMap<object, Readonly<Record<string, unknown>>>();
// The container names of those workloads, by kind, namespace and name (when the program knows them):
// what a Patch of one of them leaves in place.
const containersByObject = new Map<string, ReadonlySet<string>>();

const objectKey = (kind: string, namespace: unknown, name: string) =>
  `${kind}\u0000${typeof namespace === 'string' ? namespace : ''}\u0000${name}`;

/** Records the audited document of a hardened component's workload. */
export function recordHardenedWorkload(
  component: pulumi.ComponentResource,
  document: Readonly<Record<string, unknown>>,
): void {
  registered.set(component, document);
  const kind = document.kind;
  const metadata = asObject(document.metadata);
  if (typeof kind !== 'string' || typeof metadata.name !== 'string') return;
  const templatePath = POD_TEMPLATE_PATHS[kind];
  if (templatePath === undefined) return;
  let template: unknown = document;
  for (const key of templatePath) template = asObject(template)[key];
  const pod = asObject(asObject(template).spec);
  const names = new Set<string>();
  for (const group of ['initContainers', 'containers'] as const) {
    for (const container of asArray(pod[group])) {
      const name = asObject(container).name;
      if (typeof name === 'string') names.add(name);
    }
  }
  containersByObject.set(objectKey(kind, metadata.namespace, metadata.name), names);
}

/** The audited document a hardened component registered, or undefined for anything else. */
export function hardenedWorkloadDocument(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' ? registered.get(value) : undefined;
}

/**
 * The containers of the object a Patch targets, when a hardened component of this program
 * registered it (by kind, namespace and name); undefined when the program does not know the target.
 */
export function hardenedWorkloadContainers(
  kind: string,
  namespace: unknown,
  name: unknown,
): ReadonlySet<string> | undefined {
  return typeof name === 'string' ? containersByObject.get(objectKey(kind, namespace, name)) : undefined;
}
