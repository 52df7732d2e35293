import type { ContainerView, PodView } from '../rules/pod-view';
import { composeService } from '../rules/hardened';
import { asArray, at, isWindowsPod } from '../rules/pod-view';
import type { Concern, ContainerRef } from './answer-types';
import { booleanOrNull, integerOrNull, perContainer } from './describe';

/** Where an effective id comes from: the container's securityContext, the pod's, or the image. */
export type IdSource = 'container' | 'pod' | 'image';

/** The effective user of one container. */
export interface ContainerUser extends ContainerRef {
  /** The UID, or null when the image's USER decides (unknown from the manifest; may be root). */
  readonly uid: number | null;
  /** Where the UID comes from. */
  readonly uidFrom: IdSource;
  /** The primary GID, or null when the image decides. */
  readonly gid: number | null;
  /** Where the GID comes from. */
  readonly gidFrom: IdSource;
  /** Whether the kubelet (or runtime) refuses to start the container as root. */
  readonly runAsNonRoot: boolean;
  /** A user given by name (Compose `user: app`): the image's /etc/passwd decides its UID. */
  readonly userName: string | null;
}

/** Facts for "What UID and GID does it run as?". */
export interface UserFacts {
  /** The effective user of each container. */
  readonly containers: readonly ContainerUser[];
  /** The group that owns mounted volumes (`fsGroup`), or null. */
  readonly fsGroup: number | null;
  /** Extra groups every process of the pod belongs to (`supplementalGroups`); `0` grants root's group. */
  readonly supplementalGroups: readonly number[];
  /** `hostUsers: false` gives the pod its own user namespace: root inside is unprivileged on the host. */
  readonly userNamespace: boolean;
}

/** The effective UID/GID of every container: a container's securityContext overrides the pod's. */
export function userFacts(pod: PodView): UserFacts {
  return {
    containers: pod.containers.map((c) => containerUser(pod, c)),
    fsGroup: integerOrNull(pod.securityContext.fsGroup),
    supplementalGroups: asArray(pod.securityContext.supplementalGroups).filter(
      (g): g is number => typeof g === 'number',
    ),
    userNamespace: pod.spec.hostUsers === false,
  };
}

function containerUser(pod: PodView, c: ContainerView): ContainerUser {
  const [uid, uidFrom] = effective(c.securityContext.runAsUser, pod.securityContext.runAsUser);
  const [gid, gidFrom] = effective(c.securityContext.runAsGroup, pod.securityContext.runAsGroup);
  const nonRoot =
    booleanOrNull(c.securityContext.runAsNonRoot) ?? booleanOrNull(pod.securityContext.runAsNonRoot) ?? false;
  return {
    container: c.name,
    group: c.group,
    uid,
    uidFrom,
    gid,
    gidFrom,
    runAsNonRoot: nonRoot,
    userName: uid === null ? composeUserName(pod) : null,
  };
}

// Kubernetes has only numeric ids; a Compose `user` may be a name, which the translation cannot turn into one.
function composeUserName(pod: PodView): string | null {
  const user = composeService(pod)?.service.user;
  if (typeof user !== 'string') return null;
  const name = user.split(':', 1)[0]?.trim() ?? '';
  return name !== '' && !/^\d+$/.test(name) ? name : null;
}

function effective(containerValue: unknown, podValue: unknown): [number | null, IdSource] {
  const own = integerOrNull(containerValue);
  if (own !== null) return [own, 'container'];
  const inherited = integerOrNull(podValue);
  return inherited !== null ? [inherited, 'pod'] : [null, 'image'];
}

/** The answer text for the user question. */
export function describeUser(pod: PodView, facts: UserFacts): string {
  if (isWindowsPod(pod)) {
    // Windows containers run as a named Windows user; Linux UIDs and GIDs do not apply.
    return perContainer(pod.containers, (c) => {
      const name =
        at(c.securityContext, 'windowsOptions', 'runAsUserName') ??
        at(pod.securityContext, 'windowsOptions', 'runAsUserName');
      return typeof name === 'string'
        ? `Windows user ${JSON.stringify(name)} (Linux UIDs do not apply)`
        : "the image's Windows user (Linux UIDs do not apply)";
    });
  }
  const byName = new Map(facts.containers.map((u) => [u.container, u]));
  let text = perContainer(pod.containers, (c) => {
    const u = byName.get(c.name);
    return u === undefined ? 'unknown' : describeContainerUser(u);
  });
  if (facts.fsGroup !== null) text += ` Volumes are group-owned by GID ${facts.fsGroup} (fsGroup).`;
  if (facts.supplementalGroups.length > 0)
    text += ` Supplementary groups: ${facts.supplementalGroups.join(', ')}.`;
  text += facts.userNamespace
    ? ' The pod has its own user namespace (hostUsers: false): its UIDs map to unprivileged host UIDs.'
    : '';
  return text;
}

function describeContainerUser(u: ContainerUser): string {
  const uid =
    u.uid === null && u.userName !== null
      ? `user ${JSON.stringify(u.userName)}, a name whose UID the image decides (unknown; may be root)`
      : u.uid === null
        ? u.runAsNonRoot
          ? "the image's USER, which must not be root (runAsNonRoot: the container is refused if it is)"
          : "the image's USER (unknown; may be root)"
        : `UID ${u.uid}${u.uid === 0 ? ' (root)' : ''}`;
  const gid =
    u.gid === null
      ? "the image's group for that user (unknown; 0 if the image does not define one)"
      : `GID ${u.gid}${u.gid === 0 ? ' (root group)' : ''}`;
  const guard = u.runAsNonRoot && u.uid !== null ? ', runAsNonRoot' : '';
  return `${uid}, ${gid}${guard}`;
}

/** Where the user differs from the posture: an unknown or root UID or GID, or no runAsNonRoot guard. */
export function userConcerns(pod: PodView, facts: UserFacts): Concern[] {
  // Windows pods run as Windows users; the Linux ids do not apply (Pod Security exempts them too).
  if (isWindowsPod(pod)) return [];
  const concerns: Concern[] = [];
  for (const u of facts.containers) {
    const problems: string[] = [];
    if (u.uid === null) problems.push('no explicit UID');
    else if (u.uid === 0) problems.push('runs as UID 0 (root)');
    if (u.gid === null) problems.push('no explicit GID');
    else if (u.gid === 0) problems.push('runs as GID 0 (root group)');
    // In its own user namespace an explicit non-root UID is enough: Pod Security relaxes runAsNonRoot there too.
    if (!u.runAsNonRoot && !(facts.userNamespace && u.uid !== null && u.uid !== 0))
      problems.push('runAsNonRoot is not true');
    if (problems.length > 0)
      concerns.push({
        container: u.container,
        message: `${JSON.stringify(u.container)}: ${problems.join(', ')}`,
      });
  }
  return concerns;
}
