import { asArray, asObject, containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { asText, isSet } from './field-values';
import { containerFields } from './restricted-fields';

/**
 * Pod Security `hostPorts` (baseline): containers do not bind ports on the node's address.
 *
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].ports[*].hostPort
 * Allowed Values: undefined/0
 *
 * Kubernetes only: publishing a port is how a Compose service is reached at all, so a Compose
 * rule judges its bind address instead.
 */
export const hostPorts = defineRule({
  id: 'host-ports',
  title: "Containers do not bind ports on the node's address",
  severity: 'error',
  level: 'baseline',
  pssCheck: 'hostPorts',
  dialects: ['kubernetes'],
  restrictedFields: containerFields('ports[*].hostPort'),
  allowedValues: 'undefined/0',
  references: {
    cisDocker: ['5.8'],
    polaris: ['hostPortSet'],
    checkov: ['CKV_K8S_26'],
    trivy: ['KSV-0024'],
  },
  rationale:
    "A hostPort binds the container to the node's network address, bypassing Services and NetworkPolicy " +
    'expectations, and limits scheduling to nodes where the port is free.',
  remediation:
    'Remove ports[].hostPort and expose the port through a Service (NodePort or LoadBalancer if needed).',
  exampleFix: 'ports:\n  - containerPort: 8080',
  justifiedBy: ['hostPort'],
  check(pod) {
    const violations: Violation[] = [];
    // The API server defaults hostPort to containerPort in a bare Pod on the host network (pod
    // defaulting, not template defaulting): admission, Pod Security included, sees that hostPort.
    const defaulted = pod.dialect === 'kubernetes' && pod.path === 'spec' && pod.spec.hostNetwork === true;
    for (const c of pod.containers) {
      asArray(c.spec.ports).forEach((port, index) => {
        const written = asObject(port).hostPort;
        const containerPort = asObject(port).containerPort;
        const hostPort = !isSet(written) && defaulted && isSet(containerPort) ? containerPort : written;
        if (!isSet(hostPort) || hostPort === 0) return;
        violations.push({
          message: `${containersPhrase([c.name])} must not use hostPort ${asText(hostPort)}${written === hostPort ? '' : ' (the API server sets it to the containerPort on the host network)'}`,
          path: `${c.path}.ports[${index}].hostPort`,
          container: c.name,
          subject: String(hostPort),
        });
      });
    }
    return violations;
  },
});
