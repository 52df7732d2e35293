/**
 * A hardened Deployment deployed by the real Pulumi engine and Kubernetes provider into the real API server of
 * the cluster tier: what the API server stores is read back and checked field by field, a preview afterwards
 * shows no change, and a destroy leaves nothing. Then an engine-side transform that weakens the hardened child.
 */
import { readFileSync } from 'node:fs';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { auditDocuments } from '../../lib/audit';
import { HardenedDeployment } from '../../lib/pulumi/kubernetes';
import { apiServerFromKubeconfig } from './api-server';
import { engineEnvironment, engineStack } from './engine-stack';

const env = engineEnvironment();
const policyPack = process.env.ENGINE_POLICY_PACK ?? 'test/engine/policy-pack';
const api = apiServerFromKubeconfig(env.kubeconfig);
const deploymentPath = (name: string): string => `/apis/apps/v1/namespaces/default/deployments/${name}`;

/**
 * The test control plane has no kube-controller-manager: no pods become ready and no garbage collector
 * finishes a foreground deletion. These Pulumi annotations tell the provider not to wait for either; they
 * change nothing in the pod's posture.
 */
const NO_CONTROLLERS = {
  'pulumi.com/skipAwait': 'true',
  'pulumi.com/deletionPropagationPolicy': 'background',
};

function hardenedProgram(name: string): () => Promise<void> {
  return async () => {
    const provider = new k8s.Provider('cluster', { kubeconfig: readFileSync(env.kubeconfig, 'utf8') });
    new HardenedDeployment(
      name,
      {
        metadata: { name, namespace: 'default', annotations: NO_CONTROLLERS },
        replicas: 1,
        containers: [
          {
            name: 'api',
            image: 'registry.example.com/team/api:1.4.2',
            ports: [{ containerPort: 8080, name: 'http' }],
            resources: { limits: { cpu: '500m', memory: '256Mi' } },
            writablePaths: [{ path: '/tmp', medium: 'Memory', sizeLimit: '64Mi' }],
          },
        ],
      },
      { providers: [provider] },
    );
    return Promise.resolve();
  };
}

type Json = Record<string, unknown>;
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Json)[key] : undefined),
    value,
  );

describe('pulumi up of a HardenedDeployment on the real engine and API server', () => {
  const name = 'engine-web-api';
  let dispose = (): void => undefined;
  let stack: Awaited<ReturnType<typeof engineStack>>['stack'];

  beforeAll(async () => {
    ({ stack, dispose } = await engineStack(env, 'engine-hardened', hardenedProgram(name)));
  });
  afterAll(async () => {
    await stack.destroy().catch(() => undefined);
    dispose();
  });

  it('creates the Deployment, and the API server holds the hardened posture field by field', async () => {
    const up = await stack.up({ onOutput: (line) => process.stdout.write(line) });
    expect(up.summary.result).toBe('succeeded');
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 });

    const stored = await api.get(deploymentPath(name));
    expect(stored).toBeDefined();
    const pod = at(stored, 'spec', 'template', 'spec') as Json;
    expect(at(pod, 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(at(pod, 'securityContext', 'seccompProfile', 'type')).toBe('RuntimeDefault');
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) expect(pod[field]).toBeUndefined();
    const containers = pod.containers as Json[];
    expect(containers).toHaveLength(1);
    for (const container of containers) {
      const sc = container.securityContext as Json;
      expect(sc.allowPrivilegeEscalation).toBe(false);
      expect(sc.readOnlyRootFilesystem).toBe(true);
      expect(sc.privileged).not.toBe(true);
      expect(at(sc, 'capabilities', 'drop')).toEqual(['ALL']);
      expect(at(sc, 'capabilities', 'add')).toBeUndefined();
    }
    // And the project's own audit of what the API server stored: no error at the hardened level.
    const report = auditDocuments([stored], { level: 'hardened', source: 'api-server' });
    expect(report.summary.errors).toBe(0);
  });

  it('previews no change afterwards', async () => {
    const preview = await stack.preview();
    const changes = Object.entries(preview.changeSummary).filter(([op, n]) => op !== 'same' && n > 0);
    expect(changes).toEqual([]);
  });

  it("passes pulumi preview --policy-pack with the project's CrossGuard pack", async () => {
    const preview = await stack.preview({ policyPacks: [policyPack] });
    expect(preview.stdout).toContain('hardened-workloads');
  });

  it('destroys, leaving nothing in the API server', async () => {
    const destroyed = await stack.destroy();
    expect(destroyed.summary.result).toBe('succeeded');
    expect(await api.get(deploymentPath(name))).toBeUndefined();
  });
});

describe('an engine-side transform that weakens the hardened child (registerResourceTransform)', () => {
  // The component cannot see a transform the engine applies after the registration (src/pulumi/internal/
  // child-guard.ts); the CrossGuard pack, run in the same `pulumi up`, judges what the engine finally holds.
  const name = 'engine-transformed';

  it('is refused before anything insecure exists in the API server', async () => {
    const weakened = hardenedProgram(name);
    const { stack, dispose } = await engineStack(env, 'engine-transform', async () => {
      // Runs in the engine after the component handed its child over: the component cannot see it.
      pulumi.runtime.registerResourceTransform((args) => {
        if (args.type !== 'kubernetes:apps/v1:Deployment') return undefined;
        const props = JSON.parse(JSON.stringify(args.props)) as Json;
        const containers = at(props, 'spec', 'template', 'spec', 'containers') as Json[];
        for (const c of containers) c.securityContext = { ...(c.securityContext as Json), privileged: true };
        return { props, opts: args.opts };
      });
      await weakened();
    });
    try {
      let error: unknown;
      try {
        await stack.up({ policyPacks: [policyPack] });
      } catch (e) {
        error = e;
      }
      const stored = await api.get(deploymentPath(name));
      const privileged = (
        (at(stored, 'spec', 'template', 'spec', 'containers') as Json[] | undefined) ?? []
      ).some((c) => at(c, 'securityContext', 'privileged') === true);
      expect(String(error)).toMatch(/mandatory policy violation|privileged/i);
      expect({ refused: error !== undefined, privilegedInCluster: privileged }).toEqual({
        refused: true,
        privilegedInCluster: false,
      });
    } finally {
      await stack.destroy().catch(() => undefined);
      dispose();
    }
  });
});
