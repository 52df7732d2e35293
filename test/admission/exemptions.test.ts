import type { Level } from '../../src/rules';
import { LATEST_PSS_VERSION } from '../../src/rules';
import {
  admissionExemptionsOfManifests,
  admissionPolicy,
  exemptionKey,
  exemptionsConfigMap,
  WORKLOAD_LABEL,
} from '../../src/admission';
import { evaluateWorkload, resolveAudit, workloadsFromManifest } from '../../src/audit';
import { CompiledPolicy } from './policy-evaluator';

/**
 * Exemptions the cluster owns: the params ConfigMap generated from validated justifications
 * admits exactly the justified findings; expired, missing or foreign entries admit nothing.
 */

const NOW = new Date('2026-01-01T00:00:00Z');
const EXPIRES = '2026-06-30';
const REASON = 'the node agent needs it to manage the host network stack';

const record = (fields: Record<string, string>) => ({
  reason: REASON,
  approvedBy: 'security-team',
  expires: EXPIRES,
  ...fields,
});

function agent(options: { labelled?: boolean; name?: string; records?: Record<string, string>[] } = {}) {
  const name = options.name ?? 'node-agent';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'apps',
      annotations: {
        'hardened-workloads.io/justifications': JSON.stringify(
          options.records ?? [
            record({ exemption: 'privileged', container: 'agent' }),
            record({ exemption: 'capability', container: 'agent', subject: 'NET_ADMIN' }),
            record({
              exemption: 'hostPath',
              container: 'agent',
              subject: '/var/run/docker.sock',
              mode: 'read-write',
            }),
            record({ exemption: 'hostNetwork' }),
          ],
        ),
      },
    },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: {
            app: name,
            ...(options.labelled !== false && { [WORKLOAD_LABEL]: `Deployment.${name}` }),
          },
        },
        spec: {
          hostNetwork: true,
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'agent',
              image: 'registry.example.com/agent:1.2.3',
              resources: { limits: { cpu: '1', memory: '256Mi' } },
              securityContext: {
                privileged: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                // NET_ADMIN is justified; SYS_PTRACE is not.
                capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'SYS_PTRACE'] },
              },
              volumeMounts: [{ name: 'docker', mountPath: '/var/run/docker.sock' }],
            },
          ],
          volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }],
        },
      },
    },
  };
}

/** The Pod the Deployment's ReplicaSet creates, as the API server admits it. */
function podOf(deployment: ReturnType<typeof agent>, creationTimestamp: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${deployment.metadata.name}-7d4b9c-x2x9k`,
      namespace: 'apps',
      creationTimestamp,
      labels: deployment.spec.template.metadata.labels,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${deployment.metadata.name}-7d4b9c` },
      ],
    },
    spec: deployment.spec.template.spec,
  };
}

function policiesAt(level: Level): CompiledPolicy[] {
  return admissionPolicy({ level, exemptions: { namespace: 'platform' } })
    .objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy')
    .map((o) => new CompiledPolicy(o));
}

function refused(level: Level, object: unknown, params: unknown, namespace = 'apps'): string[] {
  const rules = new Set<string>();
  for (const policy of policiesAt(level)) {
    for (const [rule, outcome] of policy.evaluate({ object, params, namespace }).byRule) {
      if (outcome.result !== 'pass') rules.add(rule);
    }
  }
  return [...rules].sort();
}

/** The rules with an unjustified finding, per the audit (justification-valid is not checked in the cluster). */
function unjustified(level: Level, document: unknown): string[] {
  const audit = resolveAudit({ level, now: NOW, pssVersion: LATEST_PSS_VERSION });
  const rules = new Set<string>();
  for (const workload of workloadsFromManifest(document).workloads) {
    for (const finding of evaluateWorkload(workload, audit)) {
      if (finding.status === 'violation' && finding.rule !== 'justification-valid') rules.add(finding.rule);
    }
  }
  return [...rules].sort();
}

