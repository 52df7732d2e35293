import type { PodView } from '../rules/pod-view';
import { at } from '../rules/pod-view';
import type { Concern, ContainerRef } from './answer-types';
import { perContainer } from './describe';

/** The seccomp profile one container runs with. */
export interface ContainerSeccomp extends ContainerRef {
  /** `RuntimeDefault`, `Localhost`, `Unconfined`, another value as written, or null when unset at both levels. */
  readonly type: string | null;
  /** Where the profile is set: the container's securityContext, the pod's, or nowhere. */
  readonly from: 'container' | 'pod' | 'unset';
  /** The profile file of a `Localhost` profile, or null. */
  readonly localhostProfile: string | null;
  /** Whether the runtime's default profile (Docker's default profile) is in force. */
  readonly runtimeDefault: boolean;
}

/** Facts for "Does it use Docker's default seccomp profile?". */
export interface SeccompFacts {
  /** The effective seccomp profile of each container. */
  readonly containers: readonly ContainerSeccomp[];
}

/** The effective seccomp profile of each container: a container's profile overrides the pod's. */
export function seccompFacts(pod: PodView): SeccompFacts {
  return {
    containers: pod.containers.map((c) => {
      const own = at(c.securityContext, 'seccompProfile');
      const inherited = at(pod.securityContext, 'seccompProfile');
      // A container's seccompProfile replaces the pod's even without a type (then it is invalid: '').
      const present = (value: unknown) => value !== undefined && value !== null;
      const from = present(own) ? 'container' : present(inherited) ? 'pod' : 'unset';
      const profile = from === 'container' ? own : inherited;
      const type = at(profile, 'type');
      const localhost = at(profile, 'localhostProfile');
      return {
        container: c.name,
        group: c.group,
        type: from === 'unset' ? null : typeof type === 'string' ? type : '',
        from,
        localhostProfile: typeof localhost === 'string' ? localhost : null,
        runtimeDefault: type === 'RuntimeDefault',
      };
    }),
  };
}

/** The answer text for the seccomp question. */
export function describeSeccomp(pod: PodView, facts: SeccompFacts): string {
  const byName = new Map(facts.containers.map((f) => [f.container, f]));
  const compose = pod.dialect === 'compose';
  return perContainer(pod.containers, (c) => {
    const f = byName.get(c.name);
    if (f === undefined) return 'unknown';
    switch (f.type) {
      case 'RuntimeDefault':
        return compose
          ? "yes: Docker's default seccomp profile"
          : "yes: RuntimeDefault, the container runtime's default profile (Docker's default profile under Docker and containerd)";
      case 'Localhost':
        return `no: a custom profile, ${f.localhostProfile ?? '(no localhostProfile)'} (Localhost), which must be reviewed`;
      case 'Unconfined':
        return 'no: seccomp is disabled (Unconfined)';
      case null:
        return compose
          ? "yes: Docker's default seccomp profile (security_opt sets none)"
          : 'no: no seccomp profile is set, which Kubernetes runs as Unconfined (no seccomp at all) unless every kubelet enables --seccomp-default';
      default:
        return `no: unknown seccomp profile type ${JSON.stringify(f.type)}`;
    }
  });
}

/** Anything but the runtime's default profile deviates from the posture (Compose leaves it to Docker's default). */
export function seccompConcerns(pod: PodView, facts: SeccompFacts): Concern[] {
  return facts.containers
    .filter((f) => !f.runtimeDefault && !(pod.dialect === 'compose' && f.type === null))
    .map((f) => ({
      container: f.container,
      message: `${JSON.stringify(f.container)}: seccomp ${f.type ?? 'unset (Unconfined)'}`,
    }));
}
