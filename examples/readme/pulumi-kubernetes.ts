import { HardenedDeployment, HardenedNamespace } from 'hardened-workloads/pulumi/kubernetes';

const namespace = new HardenedNamespace('web', { name: 'web' });

new HardenedDeployment('api', {
  metadata: { namespace: namespace.namespaceName },
  replicas: 2,
  containers: [
    {
      name: 'api',
      image: 'registry.example.com/team/api:1.4.2',
      ports: [{ containerPort: 8080, name: 'http' }],
      resources: { limits: { cpu: '500m', memory: '256Mi' } },
      writablePaths: [{ path: '/tmp', medium: 'Memory', sizeLimit: '64Mi' }],
    },
  ],
});