// Pod Security Admission has no per-workload exemptions: at baseline and restricted nothing is
// justified, so no entry is generated and the policy refuses what the audit reports.
describe.each(['baseline', 'restricted'] as const)('no cluster exemptions at %s', (level) => {
  const deployment = agent();
  const exemptions = admissionExemptionsOfManifests([deployment], { level, now: NOW });
  const configMap = exemptionsConfigMap(exemptions, { namespace: 'platform' });

  test('no entry is generated, and no policy at the level reads exemptions', () => {
    expect(exemptions.entries).toEqual([]);
    expect(Object.keys(configMap.data as object)).toEqual([]);
    expect(() => admissionPolicy({ level, exemptions: { namespace: 'platform' } })).toThrow(
      /exemptions apply to the hardened level only/,
    );
    for (const object of admissionPolicy({ level }).objects)
      expect(JSON.stringify(object)).not.toMatch(/params|exemption/);
    const expected = unjustified(level, deployment);
    expect(expected).toEqual(expect.arrayContaining(['host-namespaces', 'privileged']));
  });
});

describe.each(['hardened'] as const)('cluster exemptions at %s', (level) => {
  const deployment = agent();
  const exemptions = admissionExemptionsOfManifests([deployment], { level, now: NOW });
  const configMap = exemptionsConfigMap(exemptions, { namespace: 'platform' });

  test('the generated entries admit exactly the justified findings, for the workload and for its pods', () => {
    expect(exemptions.problems).toEqual([]);
    expect(exemptions.entries.length).toBeGreaterThan(0);
    const expected = unjustified(level, deployment);
    expect(
      refused(
        level,
        { ...deployment, metadata: { ...deployment.metadata, creationTimestamp: '2026-02-01T00:00:00Z' } },
        configMap,
      ),
    ).toEqual(expected);
    expect(refused(level, podOf(deployment, '2026-02-01T00:00:00Z'), configMap)).toEqual(expected);
    // The unjustified SYS_PTRACE keeps the capability rule refused wherever the level checks added capabilities.
    expect(expected).toContain('capabilities-restricted');
  });

  test('an expired entry admits nothing: a pod created after the expiry is refused', () => {
    const late = refused(level, podOf(deployment, '2026-07-01T00:00:00Z'), configMap);
    expect(late).toEqual(expect.arrayContaining(['host-namespaces', 'privileged']));
    expect(late.length).toBeGreaterThan(unjustified(level, deployment).length);
  });

  test('without entries (missing ConfigMap data, another namespace, an unlabelled pod) nothing is admitted', () => {
    const none = refused(level, podOf(deployment, '2026-02-01T00:00:00Z'), { ...configMap, data: {} });
    expect(none).toEqual(expect.arrayContaining(['host-namespaces', 'privileged']));
    expect(refused(level, podOf(deployment, '2026-02-01T00:00:00Z'), configMap, 'other')).toEqual(none);
    const unlabelled = podOf(agent({ labelled: false }), '2026-02-01T00:00:00Z');
    expect(refused(level, unlabelled, configMap)).toEqual(none);
  });

  test("another workload's entries do not admit this one", () => {
    const other = agent({ name: 'other-agent', records: [] });
    expect(refused(level, podOf(other, '2026-02-01T00:00:00Z'), configMap)).toEqual(
      refused(level, podOf(deployment, '2026-02-01T00:00:00Z'), { ...configMap, data: {} }),
    );
  });
});

/** The agent container with the hardened posture, plus any security context fields a case adds. */
function hardenedAgent(securityContext: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'agent',
    image: 'registry.example.com/agent:1.2.3',
    resources: { limits: { cpu: '1', memory: '256Mi' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      ...securityContext,
    },
  };
}

