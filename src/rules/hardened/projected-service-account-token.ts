import { asArray, asObject } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';

/**
 * Restricted Fields: spec.volumes[*].projected.sources[*].serviceAccountToken
 * Allowed Values: undefined, unless a serviceAccountToken exemption justifies the token
 */
export const projectedServiceAccountToken = defineRule({
  id: 'projected-service-account-token',
  title: 'Pods do not mount a Kubernetes API token through a projected volume unless they ask for one',
  severity: 'warning',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes'],
  restrictedFields: ['spec.volumes[*].projected.sources[*].serviceAccountToken'],
  allowedValues: 'undefined, or a token justified by a serviceAccountToken exemption',
  references: { checkov: ['CKV_K8S_38'], trivy: ['KSV-0036'] },
  rationale:
    'automountServiceAccountToken: false promises a pod without a Kubernetes API token, but a projected volume ' +
    'with a serviceAccountToken source mounts one anyway (that is how the kubelet implements automount itself). ' +
    'Whoever reads the token gets whatever the service account may do, so it is reported like automount: a ' +
    'warning, justified by the same serviceAccountToken exemption. The kube-api-access-* volume that the ' +
    'ServiceAccount admission plugin adds where the pod does not set automountServiceAccountToken: false is ' +
    'automount itself, judged by service-account-token.',
  remediation:
    'Remove the serviceAccountToken source from the projected volume. A workload that calls the API keeps it ' +
    '(with a short expirationSeconds and a narrow audience) and records a justified serviceAccountToken exemption.',
  exampleFix:
    'spec:\n  automountServiceAccountToken: false\n  volumes:\n    - name: config\n      projected:\n        sources:\n          - configMap:\n              name: app-config',
  justifiedBy: ['serviceAccountToken'],
  check(pod) {
    const violations: Violation[] = [];
    // Where the pod does not opt out, the ServiceAccount admission plugin mounts a kube-api-access-*
    // volume: that token is automount itself, which service-account-token judges (and its exemption admits).
    const automounted = pod.spec.automountServiceAccountToken !== false;
    asArray(pod.spec.volumes).forEach((raw, index) => {
      const volume = asObject(raw);
      if (volume.projected === undefined || volume.projected === null) return;
      const name = JSON.stringify(typeof volume.name === 'string' ? volume.name : `volumes[${index}]`);
      const sourcesPath = `${pod.path}.volumes[${index}].projected.sources`;
      const sources = asObject(volume.projected).sources;
      if (sources !== undefined && sources !== null && !Array.isArray(sources)) {
        // Unreadable is not empty: the token may be in there.
        violations.push({
          message: `projected volume ${name} must list its sources as an array`,
          path: sourcesPath,
          exemption: null,
        });
        return;
      }
      asArray(sources).forEach((source, sourceIndex) => {
        const token = asObject(source).serviceAccountToken;
        if (token === undefined || token === null) return;
        if (automounted && isAutomountToken(volume.name, token)) return;
        const audience = asObject(token).audience;
        const forWhom = typeof audience === 'string' ? ` for audience ${JSON.stringify(audience)}` : '';
        violations.push({
          message:
            `projected volume ${name} mounts a Kubernetes API token${forWhom}: remove the serviceAccountToken ` +
            'source, or justify the token with a serviceAccountToken exemption',
          path: `${sourcesPath}[${sourceIndex}].serviceAccountToken`,
          exemption: 'serviceAccountToken',
        });
      });
    });
    return violations;
  },
});

/** The prefix of the volume the ServiceAccount admission plugin adds (or reuses) for automount. */
export const AUTOMOUNT_VOLUME_PREFIX = 'kube-api-access-';

/**
 * The token source of the automount volume as the plugin writes it: in a `kube-api-access-*`
 * volume, at path `token`, for the API server's own audience. A token there for another audience is
 * not automount's and is still reported.
 */
function isAutomountToken(volumeName: unknown, token: unknown): boolean {
  const { audience, path } = asObject(token);
  return (
    typeof volumeName === 'string' &&
    volumeName.startsWith(AUTOMOUNT_VOLUME_PREFIX) &&
    (audience === undefined || audience === null) &&
    path === 'token'
  );
}
