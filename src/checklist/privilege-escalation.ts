import type { PodView } from '../rules/pod-view';
import type { Concern, ContainerRef } from './answer-types';
import { booleanOrNull, perContainer } from './describe';

/** Whether one container's processes can gain privileges (setuid binaries, file capabilities). */
export interface ContainerPrivilegeEscalation extends ContainerRef {
  /** The field as written: null when unset. */
  readonly allowPrivilegeEscalation: boolean | null;
  /** Whether the container runs privileged, which always allows escalation. */
  readonly privileged: boolean;
  /** What the runtime does: unset means allowed, and privileged forces it on. */
  readonly allowed: boolean;
}

/** Facts for "Does it need privilege escalation?". */
export interface PrivilegeEscalationFacts {
  /** The privilege-escalation setting of each container. */
  readonly containers: readonly ContainerPrivilegeEscalation[];
}

/** Whether each container can escalate, as the runtime decides it. */
export function privilegeEscalationFacts(pod: PodView): PrivilegeEscalationFacts {
  return {
    containers: pod.containers.map((c) => {
      const field = booleanOrNull(c.securityContext.allowPrivilegeEscalation);
      const privileged = c.securityContext.privileged === true;
      // The kubelet sets no_new_privs exactly when the field is false; the API refuses false with privileged.
      return {
        container: c.name,
        group: c.group,
        allowPrivilegeEscalation: field,
        privileged,
        allowed: privileged || field !== false,
      };
    }),
  };
}

/** The answer text for the privilege escalation question. */
export function describePrivilegeEscalation(pod: PodView, facts: PrivilegeEscalationFacts): string {
  const byName = new Map(facts.containers.map((f) => [f.container, f]));
  const compose = pod.dialect === 'compose';
  return perContainer(pod.containers, (c) => {
    const f = byName.get(c.name);
    if (f === undefined) return 'unknown';
    if (f.privileged) return 'yes: a privileged container can always escalate';
    if (!f.allowed)
      return compose
        ? 'no: no-new-privileges:true (setuid binaries cannot raise privileges)'
        : 'no: allowPrivilegeEscalation: false (no_new_privs; setuid binaries cannot raise privileges)';
    if (compose)
      return 'allowed: security_opt lacks no-new-privileges:true, and Docker then allows escalation';
    return f.allowPrivilegeEscalation === true
      ? 'allowed: allowPrivilegeEscalation: true'
      : 'allowed: allowPrivilegeEscalation is unset, and Kubernetes then allows escalation';
  });
}

/** Any container that can escalate deviates from the posture. */
export function privilegeEscalationConcerns(facts: PrivilegeEscalationFacts): Concern[] {
  return facts.containers
    .filter((f) => f.allowed)
    .map((f) => ({
      container: f.container,
      message: `${JSON.stringify(f.container)}: privilege escalation allowed`,
    }));
}
