import type { Finding } from '../audit';
import type { ExemptionKind } from '../posture';
import { findRule } from '../rules';
import type { PodView } from '../rules/pod-view';
import { asArray, asObject, at } from '../rules/pod-view';
import type { QuestionId } from './questions';
import { runtimeSocketExposedBy } from './runtime-socket';

/** The questions each rule's findings answer (a privileged container also keeps every capability and can escalate). */
export const QUESTIONS_OF_RULE: Readonly<Record<string, readonly QuestionId[]>> = Object.freeze({
  'run-as-non-root': ['user'],
  'run-as-user': ['user'],
  'explicit-non-root-ids': ['user'],
  'no-root-group': ['user'],
  'no-host-user-namespace': ['user'],
  'read-only-root-filesystem': ['writable-paths'],
  'no-sensitive-host-paths': ['writable-paths'],
  'capabilities-baseline': ['capabilities'],
  'capabilities-restricted': ['capabilities'],
  'capabilities-justified': ['capabilities'],
  'capability-add-back-ineffective': ['capabilities'],
  'allow-privilege-escalation': ['privilege-escalation'],
  'seccomp-profile-baseline': ['seccomp'],
  'seccomp-profile-restricted': ['seccomp'],
  'seccomp-localhost-justified': ['seccomp'],
  'no-container-runtime-socket': ['runtime-socket'],
  'host-namespaces': ['host-access'],
  privileged: ['host-access', 'capabilities', 'privilege-escalation'],
  'host-ports': ['host-access'],
  'published-ports-bound': ['host-access'],
  'windows-host-process': ['host-access'],
  'no-host-uts-namespace': ['host-access'],
  'no-host-devices': ['host-access'],
});

// Rules about volumes: a finding on a volume that reaches a runtime socket answers question 6, others question 2.
const VOLUME_RULES = new Set(['host-path-volumes', 'restricted-volumes']);

// For a rule this table does not know yet, the kind of exemption that would justify it says what it is about.
const QUESTIONS_OF_EXEMPTION: Readonly<Record<ExemptionKind, readonly QuestionId[]>> = {
  runAsRoot: ['user'],
  rootGroup: ['user'],
  writableRootFilesystem: ['writable-paths'],
  hostPath: ['writable-paths'],
  capability: ['capabilities'],
  privilegeEscalation: ['privilege-escalation'],
  seccompLocalhost: ['seccomp'],
  seccompUnconfined: ['seccomp'],
  dockerSocket: ['runtime-socket'],
  hostNetwork: ['host-access'],
  hostPID: ['host-access'],
  hostIPC: ['host-access'],
  hostPort: ['host-access'],
  privileged: ['host-access', 'capabilities', 'privilege-escalation'],
  appArmorLocalhost: [],
  seLinuxOptions: [],
  serviceAccountToken: [],
};

/** The questions a finding answers; empty for findings outside the eight questions. */
export function questionsOfFinding(finding: Finding, pod: PodView): readonly QuestionId[] {
  if (VOLUME_RULES.has(finding.rule))
    return [volumeFindingReachesSocket(finding, pod) ? 'runtime-socket' : 'writable-paths'];
  const known = QUESTIONS_OF_RULE[finding.rule];
  if (known !== undefined) return known;
  const kind = finding.justification?.exemption ?? findRule(finding.rule)?.justifiedBy[0];
  return kind !== undefined ? QUESTIONS_OF_EXEMPTION[kind] : [];
}

function volumeFindingReachesSocket(finding: Finding, pod: PodView): boolean {
  if (finding.justification?.exemption === 'dockerSocket') return true;
  const volumes = asArray(pod.spec.volumes);
  const index = finding.path.startsWith(`${pod.path}.volumes[`)
    ? /^\.volumes\[(\d+)\]/.exec(finding.path.slice(pod.path.length))?.[1]
    : undefined;
  const socketPath = (volume: unknown) => {
    const hostPath = at(asObject(volume), 'hostPath', 'path');
    return typeof hostPath === 'string' && runtimeSocketExposedBy(hostPath) !== undefined
      ? hostPath
      : undefined;
  };
  if (index !== undefined) return socketPath(volumes[Number(index)]) !== undefined;
  // A dialect may rewrite the path into its own vocabulary: the message still names the host path.
  return volumes.some((volume) => {
    const path = socketPath(volume);
    return path !== undefined && finding.message.includes(path);
  });
}