describe('exemption entries', () => {
  test('are keyed by namespace, workload, rule and subject, with the expiry', () => {
    const { entries } = admissionExemptionsOfManifests([agent()], { level: 'hardened', now: NOW });
    expect(entries.map((e) => e.key)).toEqual(
      expect.arrayContaining([
        'apps.Deployment_dnode-agent.privileged',
        'apps.Deployment_dnode-agent.capabilities-justified.NET_uADMIN',
        'apps.Deployment_dnode-agent.restricted-volumes._svar_srun_sdocker_dsock',
        'apps.Deployment_dnode-agent.host-namespaces.hostNetwork',
      ]),
    );
    expect(entries.every((e) => e.expires === '2026-06-30T23:59:59.999Z')).toBe(true);
    expect(entries.some((e) => e.key.includes('SYS_uPTRACE'))).toBe(false);
  });

  test('an entry for one capability does not admit another', () => {
    const { entries } = admissionExemptionsOfManifests([agent()], { level: 'hardened', now: NOW });
    const configMap = exemptionsConfigMap({ entries, problems: [] }, { namespace: 'platform' });
    const onlyNetAdmin = agent();
    onlyNetAdmin.spec.template.spec.containers[0]!.securityContext.capabilities.add = ['NET_ADMIN'];
    expect(refused('hardened', podOf(onlyNetAdmin, '2026-02-01T00:00:00Z'), configMap)).not.toContain(
      'capabilities-justified',
    );
    const sysAdmin = agent();
    sysAdmin.spec.template.spec.containers[0]!.securityContext.capabilities.add = ['SYS_ADMIN'];
    expect(refused('hardened', podOf(sysAdmin, '2026-02-01T00:00:00Z'), configMap)).toContain(
      'capabilities-justified',
    );
  });

  test('are refused, with the fix, when the pod template lacks the label, the namespace or an expiry', () => {
    expect(admissionExemptionsOfManifests([agent({ labelled: false })], { now: NOW }).problems).toEqual([
      `Deployment "node-agent": label its pod template ${WORKLOAD_LABEL}: Deployment.node-agent; the cluster honours its exemptions only for pods carrying it`,
    ]);
    const noNamespace = agent();
    delete (noNamespace.metadata as { namespace?: string }).namespace;
    expect(admissionExemptionsOfManifests([noNamespace], { now: NOW }).problems[0]).toContain(
      'set metadata.namespace',
    );
    const noExpiry = agent({
      records: [{ exemption: 'hostNetwork', reason: REASON, approvedBy: 'security-team' }],
    });
    const { entries, problems } = admissionExemptionsOfManifests([noExpiry], { now: NOW });
    expect(entries).toEqual([]);
    expect(problems[0]).toContain('has no expiry; a cluster exemption needs one');
  });

  test('carry the container and mode they admit; a socket justified for one container is refused when another mounts it unjustified', () => {
    const honest = admissionExemptionsOfManifests([agent()], { level: 'hardened', now: NOW });
    expect(honest.entries).toContainEqual(
      expect.objectContaining({
        key: 'apps.Deployment_dnode-agent.restricted-volumes._svar_srun_sdocker_dsock',
        container: 'agent',
        mode: 'read-write',
      }),
    );
    const shared = agent();
    const pod = shared.spec.template.spec;
    pod.containers.push({ ...pod.containers[0]!, name: 'web' });
    const { entries, problems } = admissionExemptionsOfManifests([shared], { level: 'hardened', now: NOW });
    expect(entries.some((e) => e.key.includes('docker.sock'))).toBe(false);
    expect(problems).toContainEqual(
      expect.stringContaining(
        'Deployment "node-agent": the exemption of restricted-volumes for container "agent" would also admit container "web"',
      ),
    );
  });

  test('an invalid justification (unapproved high-risk) yields no entry', () => {
    const unapproved = agent({ records: [{ exemption: 'hostNetwork', reason: REASON, expires: EXPIRES }] });
    expect(admissionExemptionsOfManifests([unapproved], { now: NOW }).entries).toEqual([]);
  });
});

