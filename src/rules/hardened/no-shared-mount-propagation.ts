import { mountMode } from '../../posture';
import { asArray, asObject, containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { hostPathVolumes } from './host-paths';

/**
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].volumeMounts[*].mountPropagation
 * Allowed Values: undefined, None, HostToContainer
 */
export const noSharedMountPropagation = defineRule({
  id: 'no-shared-mount-propagation',
  title: 'No mount propagates back to the host',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.containers[*].volumeMounts[*].mountPropagation',
    'spec.initContainers[*].volumeMounts[*].mountPropagation',
    'spec.ephemeralContainers[*].volumeMounts[*].mountPropagation',
  ],
  allowedValues: 'undefined, None, HostToContainer',
  references: { cisDocker: ['5.20'] },
  rationale:
    'Bidirectional (Compose: shared or rshared) propagation lets mounts made inside the container appear on ' +
    'the host and in every other container sharing the path: the container can reshape the host filesystem.',
  remediation:
    'Remove mountPropagation: Bidirectional (Compose: the shared/rshared volume option or bind.propagation), ' +
    'or use HostToContainer (rslave) when the container only needs to see host mounts.',
  exampleFix: 'volumeMounts:\n  - name: data\n    mountPath: /data\n    mountPropagation: HostToContainer',
  justifiedBy: ['hostPath'],
  check(pod) {
    const hostPaths = new Map(hostPathVolumes(pod).map((v) => [v.name, v.normalised]));
    const violations: Violation[] = [];
    for (const c of pod.containers) {
      asArray(c.spec.volumeMounts).forEach((raw, index) => {
        const mount = asObject(raw);
        if (mount.mountPropagation !== 'Bidirectional') return;
        const name = typeof mount.name === 'string' ? mount.name : `volumeMounts[${index}]`;
        const subject = hostPaths.get(name);
        violations.push({
          message: `${containersPhrase([c.name])} must not mount volume ${JSON.stringify(name)} with mountPropagation=Bidirectional`,
          path: `${c.path}.volumeMounts[${index}].mountPropagation`,
          container: c.name,
          ...(subject !== undefined && { subject, mode: mountMode(mount.readOnly) }),
        });
      });
    }
    return violations;
  },
});
