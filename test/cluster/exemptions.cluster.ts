/**
 * Issue 21 items 4–6 on the real API server: exemptions the cluster owns, on the server's own clock; a
 * rollout that blocks nothing; the debug path through pods/ephemeralcontainers.
 */
import type { AdmissionPolicyOptions } from '../../src/admission';
import {
  admissionExemptionsOfManifests,
  admissionPolicy,
  exemptionsConfigMap,
  WORKLOAD_LABEL,
} from '../../src/admission';
import type { KubeResponse } from './kube';
import { admitted, Kube, message } from './kube';

const TIER_LABEL = 'hardened-workloads.io/cluster-tier';
const PLATFORM = 'platform';
const kube = Kube.connect();

/** A namespace bound to its own hardened policy set (named after it). */
async function boundNamespace(name: string, options: AdmissionPolicyOptions = {}): Promise<void> {
  await kube.namespace(name, { [TIER_LABEL]: name });
  for (const object of admissionPolicy({
    level: 'hardened',
    name,
    namespaceSelector: { matchLabels: { [TIER_LABEL]: name } },
    ...options,
  }).objects) {
    const metadata = object.metadata as Record<string, unknown>;
    await kube.must(undefined, {
      ...object,
      metadata: { ...metadata, labels: { [TIER_LABEL]: 'exemptions' } },
    });
  }
}

