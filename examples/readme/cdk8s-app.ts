import { App, Chart } from 'cdk8s';
import { HardenedDeployment, HardenedNamespace } from 'hardened-workloads/cdk8s';

const app = new App();
const chart = new Chart(app, 'web', { namespace: 'web' });
new HardenedNamespace(chart, 'namespace', { metadata: { name: 'web' } });

const api = new HardenedDeployment(chart, 'api', {
  containers: [
    {
      name: 'api',
      image: 'registry.example.com/team/api:1.4.2',
      portNumber: 8080,
      writablePaths: [{ path: '/tmp', medium: 'Memory', sizeLimit: '64Mi' }],
    },
  ],
});
api.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
app.synth();
