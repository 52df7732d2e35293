import type * as pulumi from '@pulumi/pulumi';

/**
 * The Kubernetes workloads the hardened components registered, by component: the document that
 * passed the component's audit (its Outputs resolve only once it passed), whose justification
 * records the component built from exemptions it validated. Only these feed cluster exemptions.
 */
const registered = new WeakMap<object, Readonly<Record<string, unknown>>>();

/** Records the audited document of a hardened component's workload. */
export function recordHardenedWorkload(
  component: pulumi.ComponentResource,
  document: Readonly<Record<string, unknown>>,
): void {
  registered.set(component, document);
}

/** The audited document a hardened component registered, or undefined for anything else. */
export function hardenedWorkloadDocument(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' ? registered.get(value) : undefined;
}
