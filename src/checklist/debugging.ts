import type { Workload } from '../audit';
import { at, isWindowsPod } from '../rules/pod-view';
import type { UserFacts } from './user';

/** The image the debug commands start: a shell and the usual tools, kept out of the runtime image. */
export const DEBUG_IMAGE = 'busybox';

/** A command that debugs one container from outside its image. */
export interface DebugCommand {
  /** The container the command attaches to. */
  readonly container: string;
  /** The shell command to run, ready to paste. */
  readonly command: string;
}

/** Facts for "How will operators debug it without adding tools to the runtime image?". */
export interface DebuggingFacts {
  /** `kubectl debug` (an ephemeral container) for Kubernetes, `docker run` joining the namespaces for Compose. */
  readonly method: 'ephemeral-container' | 'sidecar-container';
  /** One command per container to attach to. */
  readonly commands: readonly DebugCommand[];
  /** What the operator must know for the commands to work under the posture. */
  readonly notes: readonly string[];
}

// Pod names the controllers generate, so that the command finds a pod of this workload and no other.
const POD_NAME_SUFFIX: Readonly<Record<string, string>> = {
  Deployment: '-[a-z0-9]{1,10}-[a-z0-9]{5}',
  ReplicaSet: '-[a-z0-9]{5}',
  ReplicationController: '-[a-z0-9]{5}',
  DaemonSet: '-[a-z0-9]{5}',
  Job: '-[a-z0-9]{5}',
  CronJob: '-[0-9]+-[a-z0-9]{5}',
};

/** Single-quotes a shell word when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function podArgument(workload: Workload, namespaceFlag: string): string {
  // A name from generateName ends in `*`: the pod's real name is only known once it exists.
  const generated = workload.name.endsWith('*');
  // Names come from the manifest: quoted, so that a hostile name cannot run commands in the operator's shell.
  if (workload.kind === 'Pod' && !generated) return shellQuote(`pod/${workload.name}`);
  if (workload.kind === 'StatefulSet' && !generated) return shellQuote(`pod/${workload.name}-0`);
  const suffix = workload.kind === 'Pod' ? '' : (POD_NAME_SUFFIX[workload.kind] ?? '-.+');
  const stem = workload.name.replace(/\*$/, '').replace(/\./g, '\\.');
  const pattern = `^pod/${stem}${generated ? '[a-z0-9]+' : ''}${suffix}$`;
  return `"$(kubectl get pods${namespaceFlag} -o name | grep -E -m1 ${shellQuote(pattern)})"`;
}

/** How to debug each running container of a workload with tools from a separate image. */
export function debuggingFacts(workload: Workload, user: UserFacts): DebuggingFacts {
  return workload.pod.dialect === 'compose'
    ? composeDebugging(workload, user)
    : kubernetesDebugging(workload, user);
}

function kubernetesDebugging(workload: Workload, user: UserFacts): DebuggingFacts {
  const pod = workload.pod;
  const namespaceFlag = workload.namespace !== undefined ? ` -n ${shellQuote(workload.namespace)}` : '';
  const target = podArgument(workload, namespaceFlag);
  // Init containers have exited before the app starts, unless they are sidecars (restartPolicy: Always).
  const running = pod.containers.filter(
    (c) => c.group === 'containers' || (c.group === 'initContainers' && c.spec.restartPolicy === 'Always'),
  );
  const commands = running.map((c) => ({
    container: c.name,
    command: `kubectl debug -it${namespaceFlag} ${target} --image=${DEBUG_IMAGE} --target=${shellQuote(c.name)} --profile=restricted`,
  }));
  const notes = [
    "The ephemeral container shares the target container's process namespace (--target): it sees the processes, and their files under /proc/<pid>/root, with no tool in the runtime image.",
    "--profile=restricted (kubectl 1.27+) sets runAsNonRoot, drop: [ALL], allowPrivilegeEscalation: false and seccomp RuntimeDefault: ephemeral containers are admitted against the namespace's Pod Security level like any other container, and this profile passes restricted.",
  ];
  const podUid = typeof pod.securityContext.runAsUser === 'number' ? pod.securityContext.runAsUser : null;
  if (isWindowsPod(pod)) {
    notes.push(
      `This is a Windows pod: use a Windows debug image (e.g. mcr.microsoft.com/windows/nanoserver) instead of ${DEBUG_IMAGE}.`,
    );
  } else if (podUid !== null && podUid !== 0) {
    notes.push(
      `The ephemeral container inherits the pod's runAsUser ${podUid}: the app's own user, which may read /proc/<pid>/root of the app.`,
    );
  } else {
    const uid = user.containers.find((u) => u.uid !== null && u.uid !== 0)?.uid ?? 10001;
    notes.push(
      `The pod sets no non-root runAsUser, so ${DEBUG_IMAGE} would run as root and runAsNonRoot refuses it: add --custom=debug-user.json with {"securityContext":{"runAsUser":${uid},"runAsGroup":${uid}}} (kubectl 1.30+), or use a debug image whose USER is non-root.`,
    );
  }
  const exited = pod.containers.filter(
    (c) => c.group === 'initContainers' && c.spec.restartPolicy !== 'Always',
  );
  if (exited.length > 0) {
    notes.push(
      `Init containers ${exited.map((c) => JSON.stringify(c.name)).join(', ')} have exited before the app starts: read their logs (kubectl logs -c <name>) instead.`,
    );
  }
  notes.push(
    'Do not use kubectl debug node/...: it runs a privileged pod in the host namespaces, which Pod Security baseline and restricted refuse.',
  );
  return { method: 'ephemeral-container', commands, notes };
}

function composeDebugging(workload: Workload, user: UserFacts): DebuggingFacts {
  const file = workload.file !== undefined ? ` -f ${shellQuote(workload.file)}` : '';
  const commands = workload.pod.containers.map((c) => {
    const u = user.containers.find((candidate) => candidate.container === c.name);
    const userFlag =
      u?.uid != null && u.uid !== 0 ? ` --user ${u.uid}${u.gid !== null ? `:${u.gid}` : ''}` : '';
    return {
      container: c.name,
      command:
        `target=$(docker compose${file} ps -q ${shellQuote(workload.name)}) && ` +
        `docker run --rm -it --pid=container:$target --network=container:$target --cap-drop ALL ` +
        `--security-opt no-new-privileges:true${userFlag} ${DEBUG_IMAGE}`,
    };
  });
  const notes = [
    "The debug container joins the service's process and network namespaces: it sees its processes, files (/proc/<pid>/root) and sockets, with no tool in the service image.",
    "It drops every capability and cannot escalate; running it as the service's user lets it read the service's /proc/<pid>/root without extra privileges.",
  ];
  if (at(workload.pod.spec, 'hostPID') === true)
    notes.push(
      'The service already shares the host PID namespace: the debug container then sees every host process.',
    );
  return { method: 'sidecar-container', commands, notes };
}

/** The answer text for the debugging question. */
export function describeDebugging(facts: DebuggingFacts): string {
  if (facts.commands.length === 0) return 'No running container to attach to.';
  return facts.method === 'ephemeral-container'
    ? `With an ephemeral container from a separate image (${DEBUG_IMAGE}), attached by kubectl debug with --profile=restricted; never kubectl debug node/.`
    : `With a throw-away container from a separate image (${DEBUG_IMAGE}) that joins the service's PID and network namespaces, with every capability dropped and no-new-privileges.`;
}
