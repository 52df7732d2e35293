/**
 * A justification record is honoured only where it was validated: on the workload a hardened
 * component registered from exemptions it checked. The same record written by hand on a raw
 * resource (or on a resource parented on a component that did not register it) justifies nothing.
 * Resources are built under Pulumi's mocks and shown to the policies as CrossGuard shows them:
 * the inputs the engine received, the URN and the parent's URN.
 */
import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import type { ResourceValidationArgs, ResourceValidationPolicy } from '@pulumi/policy';
import type * as pulumi from '@pulumi/pulumi';
import { JUSTIFICATIONS_ANNOTATION } from 'hardened-workloads';
import { HardenedContainer } from 'hardened-workloads/pulumi/docker';
import {
  HardenedCronJob,
  HardenedDaemonSet,
  HardenedDeployment,
  HardenedJob,
  HardenedStatefulSet,
} from 'hardened-workloads/pulumi/kubernetes';
import { RAW_RESOURCE_JUSTIFICATIONS_POLICY, hardenedPolicies } from 'hardened-workloads/pulumi/policy';
import { HARDENED_COMPONENT_CHILD_TYPES } from '../../../src/pulumi/internal/justification-provenance';
import { APPROVED } from '../justifications';
import type { MockRecorder } from '../pulumi-mocks';
import { installMocks, settle, valueOf } from '../pulumi-mocks';

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks();
});

const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';
const CONTAINER = 'docker:index/container:Container';
const STACK = 'urn:pulumi:stack::project::pulumi:pulumi:Stack::project-stack';
const resources = { limits: { cpu: '500m', memory: '256Mi' } };
const api = { name: 'api', image: 'registry.example.com/team/api:1.4.2', resources };
const NOT_HONOURED = `the ${JUSTIFICATIONS_ANNOTATION} record for privileged (container "api") is not honoured`;

type Inputs = Record<string, unknown>;

/** What CrossGuard hands a policy for a resource: its engine inputs, URN and parent URN. */
async function asCrossGuardSees(
  resource: pulumi.CustomResource,
  type: string,
  name: string,
  parent?: pulumi.Resource,
): Promise<ResourceValidationArgs> {
  await settle();
  return {
    type,
    name,
    props: mocks.get(type, name).inputs,
    urn: await valueOf(resource.urn),
    opts: { parent: parent === undefined ? STACK : await valueOf(parent.urn) },
  } as ResourceValidationArgs;
}

/** Every report of every policy, as `policy: message`. */
function reports(policies: readonly ResourceValidationPolicy[], args: ResourceValidationArgs): string[] {
  const found: string[] = [];
  for (const policy of policies) {
    const validate = policy.validateResource;
    for (const validation of Array.isArray(validate) ? validate : validate ? [validate] : []) {
      void validation(args, (message) => found.push(`${policy.name}: ${message}`));
    }
  }
  return found;
}

const mandatory = hardenedPolicies().filter((p) => p.enforcementLevel === 'mandatory');
const anyResource = hardenedPolicies({ justifications: 'any-resource' });

/** A copy of what the engine received, for a raw resource written by hand with the same record. */
function copied(inputs: Inputs): Inputs {
  const copy = JSON.parse(JSON.stringify(inputs)) as Inputs;
  delete copy.apiVersion;
  delete copy.kind;
  return copy;
}
const asDeploymentArgs = (inputs: Inputs) => inputs as unknown as k8s.apps.v1.DeploymentArgs;
const asContainerArgs = (inputs: Inputs) => inputs as unknown as docker.ContainerArgs;

