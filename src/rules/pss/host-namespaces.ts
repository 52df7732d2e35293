import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { isSetNotFalse } from './field-values';

const NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/**
 * Pod Security `hostNamespaces` (baseline): pods do not share the host network, PID or IPC namespace.
 *
 * Restricted Fields: spec.hostNetwork, spec.hostPID, spec.hostIPC
 * Allowed Values: false, undefined/null
 */
export const hostNamespaces = defineRule({
  id: 'host-namespaces',
  title: 'Pods do not share the host network, PID or IPC namespace',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'hostNamespaces',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: NAMESPACES.map((name) => `spec.${name}`),
  allowedValues: 'false, undefined/null',
  references: {
    cisDocker: ['5.10', '5.16', '5.17'],
    polaris: ['hostNetworkSet', 'hostPIDSet', 'hostIPCSet'],
    kubeLinter: ['host-network', 'host-pid', 'host-ipc'],
    checkov: ['CKV_K8S_19', 'CKV_K8S_17', 'CKV_K8S_18'],
    kubesec: ['HostNetwork', 'HostPID', 'HostIPC'],
    trivy: ['KSV-0009', 'KSV-0010', 'KSV-0008'],
  },
  rationale:
    "Sharing the host's network namespace exposes node-local services and lets the pod sniff or bind host " +
    "traffic; sharing the PID namespace lets it see and signal every host process; sharing IPC exposes the host's " +
    'shared memory. Each removes an isolation boundary the container otherwise has.',
  remediation:
    'Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false). Expose traffic through a ' +
    'Service instead of the node network.',
  exampleFix: 'spec:\n  hostNetwork: false\n  hostPID: false\n  hostIPC: false',
  justifiedBy: ['hostNetwork', 'hostPID', 'hostIPC'],
  check(pod) {
    const violations: Violation[] = [];
    for (const name of NAMESPACES) {
      if (isSetNotFalse(pod.spec[name])) {
        violations.push({
          message: `pod must not set ${name}=true`,
          path: `${pod.path}.${name}`,
          exemption: name,
        });
      }
    }
    return violations;
  },
});
