import { asArray, asObject } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { hostPathViolation } from './host-path-violation';

/**
 * Pod Security `hostPathVolumes` (baseline): pods mount no hostPath volume.
 *
 * Restricted Fields: spec.volumes[*].hostPath
 * Allowed Values: undefined/null
 */
export const hostPathVolumes = defineRule({
  id: 'host-path-volumes',
  title: 'Pods mount no hostPath volume',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'hostPathVolumes',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: ['spec.volumes[*].hostPath'],
  allowedValues: 'undefined/null',
  references: {
    cisDocker: ['5.6', '5.32'],
    polaris: ['hostPathSet'],
    kubeLinter: ['sensitive-host-mounts', 'docker-sock'],
    checkov: ['CKV_K8S_27'],
    kubesec: ['DockerSock'],
    trivy: ['KSV-0023', 'KSV-0121', 'KSV-0006'],
  },
  rationale:
    "A hostPath volume exposes the node's filesystem to the container: host credentials, the kubelet's files, " +
    'or the container runtime socket (which is control of the node). A Compose bind mount is the same thing.',
  remediation:
    'Use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead. If the host path is ' +
    'truly needed, mount it read-only under a justified, approved "hostPath" (or "dockerSocket") exemption.',
  exampleFix: 'volumes:\n  - name: cache\n    emptyDir: {}',
  justifiedBy: ['hostPath', 'dockerSocket'],
  check(pod) {
    const violations: Violation[] = [];
    asArray(pod.spec.volumes).forEach((raw, index) => {
      const volume = asObject(raw);
      if (volume.hostPath !== undefined && volume.hostPath !== null) {
        violations.push(...hostPathViolation(pod, volume, index));
      }
    });
    return violations;
  },
});
