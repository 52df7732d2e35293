import { LINUX_CAPABILITIES, RUNTIME_DEFAULT_CAPABILITIES, normaliseCapability } from '../posture';
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
        : `only ${f.added.join(', ')} (drop: [ALL], then added back)`;
    const dropped = f.dropped.length > 0 ? ` minus ${f.dropped.join(', ')}` : '';
    const added = f.added.length > 0 ? ` plus ${f.added.join(', ')}` : '';
    return `the container runtime's default set${dropped}${added}: ${f.remaining.join(', ')} (no drop: [ALL])`;
  });
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
    if (problems.length > 0)
      concerns.push({
        container: f.container,
        message: `${JSON.stringify(f.container)}: ${problems.join(', ')}`,
      });
  }
  return concerns;
}