/** Waits until the binding of `namespace` judges requests (its informer has synced). */
async function live(namespace: string, probe: Record<string, unknown>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (admitted(await kube.create(namespace, probe, true))) {
    if (Date.now() > deadline) throw new Error(`the policy of ${namespace} did not take effect in 60 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const COMPLIANT_CONTAINER = {
  image: 'registry.example.com/agent:1.2.3',
  resources: { limits: { cpu: '1', memory: '256Mi' } },
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  },
};

/** A pod spec meeting the hardened level but for what `extra` adds. */
function podSpec(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [{ name: 'agent', ...COMPLIANT_CONTAINER }],
    ...extra,
  };
}

/** A Deployment whose template needs `extra`, justified by `records` (expiring at `expires`). */
function justifiedDeployment(
  name: string,
  namespace: string,
  extra: Record<string, unknown>,
  records: Record<string, string>[],
): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      annotations: { 'hardened-workloads.io/justifications': JSON.stringify(records) },
    },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, [WORKLOAD_LABEL]: `Deployment.${name}` } },
        spec: podSpec(extra),
      },
    },
  };
}

function record(fields: Record<string, string>): Record<string, string> {
  return { reason: 'the agent manages the host network stack', approvedBy: 'security-team', ...fields };
}

/** The rule a Deny refusal names (`... denied request: <rule>: ...`). */
function refusedRule(response: KubeResponse): string | undefined {
  return /denied request: ([a-z0-9-]+): /.exec(message(response))?.[1];
}

/** The pod a ReplicaSet controller would create from a template (the test is the controller). */
function podFromTemplate(name: string, template: Record<string, unknown>): Record<string, unknown> {
  const metadata = template.metadata as Record<string, unknown>;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, name }, spec: template.spec };
}

const privilegedProbe = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'probe' },
  spec: podSpec({
    containers: [{ name: 'agent', ...COMPLIANT_CONTAINER, securityContext: { privileged: true } }],
  }),
};

beforeAll(async () => {
  await kube.namespace(PLATFORM);
});
afterAll(async () => {
  await kube.send(
    'DELETE',
    `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings?labelSelector=${TIER_LABEL}%3Dexemptions`,
  );
  await kube.send(
    'DELETE',
    `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies?labelSelector=${TIER_LABEL}%3Dexemptions`,
  );
  kube.close();
});

describe('exemptions the cluster owns, on the server’s clock', () => {
  const NS = 'exempt-apps';
  const CONFIGMAP = 'apps-exemptions';
  // The entry expires during the test: long enough to create the workload and its pods first.
  const expiresAt = new Date(Date.now() + 45_000);
  const deployment = justifiedDeployment('net-agent', NS, { hostNetwork: true }, [
    record({ exemption: 'hostNetwork', expires: expiresAt.toISOString() }),
  ]);
  const template = (deployment.spec as Record<string, unknown>).template as Record<string, unknown>;

  beforeAll(async () => {
    const exemptions = admissionExemptionsOfManifests([deployment], { level: 'hardened', now: new Date() });
    const keys = exemptions.entries.map((e) => e.key).join(', ');
    if (exemptions.problems.length > 0 || keys !== `${NS}.Deployment_dnet-agent.host-namespaces.hostNetwork`)
      throw new Error(`unexpected entries: ${keys}; problems: ${exemptions.problems.join('; ')}`);
    await kube.must(PLATFORM, exemptionsConfigMap(exemptions, { namespace: PLATFORM, name: CONFIGMAP }));
    await boundNamespace(NS, { exemptions: { namespace: PLATFORM, name: CONFIGMAP } });
    await live(NS, privilegedProbe);
  });

  it('admits the justified Deployment, its ReplicaSet and its pod (created as the controllers would)', async () => {
    const created = await kube.create(NS, deployment);
    expect(message(created)).toBe(JSON.stringify(created.body));
    expect(created.status).toBe(201);
    const owner = created.body.metadata as { name: string; uid: string };
    const replicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'net-agent-1',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: owner.name, uid: owner.uid, controller: true },
        ],
      },
      spec: { selector: (deployment.spec as Record<string, unknown>).selector, template },
    };
    expect((await kube.create(NS, replicaSet)).status).toBe(201);
    expect((await kube.create(NS, podFromTemplate('net-agent-1-abcde', template))).status).toBe(201);
  });

  it('gives a forged label only the exempted rule and subject', async () => {
    const labels = (template.metadata as { labels: Record<string, string> }).labels;
    const forgedPrivileged = podFromTemplate('forged-privileged', {
      metadata: { labels },
      spec: podSpec({
        hostNetwork: true,
        containers: [
          {
            name: 'agent',
            ...COMPLIANT_CONTAINER,
            // The API server refuses privileged with allowPrivilegeEscalation false as invalid: not set here.
            securityContext: {
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
              privileged: true,
            },
          },
        ],
      }),
    });
    const privileged = await kube.create(NS, forgedPrivileged, true);
    expect(refusedRule(privileged)).toBe('privileged');
    const hostPid = await kube.create(
      NS,
      podFromTemplate('forged-hostpid', { metadata: { labels }, spec: podSpec({ hostPID: true }) }),
      true,
    );
    expect(refusedRule(hostPid)).toBe('host-namespaces');
    expect(message(hostPid)).toMatch(/hostPID/);
    const otherWorkload = await kube.create(
      NS,
      podFromTemplate('other', {
        metadata: { labels: { [WORKLOAD_LABEL]: 'Deployment.other' } },
        spec: podSpec({ hostNetwork: true }),
      }),
      true,
    );
    expect(refusedRule(otherWorkload)).toBe('host-namespaces');
  });

  it('admits the debug path: a posture-meeting ephemeral container through pods/ephemeralcontainers', async () => {
    const path = `/api/v1/namespaces/${NS}/pods/net-agent-1-abcde`;
    const pod = (await kube.send('GET', path)).body as { spec: Record<string, unknown> };
    const debug = {
      ...pod,
      spec: {
        ...pod.spec,
        ephemeralContainers: [
          {
            name: 'debugger',
            image: 'registry.example.com/debug:1.0.0',
            stdin: true,
            tty: true,
            securityContext: { ...COMPLIANT_CONTAINER.securityContext, runAsNonRoot: true },
          },
        ],
      },
    };
    const response = await kube.send('PUT', `${path}/ephemeralcontainers`, debug);
    expect(message(response)).toBe(JSON.stringify(response.body));
    expect(response.status).toBe(200);
    const privileged = await kube.send('PUT', `${path}/ephemeralcontainers?dryRun=All`, {
      ...response.body,
      spec: {
        ...pod.spec,
        ephemeralContainers: [
          ...((response.body.spec as { ephemeralContainers?: unknown[] }).ephemeralContainers ?? []),
          {
            name: 'root-debugger',
            image: 'registry.example.com/debug:1.0.0',
            securityContext: { privileged: true },
          },
        ],
      },
    });
    expect(refusedRule(privileged)).toBe('privileged');
  });

  it('admits nothing once the entry expired: CREATE and UPDATE (the Deployment, an ephemeral container)', async () => {
    const wait = expiresAt.getTime() - Date.now() + 1500;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const create = await kube.create(NS, podFromTemplate('net-agent-1-late', template), true);
    expect(refusedRule(create)).toBe('host-namespaces');
    // UPDATE keeps creationTimestamp: the clock is the managedFields time the server stamps on this write.
    const path = `/apis/apps/v1/namespaces/${NS}/deployments/net-agent`;
    const current = (await kube.send('GET', path)).body as {
      spec: { template: { metadata: Record<string, unknown> } };
    };
    current.spec.template.metadata = {
      ...current.spec.template.metadata,
      annotations: { restartedAt: new Date().toISOString() },
    };
    const update = await kube.send('PUT', `${path}?dryRun=All`, current);
    expect(refusedRule(update)).toBe('host-namespaces');
    const podPath = `/api/v1/namespaces/${NS}/pods/net-agent-1-abcde`;
    const pod = (await kube.send('GET', podPath)).body as { spec: { ephemeralContainers?: unknown[] } };
    const debug = await kube.send('PUT', `${podPath}/ephemeralcontainers?dryRun=All`, {
      ...pod,
      spec: {
        ...pod.spec,
        ephemeralContainers: [
          ...(pod.spec.ephemeralContainers ?? []),
          {
            name: 'late-debugger',
            image: 'registry.example.com/debug:1.0.0',
            securityContext: { ...COMPLIANT_CONTAINER.securityContext, runAsNonRoot: true },
          },
        ],
      },
    });
    expect(refusedRule(debug)).toBe('host-namespaces');
  });
});

describe('entries that cannot be forged', () => {
  const NS = 'exempt-keys';
  const CONFIGMAP = 'keys-exemptions';

  beforeAll(async () => {
    // A hostPath whose name spells another rule's key in the first key format.
    const web = justifiedDeployment(
      'web',
      NS,
      { volumes: [{ name: 'data', hostPath: { path: '/srv/x.host-namespaces.hostPID' } }] },
      [
        record({
          exemption: 'hostPath',
          subject: '/srv/x.host-namespaces.hostPID',
          container: 'agent',
          expires: '2099-12-31',
        }),
      ],
    );
    const exemptions = admissionExemptionsOfManifests([web], { level: 'hardened', now: new Date() });
    if (exemptions.problems.length > 0 || exemptions.entries.length === 0)
      throw new Error(`no entry for the hostPath: ${exemptions.problems.join('; ')}`);
    const configMap = exemptionsConfigMap(exemptions, { namespace: PLATFORM, name: CONFIGMAP });
    // And a hand-written entry with a date, not an RFC 3339 time.
    (configMap.data as Record<string, string>)[`${NS}.Deployment_dhand.host-namespaces.hostNetwork`] =
      '2099-12-31';
    await kube.must(PLATFORM, configMap);
    await boundNamespace(NS, { exemptions: { namespace: PLATFORM, name: CONFIGMAP } });
    await live(NS, privilegedProbe);
  });

  it('a label spelling the hostPath entry does not grant hostPID', async () => {
    for (const entry of [
      'Deployment.web.restricted-volumes._ssrv_sx',
      'Deployment.web.host-path-volumes._ssrv_sx',
    ]) {
      const response = await kube.create(
        NS,
        podFromTemplate('forged', {
          metadata: { labels: { [WORKLOAD_LABEL]: entry } },
          spec: podSpec({ hostPID: true }),
        }),
        true,
      );
      expect(refusedRule(response)).toBe('host-namespaces');
    }
  });

  it('a hand-written date admits nothing (fails closed, no expression error)', async () => {
    const response = await kube.create(
      NS,
      podFromTemplate('hand', {
        metadata: { labels: { [WORKLOAD_LABEL]: 'Deployment.hand' } },
        spec: podSpec({ hostNetwork: true }),
      }),
      true,
    );
    expect(refusedRule(response)).toBe('host-namespaces');
  });
});

describe('a rollout that does what the README says', () => {
  it('an Audit binding blocks nothing before the exemptions ConfigMap exists; a Deny binding refuses', async () => {
    await boundNamespace('rollout-audit', {
      validationActions: ['Audit'],
      exemptions: { namespace: PLATFORM, name: 'not-yet' },
    });
    await boundNamespace('rollout-warn', {
      validationActions: ['Warn'],
      exemptions: { namespace: PLATFORM, name: 'not-yet' },
    });
    await boundNamespace('rollout-deny', { exemptions: { namespace: PLATFORM, name: 'not-yet' } });
    await live('rollout-deny', privilegedProbe);
    expect(message(await kube.create('rollout-deny', privilegedProbe, true))).toMatch(/not-yet|param/i);
    for (const namespace of ['rollout-audit', 'rollout-warn']) {
      const response = await kube.create(namespace, privilegedProbe, true);
      expect(message(response)).toBe(JSON.stringify(response.body));
      expect(response.status).toBe(201);
    }
  });

  it('a Warn binding warns naming the rule, and admits', async () => {
    await boundNamespace('rollout-warn-plain', { validationActions: ['Warn'] });
    const deadline = Date.now() + 60_000;
    let response = await kube.create('rollout-warn-plain', privilegedProbe, true);
    while (response.warnings.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      response = await kube.create('rollout-warn-plain', privilegedProbe, true);
    }
    expect(response.status).toBe(201);
    expect(response.warnings.join('\n')).toMatch(/: privileged: /);
  });
});

describe('cost', () => {
  it('a privileged container behind compliant ones, padded to the request-size limit, is never admitted under Fail', async () => {
    await boundNamespace('cost-fail');
    await live('cost-fail', privilegedProbe);
    const containers: Record<string, unknown>[] = [];
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'padded' },
      spec: podSpec({ containers }),
    };
    // The API server's request limit is 3 MiB: stay just under it, so admission (not the HTTP layer) judges.
    const container = (i: number) => ({ name: `c${i}`, ...COMPLIANT_CONTAINER });
    const each = JSON.stringify(container(100000)).length + 1;
    const count = Math.floor((3 * 1024 * 1024 - JSON.stringify(pod).length - 4096) / each);
    // Compliant padding, then the one container that breaks the posture: whether the server finishes the
    // expressions within its cost budget (a denial naming the rule) or not (an error, which Fail turns into a
    // denial, or a timeout), the pod must not be admitted. A compliant pod this size may be admitted: that is right.
    for (let i = 0; i < count - 1; i++) containers.push(container(i));
    containers.push({
      ...container(count),
      securityContext: {
        ...COMPLIANT_CONTAINER.securityContext,
        allowPrivilegeEscalation: true,
        privileged: true,
      },
    });
    const response = await kube.create('cost-fail', pod, true);
    console.log(
      `cluster: a pod of ${count} containers, the last privileged: ${response.status} ${message(response).slice(0, 300)}`,
    );
    expect(admitted(response)).toBe(false);
    // Refused by admission (or its budget), not by object validation: the pod itself is a valid object.
    expect(message(response)).not.toMatch(/is invalid/);
  });
});