describe('root group and projected token exemptions in the cluster', () => {
  /** A hardened Deployment holding the root group and a projected API token, with its records. */
  function groupReader(records: Record<string, string>[]) {
    const deployment = agent({ name: 'group-reader', records });
    const spec = deployment.spec.template.spec as Record<string, unknown> & {
      securityContext: Record<string, unknown>;
      containers: { securityContext: Record<string, unknown> }[];
    };
    delete spec.hostNetwork;
    spec.volumes = [
      {
        name: 'api-token',
        projected: {
          sources: [{ serviceAccountToken: { audience: 'vault', expirationSeconds: 600, path: 't' } }],
        },
      },
    ];
    spec.securityContext = { ...spec.securityContext, fsGroup: 0, supplementalGroups: [1000, 0] };
    spec.containers = [hardenedAgent()] as never;
    return deployment;
  }
  const justified = groupReader([
    record({ exemption: 'rootGroup', container: 'agent' }),
    record({ exemption: 'serviceAccountToken' }),
  ]);
  const RULES = ['no-root-group', 'projected-service-account-token'];
  const ours = (rules: string[]) => rules.filter((r) => RULES.includes(r));
  const configMapOf = (data: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'hardened-workloads-exemptions', namespace: 'platform' },
    data,
  });

  test('the audit finds both, and nothing else, unjustified', () => {
    expect(unjustified('hardened', groupReader([]))).toEqual(RULES);
    expect(unjustified('hardened', justified)).toEqual([]);
  });

  test('the generated entries are keyed like the audit justifies: the rule for the root group, the exemption kind for the token', () => {
    const { entries, problems } = admissionExemptionsOfManifests([justified], {
      level: 'hardened',
      now: NOW,
    });
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.key)).toEqual([
      'apps.Deployment_dgroup-reader.no-root-group',
      'apps.Deployment_dgroup-reader.projected-service-account-token.serviceAccountToken',
    ]);
  });

  test('fsGroup 0 and supplementalGroups [1000, 0] are denied without an entry, admitted with it', () => {
    const pod = podOf(justified, '2026-02-01T00:00:00Z');
    expect(ours(refused('hardened', pod, configMapOf({})))).toEqual(RULES);
    const configMap = exemptionsConfigMap(
      admissionExemptionsOfManifests([justified], { level: 'hardened', now: NOW }),
      { namespace: 'platform' },
    );
    expect(ours(refused('hardened', pod, configMap))).toEqual([]);
    // The Deployment itself, applied with kubectl, is judged the same way.
    const applied = {
      ...justified,
      metadata: { ...justified.metadata, creationTimestamp: '2026-02-01T00:00:00Z' },
    };
    expect(ours(refused('hardened', applied, configMap))).toEqual([]);
  });

  test('an expired entry admits nothing: a pod created after it is refused for both', () => {
    const configMap = configMapOf({
      'apps.Deployment_dgroup-reader.no-root-group': '2026-06-30T23:59:59.999Z',
      'apps.Deployment_dgroup-reader.projected-service-account-token.serviceAccountToken':
        '2026-06-30T23:59:59.999Z',
    });
    expect(ours(refused('hardened', podOf(justified, '2026-06-30T00:00:00Z'), configMap))).toEqual([]);
    expect(ours(refused('hardened', podOf(justified, '2026-07-01T00:00:00Z'), configMap))).toEqual(RULES);
  });

  test("one rule's entry does not admit the other, nor another workload, nor another namespace", () => {
    const pod = podOf(justified, '2026-02-01T00:00:00Z');
    const rootGroupOnly = configMapOf({
      'apps.Deployment_dgroup-reader.no-root-group': '2026-06-30T23:59:59Z',
    });
    expect(ours(refused('hardened', pod, rootGroupOnly))).toEqual(['projected-service-account-token']);
    // The token entry without its subject is not the key the audit's exemption kind writes.
    const tokenWithoutSubject = configMapOf({
      'apps.Deployment_dgroup-reader.projected-service-account-token': '2026-06-30T23:59:59Z',
    });
    expect(ours(refused('hardened', pod, tokenWithoutSubject))).toEqual(RULES);
    const otherWorkload = configMapOf({ 'apps.Deployment_dother.no-root-group': '2026-06-30T23:59:59Z' });
    expect(ours(refused('hardened', pod, otherWorkload))).toEqual(RULES);
    expect(ours(refused('hardened', pod, rootGroupOnly, 'other'))).toEqual(RULES);
  });

  test('an entry never admits what the audit cannot justify: an unreadable list or sources', () => {
    const unreadable = groupReader([]);
    const spec = unreadable.spec.template.spec as Record<string, unknown> & {
      securityContext: Record<string, unknown>;
    };
    spec.securityContext = { ...spec.securityContext, fsGroup: 10001, supplementalGroups: '0' };
    spec.volumes = [{ name: 'odd', projected: { sources: { serviceAccountToken: {} } } }];
    const configMap = configMapOf({
      'apps.Deployment_dgroup-reader.no-root-group': '2026-06-30T23:59:59Z',
      'apps.Deployment_dgroup-reader.projected-service-account-token.serviceAccountToken':
        '2026-06-30T23:59:59Z',
    });
    expect(ours(refused('hardened', podOf(unreadable, '2026-02-01T00:00:00Z'), configMap))).toEqual(RULES);
  });
});

