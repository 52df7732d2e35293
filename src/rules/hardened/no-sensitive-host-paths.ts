import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { socketExposure } from './container-runtime-sockets';
import { hostPathVolumes } from './host-paths';
import { hostPathVolumeViolations } from './mounting-containers';
import { SENSITIVE_HOST_PATHS, sensitiveExposure, sensitiveExposurePhrase } from './sensitive-host-paths';

/**
 * Restricted Fields: spec.volumes[*].hostPath.path
 * Allowed Values: any path that neither is, lies under, nor contains a sensitive host path
 */
export const noSensitiveHostPaths = defineRule({
  id: 'no-sensitive-host-paths',
  title: 'No sensitive host directory is mounted',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: ['spec.volumes[*].hostPath.path'],
  allowedValues: `a path other than the host root (/, however spelled) that is not, is not under, and does not contain ${SENSITIVE_HOST_PATHS.join(', ')}`,
  references: {
    cisDocker: ['5.6'],
    polaris: ['hostPathSet'],
    kubeLinter: ['sensitive-host-mounts'],
    kubesec: ['ProcMount'],
    trivy: ['KSV-0121'],
  },
  rationale:
    'Host configuration, binaries, kernel interfaces, devices, home directories and the state of the ' +
    'kubelet, the container runtime and etcd hold credentials and control of the node: mounting them ' +
    '(even read-only) hands host-level access or secrets to the container. The container runtime sockets ' +
    'are reported by no-container-runtime-socket.',
  remediation:
    'Remove the hostPath volume, or mount a narrow, non-sensitive directory read-only under an approved ' +
    '"hostPath" exemption that names that exact path.',
  exampleFix: 'volumes:\n  - name: config\n    configMap:\n      name: app-config',
  justifiedBy: ['hostPath'],
  check(pod) {
    const violations: Violation[] = [];
    for (const volume of hostPathVolumes(pod)) {
      const exposure = sensitiveExposure(volume.normalised);
      // One finding per mount: a socket (or a directory holding one) is the socket rule's, except
      // the host root, which is far more than a socket: only a hostPath record for "/" justifies it.
      if (exposure?.kind !== 'root' && socketExposure(volume.normalised, volume.path) !== undefined) continue;
      if (exposure === undefined) continue;
      violations.push(
        ...hostPathVolumeViolations(pod, volume, sensitiveExposurePhrase(volume.normalised, exposure)),
      );
    }
    return violations;
  },
});
