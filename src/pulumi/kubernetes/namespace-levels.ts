import type { PodSecurityLevel } from '../../rules/pod-security-level';
import { podSecurityAdmits } from '../../rules/pod-security-level';

/*
 * The HardenedNamespaces and hardened workloads a program creates, by namespace name, so that a
 * workload whose justified exemptions Pod Security Admission would reject in its namespace fails
 * the program, in whichever order the two are created. Only names written as plain strings are
 * seen: a name known only at deployment (an Output) cannot be matched here.
 */

/** A HardenedNamespace of the program. */
export interface SeenNamespace {
  /** Its name in the cluster. */
  readonly name: string;
  /** The level its `pod-security.kubernetes.io/enforce` label sets. */
  readonly enforceLevel: PodSecurityLevel;
  /** The component, for messages, e.g. `HardenedNamespace "web"`. */
  readonly component: string;
}

/** A hardened workload of the program whose pod needs more than restricted. */
export interface SeenWorkload {
  /** Its namespace's name. */
  readonly namespace: string;
  /** The Pod Security level its pod needs. */
  readonly needed: PodSecurityLevel;
  /** The component, for messages, e.g. `HardenedDeployment "agent"`. */
  readonly component: string;
  /** The exemptions that need it, for messages. */
  readonly exemptions: string;
}

const namespaces = new Map<string, SeenNamespace[]>();
const workloads = new Map<string, SeenWorkload[]>();

/** Records a namespace; returns why it rejects a workload already created in it, if it does. */
export function seeNamespace(namespace: SeenNamespace): string | undefined {
  push(namespaces, namespace.name, namespace);
  const rejected = (workloads.get(namespace.name) ?? []).find(
    (w) => !podSecurityAdmits(namespace.enforceLevel, w.needed),
  );
  return rejected === undefined ? undefined : conflict(namespace, rejected);
}

/** Records a workload; returns why a namespace already created rejects it, if one does. */
export function seeWorkload(workload: SeenWorkload): string | undefined {
  if (workload.needed === 'restricted') return undefined;
  push(workloads, workload.namespace, workload);
  const rejecting = (namespaces.get(workload.namespace) ?? []).find(
    (n) => !podSecurityAdmits(n.enforceLevel, workload.needed),
  );
  return rejecting === undefined ? undefined : conflict(rejecting, workload);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function conflict(namespace: SeenNamespace, workload: SeenWorkload): string {
  const approval = workload.needed === 'privileged' ? ', approvedBy' : '';
  return (
    `pod-security-admission: ${namespace.component} ("${namespace.name}") enforces Pod Security "${namespace.enforceLevel}", ` +
    `which rejects ${workload.component}: its justified exemptions (${workload.exemptions}) need "${workload.needed}" ` +
    '(Pod Security Admission has no per-workload exemptions). Choose the namespace level with its own justification: ' +
    `podSecurity: { level: '${workload.needed}', justification: { reason${approval} } } on ${namespace.component}, ` +
    'or run the workload in a namespace at that level'
  );
}
