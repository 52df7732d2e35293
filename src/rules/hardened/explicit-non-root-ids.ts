import type { ContainerView, PodView } from '../pod-view';
import { at, containersPhrase, isWindowsPod } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { composeService } from './compose-service';

const ID_FIELDS = ['runAsUser', 'runAsGroup'] as const;

/**
 * Restricted Fields: spec.securityContext.{runAsUser,runAsGroup},
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.{runAsUser,runAsGroup}
 * Allowed Values: a non-zero integer, at pod level or on every container (the container value wins)
 */
export const explicitNonRootIds = defineRule({
  id: 'explicit-non-root-ids',
  title: 'Containers run with explicit numeric non-root user and group ids',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.securityContext.runAsUser',
    'spec.securityContext.runAsGroup',
    'spec.containers[*].securityContext.runAsUser',
    'spec.containers[*].securityContext.runAsGroup',
    'spec.initContainers[*].securityContext.runAsUser',
    'spec.initContainers[*].securityContext.runAsGroup',
    'spec.ephemeralContainers[*].securityContext.runAsUser',
    'spec.ephemeralContainers[*].securityContext.runAsGroup',
  ],
  allowedValues:
    'runAsUser and runAsGroup both set to a non-zero integer (pod level or container level); on a Windows pod, ' +
    'windowsOptions.runAsUserName set to an account other than ContainerAdministrator or an NT AUTHORITY account',
  references: {
    cisDocker: ['4.1'],
    kubeLinter: ['run-as-non-root'],
    checkov: ['CKV_K8S_40'],
    kubesec: ['RunAsUser', 'RunAsGroup'],
    trivy: ['KSV-0020', 'KSV-0021', 'KSV-0105', 'KSV-0116'],
  },
  rationale:
    'The seed asks "What UID and GID does it run as?". runAsNonRoot alone answers "not root" only at ' +
    'start time and leaves the UID to the image, and Pod Security never checks the group: GID 0 ' +
    'still owns root-group files. Explicit numeric ids make the answer part of the manifest. User ' +
    'namespaces do not waive this: the seed says a container should still run as an unprivileged user. ' +
    'Windows pods cannot set numeric ids; their user is windowsOptions.runAsUserName, and left unset the ' +
    'image decides (Server Core images run as ContainerAdministrator, the administrator of the container).',
  remediation:
    'Set securityContext.runAsUser and securityContext.runAsGroup to non-zero ids (e.g. 10001) on the pod, ' +
    'or on every container; in Compose set user: "10001:10001". On a Windows pod set ' +
    'securityContext.windowsOptions.runAsUserName: ContainerUser.',
  exampleFix: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n  runAsGroup: 10001',
  justifiedBy: ['runAsRoot'],
  check(pod) {
    // Windows containers have no numeric Linux ids (Kubernetes refuses runAsUser and runAsGroup there):
    // the same question is asked of windowsOptions.runAsUserName.
    if (isWindowsPod(pod)) return windowsUserViolations(pod);
    // A Compose service without `user` gets one finding, from run-as-non-root (always active with
    // this rule): both would ask for the same line, `user: "10001:10001"`.
    if (pod.dialect === 'compose' && (composeService(pod)?.service.user ?? undefined) === undefined)
      return [];
    const violations: Violation[] = [];
    for (const container of pod.containers) {
      const problems: string[] = [];
      let path: string | undefined;
      for (const key of ID_FIELDS) {
        const { value, where } = effectiveId(pod, container, key);
        const problem = idProblem(key, value);
        if (problem !== undefined) {
          problems.push(problem);
          path ??= `${where}.securityContext.${key}`;
        }
      }
      if (problems.length > 0) {
        violations.push({
          message:
            `${containersPhrase([container.name])} must set securityContext.runAsUser and ` +
            `securityContext.runAsGroup to non-zero numeric ids (${problems.join(', ')})`,
          path: path ?? `${container.path}.securityContext`,
          container: container.name,
        });
      }
    }
    return violations;
  },
});

// The container's own value overrides the pod's, as the kubelet applies it.
function effectiveId(
  pod: PodView,
  container: ContainerView,
  key: (typeof ID_FIELDS)[number],
): { value: unknown; where: string } {
  const own = container.securityContext[key];
  if (own !== undefined && own !== null) return { value: own, where: container.path };
  const podValue = pod.securityContext[key];
  if (podValue !== undefined && podValue !== null) return { value: podValue, where: pod.path };
  return { value: undefined, where: container.path };
}

function idProblem(key: string, value: unknown): string | undefined {
  if (value === undefined) return `${key} is unset`;
  if (typeof value !== 'number' || !Number.isInteger(value))
    return `${key}=${JSON.stringify(value)} is not an integer`;
  if (value === 0) return `${key}=0`;
  if (value < 0) return `${key}=${value} is negative`;
  return undefined;
}

/** Accounts that administer the container (or, with hostProcess, the node). */
const WINDOWS_ADMIN_USER = /^(containeradministrator|nt authority\\.*|localsystem|system)$/i;

/** The Windows analogue: every container runs as a named, non-administrator account. */
function windowsUserViolations(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  for (const container of pod.containers) {
    const own = at(container.securityContext, 'windowsOptions', 'runAsUserName');
    const podValue = at(pod.securityContext, 'windowsOptions', 'runAsUserName');
    const value = own ?? podValue;
    const where =
      own !== undefined && own !== null
        ? container.path
        : podValue !== undefined && podValue !== null
          ? pod.path
          : container.path;
    let problem: string | undefined;
    if (value === undefined || value === null) problem = 'it is unset, so the image decides';
    else if (typeof value !== 'string' || value.trim() === '')
      problem = `${JSON.stringify(value)} is not an account name`;
    else if (WINDOWS_ADMIN_USER.test(value.trim())) problem = `${value} administers the container`;
    if (problem === undefined) continue;
    violations.push({
      message:
        `${containersPhrase([container.name])} must set securityContext.windowsOptions.runAsUserName to a ` +
        `non-administrator account such as ContainerUser (${problem})`,
      path: `${where}.securityContext.windowsOptions.runAsUserName`,
      container: container.name,
    });
  }
  return violations;
}