describe('the automount token exemption in the cluster', () => {
  function apiCaller(automount: boolean | undefined) {
    const deployment = agent({ name: 'api-caller', records: [record({ exemption: 'serviceAccountToken' })] });
    const spec = deployment.spec.template.spec as Record<string, unknown>;
    if (automount === undefined) delete spec.automountServiceAccountToken;
    else spec.automountServiceAccountToken = automount;
    return deployment;
  }
  const configMap = exemptionsConfigMap(
    admissionExemptionsOfManifests([apiCaller(true)], { level: 'hardened', now: NOW }),
    { namespace: 'platform' },
  );
  const tokenRefused = (deployment: unknown, params: unknown, created = '2026-02-01T00:00:00Z') =>
    refused('hardened', podOf(deployment as ReturnType<typeof agent>, created), params).includes(
      'service-account-token',
    );

  test('automountServiceAccountToken: true is admitted by its entry, and warned about without it or once expired', () => {
    expect(Object.keys(configMap.data as object)).toContain(
      'apps.Deployment_dapi-caller.service-account-token.serviceAccountToken',
    );
    expect(tokenRefused(apiCaller(true), configMap)).toBe(false);
    expect(tokenRefused(apiCaller(true), { ...configMap, data: {} })).toBe(true);
    expect(tokenRefused(apiCaller(true), configMap, '2026-07-01T00:00:00Z')).toBe(true);
  });

  test('the Pod as admitted, with the volume the ServiceAccount plugin added, is judged once, by service-account-token', () => {
    const tokenRules = ['projected-service-account-token', 'service-account-token'];
    const admittedPod = (deployment: ReturnType<typeof agent>, params: unknown) => {
      const pod = podOf(deployment, '2026-02-01T00:00:00Z');
      const spec = { ...pod.spec } as Record<string, unknown>;
      spec.volumes = [
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            ],
          },
        },
      ];
      return refused('hardened', { ...pod, spec }, params).filter((r) => tokenRules.includes(r));
    };
    expect(admittedPod(apiCaller(true), configMap)).toEqual([]);
    expect(admittedPod(apiCaller(true), { ...configMap, data: {} })).toEqual(['service-account-token']);
    expect(admittedPod(apiCaller(undefined), configMap)).toEqual(['service-account-token']);
  });

  test('an unset automount is never admitted by the entry, as in the audit (nobody asked for the token)', () => {
    expect(unjustified('hardened', apiCaller(undefined))).toContain('service-account-token');
    expect(tokenRefused(apiCaller(undefined), configMap)).toBe(true);
  });
});

