import type { ContainerRuntime, ProcessUser } from '../posture';
import { LINUX_CAPABILITIES, RUNTIME_DEFAULT_CAPABILITIES, normaliseCapability } from '../posture';
import {
  assumedRuntime,
  capabilityInputs,
  containerCapabilitySets,
} from '../rules/container-capability-sets';
import type { PodView } from '../rules/pod-view';
import { asArray, at } from '../rules/pod-view';
import type { Concern, ContainerRef } from './answer-types';
import { perContainer } from './describe';

// The runtime's default set lives in the posture core (the Compose audit reads it too); the checklist
// keeps offering it under its own import path.
export { RUNTIME_DEFAULT_CAPABILITIES };

/** The capabilities of one container. */
export interface ContainerCapabilities extends ContainerRef {
  /** Whether the container runs privileged, which grants every capability whatever `drop` says. */
  readonly privileged: boolean;
  /** Whether `drop` contains ALL, in any spelling the runtime accepts. */
  readonly dropsAll: boolean;
  /**
   * Whether it is spelled `ALL`: Pod Security accepts no other spelling (`all`, `CAP_ALL`), though
   * the runtime may.
   */
  readonly dropsAllAsWritten: boolean;
  /** The `capabilities.drop` list, as written. */
  readonly dropped: readonly string[];
  /** The `capabilities.add` list, as written. */
  readonly added: readonly string[];
  /** What remains in the bounding set: every capability when privileged. */
  readonly remaining: readonly string[];
  /** Whether {@link remaining} includes the runtime's default set (no `drop: [ALL]`). */
  readonly runtimeDefaultsRemain: boolean;
  /** The runtime the sets are computed for: containerd/CRI-O for Kubernetes, Docker for Compose. */
  readonly runtime: ContainerRuntime;
  /** Who the process runs as, as far as the configuration says. */
  readonly user: ProcessUser;
  /** What the process can use when it starts (its effective set). */
  readonly effective: readonly string[];
  /** What sits only in the bounding set: the process cannot use it unless something raises it. */
  readonly boundingOnly: readonly string[];
  /**
   * Added capabilities the process can never use: a non-root process under no-new-privileges, with a
   * runtime that sets no ambient capabilities. Each add-back, and any justification for it, is a no-op.
   */
  readonly noOpAddBacks: readonly string[];
  /** Whether an executable with file capabilities could raise the process to its bounding set. */
  readonly fileCapabilitiesCanRaise: boolean;
}

/** Facts for "Which Linux capabilities remain?". */
export interface CapabilitiesFacts {
  /** The capabilities of each container. */
  readonly containers: readonly ContainerCapabilities[];
}

function names(value: unknown): string[] {
  return asArray(value)
    .filter((v): v is string => typeof v === 'string')
    .map(normaliseCapability);
}

/** The capabilities left to every container after its drops and adds. */
export function capabilitiesFacts(pod: PodView): CapabilitiesFacts {
  return {
    containers: pod.containers.map((c) => {
      const privileged = c.securityContext.privileged === true;
      const dropped = names(at(c.securityContext, 'capabilities', 'drop'));
      const added = names(at(c.securityContext, 'capabilities', 'add'));
      const dropsAll = dropped.includes('ALL');
      const dropsAllAsWritten = asArray(at(c.securityContext, 'capabilities', 'drop')).includes('ALL');
      let remaining: string[];
      if (privileged || added.includes('ALL')) remaining = [...LINUX_CAPABILITIES];
      else if (dropsAll) remaining = [...new Set(added)];
      else
        remaining = [
          ...new Set([...RUNTIME_DEFAULT_CAPABILITIES.filter((cap) => !dropped.includes(cap)), ...added]),
        ];
      const sets = containerCapabilitySets(pod, c);
      return {
        container: c.name,
        group: c.group,
        privileged,
        dropsAll,
        dropsAllAsWritten,
        dropped,
        added,
        remaining: remaining.sort(),
        runtimeDefaultsRemain: !privileged && !dropsAll,
        runtime: assumedRuntime(pod),
        user: capabilityInputs(pod, c).user,
        effective: [...sets.effective].sort(),
        boundingOnly: sets.bounding.filter((cap) => !sets.effective.includes(cap)).sort(),
        noOpAddBacks: [...sets.ineffectiveAdds].sort(),
        fileCapabilitiesCanRaise: sets.fileCapabilitiesCanRaise,
      };
    }),
  };
}

