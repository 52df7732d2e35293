// A cdk8s app as a new user writes it from the cdk8s-cli typescript-app template: compiled with the
// template's tsconfig as written (no skipLibCheck), synthesized by `cdk8s synth` with the
// validation plugin of the installed package.
import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import { HardenedDeployment, HardenedNamespace } from 'hardened-workloads/cdk8s';

export class WebChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    new HardenedNamespace(this, 'namespace', { metadata: { name: 'web' } });
    const api = new HardenedDeployment(this, 'api', {
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
  }
}

const app = new App();
new WebChart(app, 'web', { namespace: 'web' });
app.synth();
