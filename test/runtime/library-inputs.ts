/**
 * Library sources for the runtime cases: what the library itself generates for a workload, in the
 * shape each runner takes (inputs.ts assigns them to the cases).
 *
 * - Docker: the `docker.Container` inputs that the Pulumi `HardenedContainer` registers, captured
 *   with Pulumi mocks (as `pulumi up` would send them to the provider).
 * - Compose: `renderComposeService` of the same component's settings.
 * - Kubernetes: the manifest that a cdk8s `HardenedDeployment` synthesizes.
 */
import * as pulumi from '@pulumi/pulumi';
import { Chart, Testing } from 'cdk8s';
import { stringify as stringifyYaml } from 'yaml';
import type { Exemption } from 'hardened-workloads';
import { renderComposeService } from 'hardened-workloads';
import type { HardenedDeploymentProps } from 'hardened-workloads/cdk8s';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';
import type { HardenedContainerArgs } from 'hardened-workloads/pulumi/docker';
import { HardenedContainer, hardenedContainerArgs } from 'hardened-workloads/pulumi/docker';
import type { PlainContainerArgs } from './docker-run-args';
import { captureComponentWarnings } from '../pulumi/component-warnings';
import { fromLibrary, type InputSource } from './input-source';
import { editPodSpec, type Json } from './runners';

const CONTAINER_TYPE = 'docker:index/container:Container';

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}
const registered: Registered[] = [];
let mocksInstalled: Promise<void> | undefined;

/** The components' warnings while building the lab's inputs, kept instead of printed. */
export const componentWarnings: string[] = [];

function installMocks(): Promise<void> {
  if (mocksInstalled === undefined) captureComponentWarnings(componentWarnings);
  mocksInstalled ??= pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
      },
      call(args) {
        return args.inputs as Record<string, unknown>;
      },
    },
    'runtime-proof',
    'lab',
    false,
  );
  return mocksInstalled;
}

/**
 * The `docker.Container` inputs that `new HardenedContainer(name, args)` registers under Pulumi
 * mocks (plain, resolved values: what the provider receives).
 */
export async function containerArgsFromHardenedContainer(
  name: string,
  args: HardenedContainerArgs,
): Promise<PlainContainerArgs> {
  await installMocks();
  new HardenedContainer(name, args);
  for (let i = 0; i < 50; i++) {
    const found = registered.find((r) => r.type === CONTAINER_TYPE && r.name === name);
    if (found !== undefined) return found.inputs as PlainContainerArgs;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`HardenedContainer "${name}" registered no ${CONTAINER_TYPE}`);
}

/** A Compose file with one service, `renderComposeService` of the HardenedContainer settings. */
export function composeFromHardenedContainer(
  name: string,
  args: HardenedContainerArgs,
): { readonly yaml: string; readonly service: string } {
  const { settings } = hardenedContainerArgs(name, args);
  return { yaml: stringifyYaml({ services: { [name]: renderComposeService(settings) } }), service: name };
}

/** The manifest a cdk8s `HardenedDeployment` synthesizes, as YAML. */
export function manifestFromHardenedDeployment(id: string, props: HardenedDeploymentProps): string {
  const chart: Chart = Testing.chart();
  new HardenedDeployment(chart, id, props);
  return Testing.synth(chart)
    .map((doc) => stringifyYaml(doc))
    .join('---\n');
}

const IMAGE = 'registry.example.com/team/api:1.4.2';
/**
 * Kubernetes: /tmp backed by memory (tmpfs), as Docker always backs it, so that the medium, which
 * `podman kube play` ignores, has a value for the static check to verify.
 */
const KUBE_TMP = { path: '/tmp', medium: 'Memory' } as const;
const NET_BIND: Exemption = {
  kind: 'capability',
  capability: 'NET_BIND_SERVICE',
  justification: { reason: 'serves plain HTTP on port 80 for the legacy load balancer health check' },
};

/** A manifest with `capabilities.add: [NET_BIND_SERVICE]` added to each container. */
function withNetBindAddBack(yaml: string): string {
  return editPodSpec(yaml, (spec) => {
    for (const c of Array.isArray(spec.containers) ? (spec.containers as Json[]) : []) {
      const sc = (c.securityContext ?? {}) as Json;
      sc.capabilities = { ...(sc.capabilities as Json | undefined), add: ['NET_BIND_SERVICE'] };
      c.securityContext = sc;
    }
  });
}

/**
 * The library's output for each runtime case: one workload with the default posture, the
 * NET_BIND_SERVICE add-back (which the components and constructs now refuse for uid 10001 as a no-op,
 * so it is taken from the pure renderer or added to the synthesized manifest), and the working
 * alternative, `unprivilegedPortStart: 80`.
 */
export const LIBRARY_INPUTS = {
  dockerHardened: fromLibrary('HardenedContainer (Pulumi, under mocks)', () =>
    containerArgsFromHardenedContainer('api', { image: IMAGE, writablePaths: ['/tmp'] }),
  ),
  dockerNetBind: fromLibrary(
    'hardenedContainerArgs with a justified NET_BIND_SERVICE exemption (the pure rendering; the HardenedContainer ' +
      'component refuses it for uid 10001: capability-add-back-ineffective)',
    () =>
      Promise.resolve(
        hardenedContainerArgs('web', { image: IMAGE, writablePaths: ['/tmp'], exemptions: [NET_BIND] })
          .containerArgs as PlainContainerArgs,
      ),
  ),
  dockerPortStart: fromLibrary('HardenedContainer with unprivilegedPortStart: 80 (Pulumi, under mocks)', () =>
    containerArgsFromHardenedContainer('web80', {
      image: IMAGE,
      writablePaths: ['/tmp'],
      unprivilegedPortStart: 80,
    }),
  ),
  composeHardened: fromLibrary('renderComposeService of HardenedContainer settings', () =>
    Promise.resolve(composeFromHardenedContainer('api', { image: IMAGE, writablePaths: ['/tmp'] })),
  ),
  kubeHardened: fromLibrary('cdk8s HardenedDeployment synth', () =>
    Promise.resolve(
      manifestFromHardenedDeployment('api', {
        containers: [{ name: 'api', image: IMAGE, writablePaths: [KUBE_TMP] }],
      }),
    ),
  ),
  kubeNetBind: fromLibrary(
    'cdk8s HardenedDeployment synth, with capabilities.add NET_BIND_SERVICE added (the construct refuses a ' +
      'justified add-back for uid 10001 as a no-op)',
    () =>
      Promise.resolve(
        withNetBindAddBack(
          manifestFromHardenedDeployment('web', {
            containers: [{ name: 'web', image: IMAGE, writablePaths: [KUBE_TMP] }],
          }),
        ),
      ),
  ),
  kubePortStart: fromLibrary('cdk8s HardenedDeployment synth with unprivilegedPortStart: 80', () =>
    Promise.resolve(
      manifestFromHardenedDeployment('web80', {
        unprivilegedPortStart: 80,
        containers: [{ name: 'web', image: IMAGE, writablePaths: [KUBE_TMP] }],
      }),
    ),
  ),
} satisfies { readonly [K in string]: InputSource<unknown> };
