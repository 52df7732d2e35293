import { asArray, asObject } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { hostPathViolation, volumeName } from './host-path-violation';

/** The volume sources restricted allows: none of them reaches the node beyond what Kubernetes manages. */
export const RESTRICTED_VOLUME_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

/**
 * Pod Security `restrictedVolumes` (restricted): pods use only the core volume types.
 *
 * Restricted Fields: spec.volumes[*] (every source other than the allowed ones)
 * Allowed Values: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,
 * projected, secret
 *
 * A volume that names no source at all is admitted, as upstream admits it: the API server defaults
 * such a volume to emptyDir before admission runs.
 */
export const restrictedVolumes = defineRule({
  id: 'restricted-volumes',
  title: 'Pods use only the core volume types',
  severity: 'error',
  level: 'restricted',
  pssCheck: 'restrictedVolumes',
  overrides: ['host-path-volumes'],
  dialects: ['kubernetes', 'compose'],
  restrictedFields: ['spec.volumes[*]'],
  allowedValues: RESTRICTED_VOLUME_SOURCES.join(', '),
  references: {
    cisDocker: ['5.6', '5.32'],
    polaris: ['hostPathSet'],
    kubeLinter: ['sensitive-host-mounts', 'docker-sock'],
    checkov: ['CKV_K8S_27'],
    kubesec: ['DockerSock'],
    trivy: ['KSV-0028', 'KSV-0023'],
  },
  rationale:
    'Beyond hostPath, in-tree network and cloud volume types (nfs, iscsi, rbd, gitRepo, ...) are mounted by the ' +
    "node with the node's credentials and kernel drivers, and gitRepo runs git on the host. Restricted pods " +
    'get storage through persistentVolumeClaims and CSI, where the cluster administrator controls it.',
  remediation:
    'Replace the volume with a persistentVolumeClaim (for storage), a CSI or ephemeral volume, or an ' +
    'emptyDir/configMap/secret/projected volume. A hostPath volume can only be kept under a justified exemption.',
  exampleFix: 'volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data',
  justifiedBy: ['hostPath', 'dockerSocket'],
  check(pod) {
    const violations: Violation[] = [];
    asArray(pod.spec.volumes).forEach((raw, index) => {
      const volume = asObject(raw);
      const sources = Object.keys(volume).filter((key) => key !== 'name' && volume[key] !== null);
      if (
        sources.length === 0 ||
        sources.some((key) => (RESTRICTED_VOLUME_SOURCES as readonly string[]).includes(key))
      )
        return;
      if (sources.includes('hostPath')) {
        violations.push(...hostPathViolation(pod, volume, index));
        return;
      }
      const type = sources[0] ?? 'unknown';
      violations.push({
        message: `volume ${volumeName(volume, index)} must not use restricted volume type ${JSON.stringify(type)}`,
        path: `${pod.path}.volumes[${index}].${type}`,
        exemption: null,
      });
    });
    return violations;
  },
});
