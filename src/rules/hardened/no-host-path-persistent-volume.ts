import type { PodView } from '../pod-view';
import { asObject } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { socketExposure } from './container-runtime-sockets';
import { normaliseHostPath } from './host-paths';
import { sensitiveExposure, sensitiveExposurePhrase } from './sensitive-host-paths';

/**
 * Restricted Fields: PersistentVolume spec.hostPath.path, spec.local.path
 * Allowed Values: no hostPath; a local path that is neither sensitive nor holds a runtime socket
 */
export const noHostPathPersistentVolume = defineRule({
  id: 'no-host-path-persistent-volume',
  title: 'PersistentVolumes do not hand a host directory to the pods that claim them',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['persistent-volume'],
  restrictedFields: ['spec.hostPath.path', 'spec.local.path'],
  allowedValues:
    'no hostPath source; a local source whose path is not the host root, a sensitive host path or a directory holding a container runtime socket',
  references: { checkov: ['CKV_K8S_27'], trivy: ['KSV-0023'] },
  rationale:
    'A PersistentVolume is mounted into whichever pod claims it through a PersistentVolumeClaim, and Pod ' +
    'Security only sees the claim: a hostPath PersistentVolume hands the node directory to a pod that passes ' +
    'the restricted level. Kubernetes documents hostPath volumes for single-node testing only. A local ' +
    'volume is the supported way to give a pod a node disk (it is scheduled by node affinity and meant for ' +
    'a dedicated disk or directory), so it is reported only when its path is the host root, a sensitive host ' +
    'path or a directory holding a container runtime socket.',
  remediation:
    'Use a storage class backed by a CSI driver, or a local volume on a dedicated disk (e.g. /mnt/disks/ssd1); ' +
    'if a hostPath PersistentVolume is truly needed, record an approved "hostPath" exemption for that exact path ' +
    '(a "dockerSocket" exemption for a runtime socket) in the PersistentVolume\'s justification annotation.',
  exampleFix:
    'spec:\n  storageClassName: local-ssd\n  local:\n    path: /mnt/disks/ssd1\n  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - key: kubernetes.io/hostname\n              operator: In\n              values: [node-1]',
  justifiedBy: ['hostPath', 'dockerSocket'],
  check(pod) {
    const violations: Violation[] = [];
    const hostPath = hostPathViolation(pod, 'hostPath', true);
    if (hostPath !== undefined) violations.push(hostPath);
    const local = hostPathViolation(pod, 'local', false);
    if (local !== undefined) violations.push(local);
    return violations;
  },
});

function hostPathViolation(
  pod: PodView,
  source: 'hostPath' | 'local',
  always: boolean,
): Violation | undefined {
  const raw: unknown = pod.spec[source];
  if (raw === undefined || raw === null) return undefined;
  const path = asObject(raw).path;
  const documentPath = `${pod.path}.${source}.path`;
  if (typeof path !== 'string' || path === '') {
    // Unreadable is not absent: the kubelet would mount whatever the API server accepted.
    return {
      message: `PersistentVolume ${source} must name its path as a non-empty string`,
      path: documentPath,
      exemption: null,
    };
  }
  const normalised = normaliseHostPath(path);
  const socket = socketExposure(normalised, path);
  const sensitive = sensitiveExposure(normalised);
  let what: string | undefined;
  let exemption: 'hostPath' | 'dockerSocket' = 'hostPath';
  if (sensitive?.kind === 'root') what = sensitiveExposurePhrase(normalised, sensitive);
  else if (socket !== undefined) {
    exemption = 'dockerSocket';
    what =
      socket.kind === 'socket'
        ? `the container runtime socket ${normalised}`
        : `${normalised}, which contains the container runtime socket ${socket.socket}`;
  } else if (sensitive !== undefined) what = sensitiveExposurePhrase(normalised, sensitive);
  else if (always) what = `the host path ${normalised}`;
  if (what === undefined) return undefined;
  return {
    message: `PersistentVolume ${source} must not mount ${what}: every pod that claims it gets it`,
    path: documentPath,
    subject: normalised,
    exemption,
  };
}
