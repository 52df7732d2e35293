import { Chart, Testing } from 'cdk8s';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';

const chart = new Chart(Testing.app(), 'edge');
new HardenedDeployment(chart, 'proxy', {
  containers: [
    {
      name: 'proxy',
      image: 'registry.example.com/edge/proxy:3.2.0',
      portNumber: 80,
      exemptions: [
        {
          kind: 'capability',
          capability: 'NET_BIND_SERVICE',
          justification: {
            reason: 'the legacy load balancer health-checks port 80 and cannot be reconfigured',
            ticket: 'SEC-123',
            approvedBy: 'platform-security',
            expires: '2027-06-30',
          },
        },
      ],
    },
  ],
});