describe('a generated seccomp profile in the cluster', () => {
  const SHA256 = 'a'.repeat(64);
  function keyringClient(records: Record<string, string>[]) {
    const deployment = agent({ name: 'keyring-client', records });
    const spec = deployment.spec.template.spec as Record<string, unknown> & {
      containers: { securityContext: Record<string, unknown> }[];
    };
    delete spec.hostNetwork;
    delete spec.volumes;
    spec.containers = [
      hardenedAgent({
        seccompProfile: { type: 'Localhost', localhostProfile: 'operator/apps/keyring-client.json' },
      }),
    ] as never;
    return deployment;
  }
  const generated = keyringClient([
    record({ exemption: 'seccompLocalhost', container: 'agent', profileSha256: SHA256 }),
  ]);
  const handWritten = keyringClient([record({ exemption: 'seccompLocalhost', container: 'agent' })]);
  const RULES = ['seccomp-localhost-justified', 'seccomp-profile-generated'];
  const ours = (rules: string[]) => rules.filter((r) => RULES.includes(r));
  const configMapOf = (deployment: unknown) =>
    exemptionsConfigMap(admissionExemptionsOfManifests([deployment], { level: 'hardened', now: NOW }), {
      namespace: 'platform',
    });

  test('the audit reports a hand-written profile and not a generated one', () => {
    expect(unjustified('hardened', generated)).toEqual([]);
    expect(unjustified('hardened', handWritten)).toEqual(['seccomp-profile-generated']);
  });

  test('a record carrying the hash yields a per-container entry beside the justification entry', () => {
    const { entries, problems } = admissionExemptionsOfManifests([generated], {
      level: 'hardened',
      now: NOW,
    });
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.key, e.expires])).toEqual([
      ['apps.Deployment_dkeyring-client.seccomp-localhost-justified', '2026-06-30T23:59:59.999Z'],
      ['apps.Deployment_dkeyring-client.seccomp-profile-generated.agent', '2026-06-30T23:59:59.999Z'],
    ]);
    expect(
      admissionExemptionsOfManifests([handWritten], { level: 'hardened', now: NOW }).entries.map(
        (e) => e.key,
      ),
    ).toEqual(['apps.Deployment_dkeyring-client.seccomp-localhost-justified']);
  });

  test('the cluster agrees with the audit once the entries are in the params', () => {
    const created = '2026-02-01T00:00:00Z';
    expect(ours(refused('hardened', podOf(generated, created), configMapOf(generated)))).toEqual([]);
    expect(ours(refused('hardened', podOf(handWritten, created), configMapOf(handWritten)))).toEqual([
      'seccomp-profile-generated',
    ]);
  });

  test('the hash in the annotation alone proves nothing in the cluster; an expired entry neither', () => {
    const justificationOnly = configMapOf(handWritten);
    expect(ours(refused('hardened', podOf(generated, '2026-02-01T00:00:00Z'), justificationOnly))).toEqual([
      'seccomp-profile-generated',
    ]);
    expect(
      ours(refused('hardened', podOf(generated, '2026-07-01T00:00:00Z'), configMapOf(generated))),
    ).toEqual(RULES);
  });

  test("an entry for one container does not cover another container's profile", () => {
    const two = keyringClient([
      record({ exemption: 'seccompLocalhost', container: 'agent', profileSha256: SHA256 }),
    ]);
    const spec = two.spec.template.spec as unknown as { containers: Record<string, unknown>[] };
    spec.containers = [...spec.containers, { ...spec.containers[0], name: 'sidecar' }];
    const object = podOf(two, '2026-02-01T00:00:00Z');
    expect(ours(refused('hardened', object, configMapOf(generated)))).toEqual(['seccomp-profile-generated']);
    const messages = policiesAt('hardened').flatMap((policy) => {
      const outcome = policy
        .evaluate({ object, params: configMapOf(generated), namespace: 'apps' })
        .byRule.get('seccomp-profile-generated');
      return outcome?.result === 'fail' ? [outcome.message] : [];
    });
    expect(messages).toEqual([expect.stringMatching(/^seccomp-profile-generated: container "sidecar" uses/)]);
    expect(messages[0]).not.toContain('"agent"');
  });
});

describe('exemption keys', () => {
  test('cannot collide however names and subjects are spelled (every component escaped, "." included)', () => {
    const parts = [
      {
        namespace: 'apps',
        workload: 'Deployment.web',
        rule: 'restricted-volumes',
        subject: '/srv/x.host-namespaces.hostPID',
      },
      {
        namespace: 'apps',
        workload: 'Deployment.web.restricted-volumes._ssrv_sx',
        rule: 'host-namespaces',
        subject: 'hostPID',
      },
      { namespace: 'apps', workload: 'Deployment.web', rule: 'host-namespaces', subject: 'hostPID' },
      { namespace: 'apps', workload: 'Deployment.web', rule: 'host-namespaces', container: 'hostPID' },
      { namespace: 'apps', workload: 'Deployment.web', rule: 'host-namespaces', subject: '_chostPID' },
      { namespace: 'apps', workload: 'Deployment.web_u', rule: 'host-namespaces' },
      { namespace: 'apps', workload: 'Deployment.web/', rule: 'host-namespaces' },
    ];
    const keys = parts.map((p) => exemptionKey(p));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe('apps.Deployment_dweb.restricted-volumes._ssrv_sx_dhost-namespaces_dhostPID');
    // Components never hold the separator: the rule is always the third.
    for (const key of keys) expect(key.split('.')[2]).toMatch(/^(restricted-volumes|host-namespaces)$/);
  });

  test('an entry whose expiry is not an RFC 3339 time is refused where the ConfigMap is made', () => {
    expect(() =>
      exemptionsConfigMap(
        {
          entries: [{ key: 'apps.Deployment_dweb.privileged', expires: '2026-06-30', finding: 'x' }],
          problems: [],
        },
        { namespace: 'platform' },
      ),
    ).toThrow(/RFC 3339 expiry/);
  });
});
