import { join } from 'node:path';
import { loadOptional } from './optional';
import type { RunContext, WorkResult } from './types';

type Pulumi = typeof import('@pulumi/pulumi');
type K8s = typeof import('@pulumi/kubernetes');
type Output<T> = import('@pulumi/pulumi').Output<T>;

/** What the benchmark reads of the component: its URN resolves before its children exist. */
interface HardenedComponent {
  urn: Output<string>;
  deployment: { urn: Output<string> };
  findings: Output<unknown>;
}

export const COMPONENTS = 500;

export interface PulumiKit {
  pulumi: Pulumi;
  /** Creates one workload; returns what resolves once it and its children are registered. */
  add: (name: string, index: number) => Output<unknown>;
}

/**
 * Mocks first, then the modules: a resource created before `setMocks` would bypass the mock and
 * try to reach an engine that does not exist here.
 */
async function mocked(): Promise<{ pulumi: Pulumi; k8s: K8s }> {
  const pulumi = await import('@pulumi/pulumi');
  await pulumi.runtime.setMocks(
    {
      newResource: (args) =>
        Promise.resolve({ id: `${args.name}-id`, state: args.inputs as Record<string, unknown> }),
      call: (args) => Promise.resolve(args.inputs as Record<string, unknown>),
    },
    'bench',
    'bench',
    false,
  );
  const k8s = await import('@pulumi/kubernetes');
  return { pulumi, k8s };
}

function container(index: number) {
  return {
    name: 'app',
    image: `registry.example.com/payments/api:1.${index % 40}.0`,
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'HTTP_PORT', value: '8080' },
      { name: 'REGION', value: 'eu-west-1' },
    ],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
  };
}

export async function rawKit(): Promise<PulumiKit> {
  const { pulumi, k8s } = await mocked();
  return {
    pulumi,
    add: (name, index) => {
      const labels = { app: name };
      return new k8s.apps.v1.Deployment(name, {
        metadata: { name, labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [container(index)] } },
        },
      }).urn;
    },
  };
}

/**
 * The one call into the library's Pulumi side. Assumes HardenedDeployment(name, args) takes the
 * containers and replicas a raw Deployment spec would; adjust here if its args differ.
 */
export async function hardenedKit(ctx: RunContext): Promise<PulumiKit> {
  const HardenedDeployment = loadOptional(
    join(ctx.repoRoot, 'src', 'pulumi', 'kubernetes'),
    'HardenedDeployment',
  ) as new (name: string, args: object) => HardenedComponent;
  const { pulumi } = await mocked();
  return {
    pulumi,
    add: (name, index) => {
      const component = new HardenedDeployment(name, { replicas: 2, containers: [container(index)] });
      // Its findings are the audit of what it rendered: part of what the component costs.
      return pulumi.all([component.urn, component.deployment.urn, component.findings]);
    },
  };
}

/** A whole program under the mocks, finished when the stack has every registration back. */
export async function runProgram(kit: PulumiKit): Promise<WorkResult> {
  let urns = 0;
  await kit.pulumi.runtime.runInPulumiStack(async () => {
    const pending: Output<unknown>[] = [];
    for (let i = 0; i < COMPONENTS; i++) pending.push(kit.add(`web-${i}`, i));
    const all = await new Promise<unknown[]>((resolve) => kit.pulumi.all(pending).apply(resolve));
    urns = all.length;
    return {};
  });
  return { units: COMPONENTS, check: `${urns} workloads registered` };
}
