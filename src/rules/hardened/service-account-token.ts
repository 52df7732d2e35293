import { defineRule } from '../rule';

/**
 * Restricted Fields: spec.automountServiceAccountToken
 * Allowed Values: false
 */
export const serviceAccountToken = defineRule({
  id: 'service-account-token',
  title: 'Pods do not mount a Kubernetes API token unless they ask for one',
  severity: 'warning',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes'],
  restrictedFields: ['spec.automountServiceAccountToken'],
  allowedValues: 'false',
  references: {
    polaris: ['automountServiceAccountToken'],
    checkov: ['CKV_K8S_38'],
    kubesec: ['AutomountServiceAccountToken'],
    trivy: ['KSV-0036'],
  },
  rationale:
    'Kubernetes mounts a service account token into every pod by default. Most workloads never call the API, ' +
    'and an intruder who reads the token gets whatever the service account may do. Outside the seed: a warning.',
  remediation:
    'Set automountServiceAccountToken: false on the pod; a workload that calls the API mounts a projected token ' +
    'for its own service account instead.',
  exampleFix: 'spec:\n  automountServiceAccountToken: false',
  justifiedBy: [],
  check(pod) {
    if (pod.spec.automountServiceAccountToken === false) return [];
    return [
      {
        message: 'pod must set automountServiceAccountToken=false',
        path: `${pod.path}.automountServiceAccountToken`,
      },
    ];
  },
});