/** The answer text for the capabilities question. */
export function describeCapabilities(pod: PodView, facts: CapabilitiesFacts): string {
  const byName = new Map(facts.containers.map((f) => [f.container, f]));
  return perContainer(pod.containers, (c) => {
    const f = byName.get(c.name);
    if (f === undefined) return 'unknown';
    if (f.privileged) return 'all of them: the container is privileged';
    if (f.added.includes('ALL')) return 'all of them: capabilities.add contains ALL';
    if (f.dropsAll && !f.dropsAllAsWritten) {
      const kept = f.added.length === 0 ? 'none' : `only ${f.added.join(', ')}`;
      return `${kept} at run time, but drop spells ALL another way, which Pod Security does not accept: write ALL`;
    }
    if (f.dropsAll)
      return f.added.length === 0
        ? 'none (drop: [ALL])'
        : `only ${f.added.join(', ')} in the bounding set (drop: [ALL], then added back); ${usable(f)}`;
    const dropped = f.dropped.length > 0 ? ` minus ${f.dropped.join(', ')}` : '';
    const added = f.added.length > 0 ? ` plus ${f.added.join(', ')}` : '';
    return `the container runtime's default set${dropped}${added}: ${f.remaining.join(', ')} (no drop: [ALL]); ${usable(f)}`;
  });
}

const RUNTIME_NAMES: Readonly<Record<ContainerRuntime, string>> = {
  docker: 'Docker',
  containerd: 'containerd and CRI-O',
  'cri-o': 'CRI-O',
  podman: 'Podman',
};

/** What the process can use of its bounding set, and why. */
function usable(f: ContainerCapabilities): string {
  if (f.user === 'root')
    return `the process runs as root: ${f.effective.join(', ')} ${f.effective.length === 1 ? 'is' : 'are'} in effect`;
  if (f.noOpAddBacks.length > 0) {
    const noOp = f.noOpAddBacks.join(', ');
    const usableText =
      f.effective.length > 0
        ? `the process can use only ${f.effective.join(', ')}`
        : 'the process can use none';
    return (
      `${usableText}: ${noOp} sit${f.noOpAddBacks.length === 1 ? 's' : ''} only in the bounding set (a non-root process ` +
      `under no-new-privileges, and ${RUNTIME_NAMES[f.runtime]} set no ambient capabilities), so the add-back is a no-op`
    );
  }
  if (f.effective.length > 0) return `the process can use ${f.effective.join(', ')}`;
  if (f.user === 'unknown')
    return 'the process can use them only if the image runs as root (no runAsUser or runAsNonRoot says otherwise)';
  if (f.fileCapabilitiesCanRaise)
    return 'the process starts with none in effect, but an executable with file capabilities can gain them (privilege escalation is allowed)';
  return 'the process can use none of them (a non-root process under no-new-privileges)';
}

/** No `drop: [ALL]`, any add-back, or privileged mode deviates from the posture. */
export function capabilitiesConcerns(facts: CapabilitiesFacts): Concern[] {
  const concerns: Concern[] = [];
  for (const f of facts.containers) {
    const problems: string[] = [];
    if (f.privileged) problems.push('privileged (all capabilities)');
    if (!f.dropsAll) problems.push('does not drop ALL');
    else if (!f.dropsAllAsWritten) problems.push('drops ALL under another spelling');
    if (f.added.length > 0) problems.push(`adds ${f.added.join(', ')}`);
    if (f.noOpAddBacks.length > 0)
      problems.push(`the add-back of ${f.noOpAddBacks.join(', ')} is a no-op (bounding set only)`);
    if (problems.length > 0)
      concerns.push({
        container: f.container,
        message: `${JSON.stringify(f.container)}: ${problems.join(', ')}`,
      });
  }
  return concerns;
}
