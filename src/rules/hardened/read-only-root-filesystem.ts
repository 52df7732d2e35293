import { containersPhrase, isWindowsPod } from '../pod-view';
import { defineRule } from '../rule';

/**
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.readOnlyRootFilesystem
 * Allowed Values: true
 */
export const readOnlyRootFilesystem = defineRule({
  id: 'read-only-root-filesystem',
  title: 'Containers have a read-only root filesystem',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.containers[*].securityContext.readOnlyRootFilesystem',
    'spec.initContainers[*].securityContext.readOnlyRootFilesystem',
    'spec.ephemeralContainers[*].securityContext.readOnlyRootFilesystem',
  ],
  allowedValues: 'true',
  references: {
    cisDocker: ['5.13'],
    polaris: ['notReadOnlyRootFilesystem'],
    kubeLinter: ['no-read-only-root-fs'],
    checkov: ['CKV_K8S_22'],
    kubesec: ['ReadOnlyRootFilesystem'],
    trivy: ['KSV-0014'],
  },
  rationale:
    'The seed: "Use a read-only root filesystem" and "Write only to declared volumes or tmpfs mounts". ' +
    'An immutable image cannot be altered by an intruder to persist a tool or a backdoor, and every ' +
    'writable directory is then a deliberate, reviewable declaration. Kubernetes forbids the field on ' +
    'Windows pods (spec.os.name: windows), so they are not asked for it.',
  remediation:
    'Set securityContext.readOnlyRootFilesystem: true on every container and mount an emptyDir (or, in ' +
    'Compose, a tmpfs) at each directory the application writes to, such as /tmp.',
  exampleFix:
    'securityContext:\n  readOnlyRootFilesystem: true\nvolumeMounts:\n  - name: tmp\n    mountPath: /tmp',
  justifiedBy: ['writableRootFilesystem'],
  check(pod) {
    // Kubernetes refuses readOnlyRootFilesystem on a Windows pod (spec.os.name: windows): not asked there.
    if (isWindowsPod(pod)) return [];
    return pod.containers
      .filter((c) => c.securityContext.readOnlyRootFilesystem !== true)
      .map((c) => ({
        message: `${containersPhrase([c.name])} must set securityContext.readOnlyRootFilesystem=true`,
        path: `${c.path}.securityContext.readOnlyRootFilesystem`,
        container: c.name,
      }));
  },
});