describe('Kubernetes', () => {
  const exemptions = [{ kind: 'privileged' as const, justification: APPROVED }];

  test('the Deployment a HardenedDeployment registered with a validated privileged exemption passes', async () => {
    const component = new HardenedDeployment('k8s-ok', { containers: [{ ...api, exemptions }] });
    const args = await asCrossGuardSees(component.deployment, DEPLOYMENT, 'k8s-ok', component);
    const annotations = (args.props.metadata as { annotations: Record<string, string> }).annotations;
    expect(annotations[JUSTIFICATIONS_ANNOTATION]).toContain('"exemption":"privileged"');
    expect(reports(mandatory, args)).toEqual([]);
    expect(reports(anyResource, args)).toEqual([]);
  });

  test('a raw Deployment with the same record, written by hand, is a privileged violation naming the record', async () => {
    new HardenedDeployment('k8s-source', { containers: [{ ...api, exemptions }] });
    await settle();
    const raw = new k8s.apps.v1.Deployment(
      'k8s-raw',
      asDeploymentArgs(copied(mocks.get(DEPLOYMENT, 'k8s-source').inputs)),
    );
    const found = reports(mandatory, await asCrossGuardSees(raw, DEPLOYMENT, 'k8s-raw'));
    const privileged = found.filter((m) => m.startsWith('privileged: '));
    expect(privileged).toEqual([
      expect.stringContaining(
        `container "api" must not set securityContext.privileged=true; ${NOT_HONOURED}: ${DEPLOYMENT} "k8s-raw" is not registered by a hardened-workloads component (its parent is the stack), so no component validated the record`,
      ),
    ]);
    expect(privileged[0]).toContain('Declare the exemption in the "exemptions" of a HardenedDeployment');
    expect(privileged[0]).toContain("justifications: 'any-resource'");
    // Only the record is taken back: no message still calls the violation justified.
    expect(found.join('\n')).not.toMatch(/; justified \(/);
  });

  test("justifications: 'any-resource' honours the hand-written record and lists it for review", async () => {
    new HardenedDeployment('k8s-optin-source', { containers: [{ ...api, exemptions }] });
    await settle();
    const raw = new k8s.apps.v1.Deployment(
      'k8s-optin',
      asDeploymentArgs(copied(mocks.get(DEPLOYMENT, 'k8s-optin-source').inputs)),
    );
    const found = reports(anyResource, await asCrossGuardSees(raw, DEPLOYMENT, 'k8s-optin'));
    expect(found.filter((m) => m.startsWith('privileged: '))).toEqual([]);
    expect(found).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${RAW_RESOURCE_JUSTIFICATIONS_POLICY}: rule privileged at spec\\.template\\.spec\\.containers\\[0\\]\\.securityContext\\.privileged is justified by a record written on the resource itself.*approved by security-team`,
        ),
      ),
    );
  });

  test('a raw workload parented on a component is refused by the component, and not honoured by CrossGuard', async () => {
    const component = new HardenedDeployment('k8s-host', { containers: [{ ...api, exemptions }] });
    await settle();
    const inputs = copied(mocks.get(DEPLOYMENT, 'k8s-host').inputs);
    const guest = asDeploymentArgs(inputs);
    expect(() => new k8s.apps.v1.Deployment('k8s-guest', guest, { parent: component })).toThrow(
      /cannot be a child of the hardened component/,
    );
    // Where the program's guard does not run (engine-side transforms, another program), CrossGuard
    // still tells the component's own workload from a guest.
    const parent = await valueOf(component.urn);
    const under = (type: string, name: string) =>
      ({
        type,
        name,
        props: inputs,
        urn: `urn:pulumi:stack::project::${HardenedDeployment.TYPE}$${type}::${name}`,
        opts: { parent },
      }) as ResourceValidationArgs;
    const privileged = (args: ResourceValidationArgs) =>
      reports(mandatory, args).filter((m) => m.startsWith('privileged: '));
    expect(privileged(under(DEPLOYMENT, 'k8s-guest'))).toEqual([
      expect.stringContaining(
        `${NOT_HONOURED}: ${DEPLOYMENT} "k8s-guest" is parented on a HardenedDeployment but is not the ${DEPLOYMENT} that component registers under its own name`,
      ),
    ]);
    expect(privileged(under('kubernetes:apps/v1:ReplicaSet', 'k8s-host'))).toEqual([
      expect.stringContaining(NOT_HONOURED),
    ]);
    // A URN that does not follow from the parent it claims.
    const claimed: ResourceValidationArgs = {
      ...under(DEPLOYMENT, 'k8s-host'),
      urn: `urn:pulumi:stack::project::${DEPLOYMENT}::k8s-host`,
    };
    expect(privileged(claimed)).toEqual([expect.stringContaining(NOT_HONOURED)]);
    // The component's own workload, described the same way, is honoured.
    expect(privileged(under(DEPLOYMENT, 'k8s-host'))).toEqual([]);
  });
});

describe('Docker', () => {
  const exemptions = [{ kind: 'privileged' as const, justification: APPROVED }];
  const image = 'registry.example.com/team/api:1.4.2';

  test('the container a HardenedContainer registered with a validated privileged exemption passes', async () => {
    const component = new HardenedContainer('api', { image, exemptions });
    const args = await asCrossGuardSees(component.container, CONTAINER, 'api', component);
    expect(args.props.privileged).toBe(true);
    expect(reports(mandatory, args)).toEqual([]);
  });

  test('a raw docker.Container with the same label, written by hand, is a privileged violation naming the record', async () => {
    new HardenedContainer('docker-source', { image, exemptions });
    await settle();
    const raw = new docker.Container(
      'docker-raw',
      asContainerArgs(copied(mocks.get(CONTAINER, 'docker-source').inputs)),
    );
    const found = reports(mandatory, await asCrossGuardSees(raw, CONTAINER, 'docker-raw'));
    const privileged = found.filter((m) => m.startsWith('privileged: '));
    expect(privileged).toEqual([
      expect.stringContaining(
        `${JUSTIFICATIONS_ANNOTATION} record for privileged (container "docker-source") is not honoured: ${CONTAINER} "docker-raw" is not registered by a hardened-workloads component (its parent is the stack)`,
      ),
    ]);
    expect(privileged[0]).toContain('"exemptions" of a HardenedContainer');
  });

  test("justifications: 'any-resource' honours the hand-written label and lists it", async () => {
    new HardenedContainer('docker-optin-source', { image, exemptions });
    await settle();
    const raw = new docker.Container(
      'docker-optin',
      asContainerArgs(copied(mocks.get(CONTAINER, 'docker-optin-source').inputs)),
    );
    const found = reports(anyResource, await asCrossGuardSees(raw, CONTAINER, 'docker-optin'));
    expect(found.filter((m) => m.startsWith('privileged: '))).toEqual([]);
    expect(found).toContainEqual(
      expect.stringMatching(new RegExp(`^${RAW_RESOURCE_JUSTIFICATIONS_POLICY}: rule privileged at `)),
    );
  });

  test('a raw container parented on a HardenedContainer is refused by it, and not honoured by CrossGuard', async () => {
    const component = new HardenedContainer('docker-host', { image, exemptions });
    await settle();
    const inputs = copied(mocks.get(CONTAINER, 'docker-host').inputs);
    expect(
      () =>
        new docker.Container('docker-guest', asContainerArgs(inputs), {
          parent: component,
        }),
    ).toThrow(/cannot be a child of the hardened component/);
    const args = {
      type: CONTAINER,
      name: 'docker-guest',
      props: inputs,
      urn: `urn:pulumi:stack::project::${HardenedContainer.TYPE}$${CONTAINER}::docker-guest`,
      opts: { parent: await valueOf(component.urn) },
    } as ResourceValidationArgs;
    expect(reports(mandatory, args).filter((m) => m.startsWith('privileged: '))).toEqual([
      expect.stringContaining('is parented on a HardenedContainer but is not the'),
    ]);
  });
});

test('every hardened component registers, under its own name, the child type the policies honour', async () => {
  const worker = { ...api, name: 'worker' };
  const built: [string, pulumi.ComponentResource][] = [
    [HardenedDeployment.TYPE, new HardenedDeployment('kind-deployment', { containers: [worker] })],
    [HardenedStatefulSet.TYPE, new HardenedStatefulSet('kind-statefulset', { containers: [worker] })],
    [HardenedDaemonSet.TYPE, new HardenedDaemonSet('kind-daemonset', { containers: [worker] })],
    [HardenedJob.TYPE, new HardenedJob('kind-job', { containers: [worker] })],
    [
      HardenedCronJob.TYPE,
      new HardenedCronJob('kind-cronjob', { containers: [worker], schedule: '0 3 * * *' }),
    ],
    [HardenedContainer.TYPE, new HardenedContainer('kind-container', { image: api.image })],
  ];
  expect(built.map(([type]) => type).sort()).toEqual(Object.keys(HARDENED_COMPONENT_CHILD_TYPES).sort());
  await settle();
  for (const [type, component] of built) {
    const name = await valueOf(component.urn).then((urn) => urn.split('::').pop()!);
    const childType = HARDENED_COMPONENT_CHILD_TYPES[type]!;
    expect(mocks.ofType(childType).filter((r) => r.name === name)).toHaveLength(1);
  }
});

test('an unknown justifications option is refused, never read as the permissive one', () => {
  const options = { justifications: 'all' } as unknown as Parameters<typeof hardenedPolicies>[0];
  expect(() => hardenedPolicies(options)).toThrow(
    /hardenedPolicies options: justifications must be 'hardened-components' or 'any-resource', not "all"/,
  );
});

test("a component's workload nested in the program's own component is still its own (the engine's URN chain)", async () => {
  new HardenedDeployment('k8s-nested', {
    containers: [{ ...api, exemptions: [{ kind: 'privileged', justification: APPROVED }] }],
  });
  await settle();
  const props = mocks.get(DEPLOYMENT, 'k8s-nested').inputs;
  // The engine prefixes a child's type with its parent's whole type chain.
  const chain = `my:app:Service$${HardenedDeployment.TYPE}`;
  const at = (urnChain: string, parentChain: string) =>
    ({
      type: DEPLOYMENT,
      name: 'k8s-nested',
      props,
      urn: `urn:pulumi:stack::project::${urnChain}::k8s-nested`,
      opts: { parent: `urn:pulumi:stack::project::${parentChain}::k8s-nested` },
    }) as ResourceValidationArgs;
  const privileged = (args: ResourceValidationArgs) =>
    reports(mandatory, args).filter((m) => m.startsWith('privileged: '));
  expect(privileged(at(`${chain}$${DEPLOYMENT}`, chain))).toEqual([]);
  // The program's own component is no hardened component, whatever it wraps.
  expect(privileged(at(`my:app:Service$${DEPLOYMENT}`, 'my:app:Service'))).toEqual([
    expect.stringContaining('(its parent is my:app:Service)'),
  ]);
});
