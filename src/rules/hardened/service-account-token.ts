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
    'Set automountServiceAccountToken: false on the pod. A workload that calls the API (a controller, an ' +
    'operator) asks for the token with automountServiceAccountToken: true and a justified serviceAccountToken ' +
    'exemption; left unset, the token is mounted without anyone having asked, and that cannot be justified.',
  exampleFix: 'spec:\n  automountServiceAccountToken: false',
  justifiedBy: ['serviceAccountToken'],
  check(pod) {
    const value = pod.spec.automountServiceAccountToken;
    if (value === false) return [];
    const path = `${pod.path}.automountServiceAccountToken`;
    if (value === true) {
      return [
        {
          message:
            'pod must set automountServiceAccountToken=false, or justify the token with a serviceAccountToken exemption',
          path,
          exemption: 'serviceAccountToken',
        },
      ];
    }
    // Unset is not asking: Kubernetes mounts the token by default. Only an explicit true can be justified.
    return [
      {
        message: 'pod must set automountServiceAccountToken=false',
        path,
        exemption: null,
      },
    ];
  },
});
