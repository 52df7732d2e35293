import type { IConstruct } from 'constructs';
import type { PodSecurityLevel } from '../rules';

/** What a hardened workload needs to know of a HardenedNamespace of its app. */
export interface RegisteredNamespace {
  /** The construct path, for messages. */
  readonly path: string;
  /** The namespace's name, as rendered (read at synth). */
  readonly name: () => string;
  /** The level its `pod-security.kubernetes.io/enforce` label sets. */
  readonly enforceLevel: PodSecurityLevel;
}

// By app root: a workload looks up the namespaces of its own app only, without walking the tree.
const byRoot = new WeakMap<IConstruct, RegisteredNamespace[]>();

/** Records a HardenedNamespace in its app. */
export function registerNamespace(scope: IConstruct, namespace: RegisteredNamespace): void {
  const root = scope.node.root;
  const list = byRoot.get(root);
  if (list === undefined) byRoot.set(root, [namespace]);
  else list.push(namespace);
}

/** The HardenedNamespaces of the app that holds `scope` named `name`. */
export function namespacesNamed(scope: IConstruct, name: string): RegisteredNamespace[] {
  return (byRoot.get(scope.node.root) ?? []).filter((namespace) => namespace.name() === name);
}
