import { Chart, Testing } from 'cdk8s';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';

export const chart = new Chart(Testing.app(), 'edge');
new HardenedDeployment(chart, 'proxy', {
  // Serves :80 as user 10001 with no capability: the safe, namespaced sysctl
  // net.ipv4.ip_unprivileged_port_start=80. A NET_BIND_SERVICE add-back would not take effect.
  unprivilegedPortStart: 80,
  podExemptions: [
    {
      kind: 'serviceAccountToken',
      justification: {
        reason: 'the proxy discovers its backends through the Kubernetes EndpointSlice API',
        ticket: 'SEC-123',
        expires: '2027-06-30',
      },
    },
  ],
  containers: [{ name: 'proxy', image: 'registry.example.com/edge/proxy:3.2.0', portNumber: 80 }],
});
