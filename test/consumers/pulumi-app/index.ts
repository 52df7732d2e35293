// A Pulumi program as a new user writes it from Pulumi's TypeScript template: compiled with the
// template's tsconfig (no skipLibCheck), then run under pulumi.runtime.setMocks by run-mocks.js.
import * as pulumi from '@pulumi/pulumi';
import { HardenedDeployment, HardenedNamespace } from 'hardened-workloads/pulumi/kubernetes';
import { HardenedContainer } from 'hardened-workloads/pulumi/docker';
import { hardenedPolicies } from 'hardened-workloads/pulumi/policy';
import type { Finding } from 'hardened-workloads';
import type { ChecklistAnswer } from 'hardened-workloads/checklist';
import type { HardeningTransformationOptions } from 'hardened-workloads/pulumi';

const namespace = new HardenedNamespace('web', { name: 'web' });

const api = new HardenedDeployment('api', {
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

const cache = new HardenedContainer('cache', {
  image: 'redis:7.4.1-alpine',
  ports: [{ containerPort: 6379, hostIp: '127.0.0.1' }],
  writablePaths: [{ path: '/data', sizeLimit: '128Mi' }],
  memoryMb: 256,
  cpus: 0.5,
});

const countErrors = (findings: readonly Finding[]): number =>
  findings.filter((f) => f.status === 'violation' && f.severity === 'error').length;

export const apiErrors: pulumi.Output<number> = api.findings.apply(countErrors);
export const cacheErrors: pulumi.Output<number> = cache.findings.apply(countErrors);
export const policyNames: string[] = hardenedPolicies().map((policy) => policy.name);
// What a program usually exports; under mocks it also makes the run wait for both children, whose
// registration follows the components' audit of every Output they were given.
export const deploymentUrn: pulumi.Output<string> = api.deployment.urn;
export const containerUrn: pulumi.Output<string> = cache.container.urn;
export type EntryPointTypes = [ChecklistAnswer, HardeningTransformationOptions];
