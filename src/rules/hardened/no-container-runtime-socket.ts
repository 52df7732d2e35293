import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { CONTAINER_RUNTIME_SOCKETS, socketExposure } from './container-runtime-sockets';
import { hostPathVolumes } from './host-paths';
import { hostPathVolumeViolations } from './mounting-containers';

/**
 * Restricted Fields: spec.volumes[*].hostPath.path
 * Allowed Values: any path that is neither a container runtime socket nor a directory containing one
 */
export const noContainerRuntimeSocket = defineRule({
  id: 'no-container-runtime-socket',
  title: 'No container runtime socket is mounted',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: ['spec.volumes[*].hostPath.path'],
  allowedValues: `a path other than ${CONTAINER_RUNTIME_SOCKETS.join(', ')}, rootless and named-pipe sockets, and any directory containing one (/, /var, /run, /var/run, ...)`,
  references: {
    cisDocker: ['5.32'],
    kubeLinter: ['docker-sock'],
    checkov: ['CKV_K8S_27'],
    kubesec: ['DockerSock'],
    trivy: ['KSV-0006'],
  },
  rationale:
    'The seed: "Mounting the Docker socket gives the container control over the Docker daemon. Treat this ' +
    'as host-level access." The containerd, CRI-O and Podman sockets give the same control, and mounting ' +
    'a directory that holds one (/, /var, /run, /var/run) mounts the socket too.',
  remediation:
    'Remove the hostPath volume. Prefer purpose-built APIs, narrow CI permissions or remote builders; if the ' +
    'socket is truly required, record an approved "dockerSocket" exemption for that exact path.',
  exampleFix: '# build remotely instead of mounting the socket\nvolumes:\n  - name: tmp\n    emptyDir: {}',
  justifiedBy: ['dockerSocket'],
  check(pod) {
    const violations: Violation[] = [];
    for (const volume of hostPathVolumes(pod)) {
      // The host root holds every socket and much more: no-sensitive-host-paths reports it, once.
      if (volume.normalised === '/') continue;
      const exposure = socketExposure(volume.normalised, volume.path);
      if (exposure === undefined) continue;
      const what =
        exposure.kind === 'socket'
          ? `the container runtime socket ${volume.normalised}`
          : `${volume.normalised}, which contains the container runtime socket ${exposure.socket}`;
      violations.push(...hostPathVolumeViolations(pod, volume, what));
    }
    return violations;
  },
});
