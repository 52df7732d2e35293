import type { PodView } from '../rules/pod-view';
import { asArray, asObject, at } from '../rules/pod-view';
import type { Concern } from './answer-types';

/** A container port bound on the node's (or Docker host's) address. */
export interface HostPortFacts {
  /** The container that declares the port. */
  readonly container: string;
  /** The container port, or null when the manifest gives none. */
  readonly containerPort: number | null;
  /** The node port bound. */
  readonly hostPort: number;
}

/** Facts for "Does it need host networking, host PID, or privileged mode?" (and host IPC, host ports). */
export interface HostAccessFacts {
  /** Whether the pod shares the node's network namespace. */
  readonly hostNetwork: boolean;
  /** Whether the pod shares the node's process namespace. */
  readonly hostPID: boolean;
  /** Whether the pod shares the node's IPC namespace. */
  readonly hostIPC: boolean;
  /** Containers that run privileged. */
  readonly privileged: readonly string[];
  /** Windows HostProcess containers: they run as processes on the node. */
  readonly windowsHostProcess: readonly string[];
  /** Container ports bound on the node's address. */
  readonly hostPorts: readonly HostPortFacts[];
}

/** The host namespaces, privileged containers and host ports of the pod. */
export function hostAccessFacts(pod: PodView): HostAccessFacts {
  const hostPorts: HostPortFacts[] = [];
  for (const c of pod.containers) {
    for (const raw of asArray(c.spec.ports)) {
      const port = asObject(raw);
      if (typeof port.hostPort === 'number' && port.hostPort !== 0) {
        hostPorts.push({
          container: c.name,
          containerPort: typeof port.containerPort === 'number' ? port.containerPort : null,
          hostPort: port.hostPort,
        });
      }
    }
  }
  const podHostProcess = at(pod.securityContext, 'windowsOptions', 'hostProcess') === true;
  return {
    hostNetwork: pod.spec.hostNetwork === true,
    hostPID: pod.spec.hostPID === true,
    hostIPC: pod.spec.hostIPC === true,
    privileged: pod.containers.filter((c) => c.securityContext.privileged === true).map((c) => c.name),
    windowsHostProcess: pod.containers
      .filter((c) => {
        const own = at(c.securityContext, 'windowsOptions', 'hostProcess');
        return own === true || (own === undefined && podHostProcess);
      })
      .map((c) => c.name),
    hostPorts,
  };
}

const quoted = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(', ');

/** The answer text for the host access question. */
export function describeHostAccess(pod: PodView, facts: HostAccessFacts): string {
  const shared = [
    facts.hostNetwork && 'network',
    facts.hostPID && 'process (PID)',
    facts.hostIPC && 'IPC',
  ].filter((s): s is string => typeof s === 'string');
  const parts: string[] = [];
  if (shared.length > 0)
    parts.push(`it shares the host's ${shared.join(', ')} namespace${shared.length > 1 ? 's' : ''}`);
  if (facts.privileged.length > 0) parts.push(`privileged mode for ${quoted(facts.privileged)}`);
  if (facts.windowsHostProcess.length > 0)
    parts.push(`Windows HostProcess for ${quoted(facts.windowsHostProcess)}`);
  const ports = facts.hostPorts.map(
    (p) =>
      `${p.hostPort}${p.containerPort !== null ? `->${p.containerPort}` : ''} (${JSON.stringify(p.container)})`,
  );
  const portText =
    ports.length === 0
      ? ''
      : pod.dialect === 'compose'
        ? ` It publishes host ports ${ports.join(', ')}.`
        : ` It binds host ports ${ports.join(', ')}.`;
  if (parts.length === 0)
    return `No: no host network, PID or IPC namespace and no privileged container.${portText}`;
  return `Yes: ${parts.join('; ')}.${portText}`;
}

/** Host namespaces, privileged or HostProcess containers, and (in Kubernetes) host ports deviate from the posture. */
export function hostAccessConcerns(pod: PodView, facts: HostAccessFacts): Concern[] {
  const concerns: Concern[] = [];
  if (facts.hostNetwork) concerns.push({ container: null, message: 'hostNetwork: true' });
  if (facts.hostPID) concerns.push({ container: null, message: 'hostPID: true' });
  if (facts.hostIPC) concerns.push({ container: null, message: 'hostIPC: true' });
  for (const name of facts.privileged)
    concerns.push({ container: name, message: `${JSON.stringify(name)}: privileged` });
  for (const name of facts.windowsHostProcess)
    concerns.push({ container: name, message: `${JSON.stringify(name)}: Windows HostProcess` });
  // Publishing a port is how Compose exposes a service; a Compose rule checks the bind address instead.
  if (pod.dialect === 'kubernetes') {
    for (const port of facts.hostPorts)
      concerns.push({
        container: port.container,
        message: `${JSON.stringify(port.container)}: hostPort ${port.hostPort}`,
      });
  }
  return concerns;
}
