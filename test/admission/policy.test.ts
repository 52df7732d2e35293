import { admissionPolicy, clusterRules } from '../../src/admission';
import { POD_TEMPLATE_PATHS } from '../../src/audit/workloads';
import type { Level } from '../../src/rules';
import { LATEST_PSS_VERSION, LEVELS } from '../../src/rules';
import { estimateCost } from './cost-estimate';
import { CompiledPolicy } from './policy-evaluator';

type Policy = {
  kind: string;
  spec: Record<string, unknown> & {
    validations: { expression: string; messageExpression: string; message: string }[];
    variables: { name: string; expression: string }[];
  };
};

function policies(level: Level, minor = LATEST_PSS_VERSION.minor): CompiledPolicy[] {
  return admissionPolicy({ level, pssVersion: { major: 1, minor } })
    .objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy')
    .map((o) => new CompiledPolicy(o));
}

function refusals(
  level: Level,
  object: unknown,
  minor = LATEST_PSS_VERSION.minor,
  extra: { operation?: 'UPDATE'; oldObject?: unknown; subResource?: string } = {},
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const policy of policies(level, minor)) {
    for (const [rule, outcome] of policy.evaluate({ object, ...extra }).byRule) {
      if (outcome.result !== 'pass') found[rule] = `${outcome.result}: ${outcome.message}`;
    }
  }
  return found;
}

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'apps', ...metadata },
  spec,
});

describe('the generated policy', () => {
  test.each(LEVELS)(
    'has one validation per rule the cluster checks at %s, its id in the message',
    (level) => {
      const { checked, notEnforced } = clusterRules(level, LATEST_PSS_VERSION);
      const set = admissionPolicy({ level });
      const messages = set.objects
        .filter((o) => o.kind === 'ValidatingAdmissionPolicy')
        .flatMap((o) => (o as Policy).spec.validations.map((v) => v.message.split(':')[0]));
      expect(messages.sort()).toEqual(checked.map((r) => r.id).sort());
      // Listed, never silently dropped: JSON records CEL cannot decode, PersistentVolumes the policy does
      // not match.
      const expected: Record<string, string[]> = {
        baseline: ['justification-valid'],
        restricted: ['justification-valid'],
        hardened: [
          'justification-valid',
          'no-host-path-persistent-volume',
          'capability-add-back-ineffective',
        ],
      };
      expect(notEnforced.map((n) => n.rule).sort()).toEqual([...(expected[level] ?? [])].sort());
      for (const o of set.objects.filter((x) => x.kind === 'ValidatingAdmissionPolicy')) {
        for (const v of (o as Policy).spec.validations) {
          expect(v.messageExpression.startsWith(JSON.stringify(`${v.message.split(':')[0]}: `))).toBe(true);
          // No optional types: the API server has them only from 1.29, the offline evaluator not at all.
          expect(v.expression).not.toMatch(/\?\.|\[\?|orValue/);
        }
      }
    },
  );

  test('matches pods, ephemeral containers and every workload kind the audit reads, on CREATE and UPDATE', () => {
    const [policy] = admissionPolicy({ level: 'baseline' }).objects as Policy[];
    const rules = (
      policy?.spec.matchConstraints as { resourceRules: { resources: string[]; operations: string[] }[] }
    ).resourceRules;
    const resources = rules.flatMap((r) => r.resources);
    expect(resources).toContain('pods/ephemeralcontainers');
    for (const kind of Object.keys(POD_TEMPLATE_PATHS)) {
      const plural = kind === 'Pod' ? 'pods' : `${kind.toLowerCase()}s`;
      expect(resources).toContain(plural);
    }
    for (const rule of rules) expect(rule.operations).toEqual(['CREATE', 'UPDATE']);
  });

  test('reaches the pod spec of every kind: a privileged CronJob is refused', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: { containers: [{ name: 'job', image: 'a:1', securityContext: { privileged: true } }] },
            },
          },
        },
      },
    };
    expect(refusals('baseline', cronJob).privileged).toBe(
      'fail: privileged: container "job" must not set securityContext.privileged=true',
    );
  });

  test('kubectl debug: a privileged ephemeral container added through the subresource is refused', () => {
    const before = pod({ containers: [{ name: 'app', image: 'a:1' }] });
    const after = pod({
      containers: [{ name: 'app', image: 'a:1' }],
      ephemeralContainers: [{ name: 'debugger', image: 'busybox:1', securityContext: { privileged: true } }],
    });
    expect(
      refusals('baseline', after, undefined, {
        operation: 'UPDATE',
        oldObject: before,
        subResource: 'ephemeralcontainers',
      }),
    ).toEqual({
      privileged: 'fail: privileged: container "debugger" must not set securityContext.privileged=true',
    });
  });

  test('a metadata-only update of a pod admitted earlier is not judged again; a spec change is', () => {
    const privileged = pod({
      containers: [{ name: 'app', image: 'a:1', securityContext: { privileged: true } }],
    });
    const relabelled = { ...privileged, metadata: { ...privileged.metadata, labels: { a: 'b' } } };
    expect(
      refusals('baseline', relabelled, undefined, { operation: 'UPDATE', oldObject: privileged }),
    ).toEqual({});
    expect(
      Object.keys(
        refusals('baseline', privileged, undefined, {
          operation: 'UPDATE',
          oldObject: pod({ containers: [] }),
        }),
      ),
    ).toEqual(['privileged']);
  });

  test('follows the version like the rules: container_engine_t from v1.31, hostUsers: false from v1.35', () => {
    const engine = pod({
      containers: [
        { name: 'app', image: 'a:1', securityContext: { seLinuxOptions: { type: 'container_engine_t' } } },
      ],
    });
    expect(Object.keys(refusals('baseline', engine, 30))).toEqual(['selinux-options']);
    expect(refusals('baseline', engine, 31)).toEqual({});
    const userNamespace = pod({
      hostUsers: false,
      containers: [{ name: 'app', image: 'a:1', securityContext: { procMount: 'Unmasked' } }],
    });
    expect(Object.keys(refusals('baseline', userNamespace, 34))).toEqual(['proc-mount']);
    expect(refusals('baseline', userNamespace, 35)).toEqual({});
  });

  test('names every container at fault, in the audit wording', () => {
    const twoBad = pod({
      containers: [
        {
          name: 'a',
          image: 'a:1',
          securityContext: { capabilities: { add: ['SYS_ADMIN', 'CHOWN', 'NET_ADMIN'] } },
        },
        { name: 'b', image: 'a:1', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } },
      ],
    });
    expect(refusals('baseline', twoBad)['capabilities-baseline']).toBe(
      'fail: capabilities-baseline: container "a" must not include "SYS_ADMIN", "NET_ADMIN" in securityContext.capabilities.add; container "b" must not include "SYS_PTRACE" in securityContext.capabilities.add',
    );
  });

  test('an annotation never admits anything: a justified privileged container is still refused', () => {
    const justified = pod(
      { containers: [{ name: 'app', image: 'a:1', securityContext: { privileged: true } }] },
      {
        annotations: {
          'hardened-workloads.io/justifications': JSON.stringify([
            {
              exemption: 'privileged',
              container: 'app',
              reason: 'the node agent loads kernel modules at start',
              approvedBy: 'sec',
            },
          ]),
        },
      },
    );
    expect(Object.keys(refusals('baseline', justified))).toEqual(['privileged']);
  });

  test('a host path with ".." is refused at hardened: CEL cannot resolve it (a documented limitation, stricter than the audit)', () => {
    const backstep = pod({
      containers: [{ name: 'app', image: 'a:1' }],
      volumes: [{ name: 'tmp', hostPath: { path: '/tmp/../tmp/cache' } }],
    });
    expect(refusals('hardened', backstep)).toMatchObject({
      'no-container-runtime-socket': expect.stringContaining(
        'a path with ".." cannot be checked in the cluster',
      ) as unknown,
    });
    // Whereas a socket behind ".." is refused by both, for the right reason.
    const socket = pod({
      containers: [{ name: 'app', image: 'a:1' }],
      volumes: [{ name: 's', hostPath: { path: '/var/lib/../run/docker.sock' } }],
    });
    expect(Object.keys(refusals('hardened', socket))).toContain('no-container-runtime-socket');
  });

  test('estimated cost, size and nesting stay within the API server limits (per expression 1,000,000)', () => {
    const listSize = 20;
    const report: string[] = [];
    let largest = { rule: '', cost: 0, characters: 0, depth: 0 };
    for (const object of admissionPolicy({ level: 'hardened', exemptions: { namespace: 'platform' } })
      .objects) {
      if (object.kind !== 'ValidatingAdmissionPolicy') continue;
      const spec = (object as Policy).spec;
      let total = spec.variables.reduce((sum, v) => sum + estimateCost(v.expression, listSize).cost, 0);
      for (const v of spec.validations) {
        const rule = v.message.split(':')[0] ?? '';
        const expression = estimateCost(v.expression, listSize);
        const message = estimateCost(v.messageExpression, listSize);
        total += expression.cost + message.cost;
        if (expression.cost > largest.cost)
          largest = {
            rule,
            cost: expression.cost,
            characters: expression.characters,
            depth: expression.depth,
          };
        expect(expression.cost).toBeLessThan(1_000_000);
        expect(message.cost).toBeLessThan(1_000_000);
        expect(expression.loops).toBeLessThanOrEqual(3);
      }
      report.push(`policy total (expressions, messages, variables) ${total}`);
      expect(total).toBeLessThan(10_000_000);
    }
    console.log(
      `largest expression (lists of ${listSize}, no short-circuit): ${JSON.stringify(largest)}; ${report.join('; ')}`,
    );
  });
});

describe('no-root-group in the cluster', () => {
  const hardenedPod = (securityContext: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
    pod({ securityContext, containers: [{ name: 'app', image: 'a:1' }], ...spec });

  test('fsGroup 0 is denied, naming the field', () => {
    expect(refusals('hardened', hardenedPod({ fsGroup: 0 }))['no-root-group']).toBe(
      'fail: no-root-group: pod must not set securityContext.fsGroup=0 (the root group)',
    );
  });

  test('supplementalGroups [1000, 0] is denied, naming the group', () => {
    expect(refusals('hardened', hardenedPod({ supplementalGroups: [1000, 0] }))['no-root-group']).toBe(
      'fail: no-root-group: pod must not list 0 (the root group) in securityContext.supplementalGroups',
    );
  });

  test('both at once are both named; negative and non-integer ids fail closed as in the audit', () => {
    expect(
      refusals('hardened', hardenedPod({ fsGroup: -1, supplementalGroups: [0, 1.5, 2000] }))['no-root-group'],
    ).toBe(
      'fail: no-root-group: pod must not set securityContext.fsGroup=-1 (not a group id); ' +
        'pod must not list 0 (the root group) in securityContext.supplementalGroups; ' +
        'pod must not list 1.5 (not a group id) in securityContext.supplementalGroups',
    );
  });

  test('a supplementalGroups that is not a list is refused (unreadable is not empty)', () => {
    expect(refusals('hardened', hardenedPod({ supplementalGroups: '0' }))['no-root-group']).toBe(
      'fail: no-root-group: pod must list securityContext.supplementalGroups as an array of non-zero group ids',
    );
  });

  test('non-zero groups, an absent securityContext and Windows pods are admitted; the rule is hardened only', () => {
    expect(
      refusals('hardened', hardenedPod({ fsGroup: 10001, supplementalGroups: [10002] }))['no-root-group'],
    ).toBeUndefined();
    expect(
      refusals('hardened', pod({ containers: [{ name: 'app', image: 'a:1' }] }))['no-root-group'],
    ).toBeUndefined();
    expect(
      refusals('hardened', hardenedPod({ fsGroup: 0 }, { os: { name: 'windows' } }))['no-root-group'],
    ).toBeUndefined();
    expect(refusals('restricted', hardenedPod({ fsGroup: 0 }))['no-root-group']).toBeUndefined();
  });

  test('is an error: it sits in the policy bound with Deny, not in the warnings', () => {
    const set = admissionPolicy({ level: 'hardened' });
    expect(set.rulesByPolicy['hardened-workloads-hardened']).toContain('no-root-group');
    expect(set.rulesByPolicy['hardened-workloads-hardened-warnings']).not.toContain('no-root-group');
  });
});

describe('projected-service-account-token in the cluster', () => {
  const withVolumes = (volumes: unknown[]) =>
    pod({ automountServiceAccountToken: false, containers: [{ name: 'app', image: 'a:1' }], volumes });
  const tokenVolume = {
    name: 'api-token',
    projected: {
      sources: [
        { configMap: { name: 'ca' } },
        { serviceAccountToken: { audience: 'vault', expirationSeconds: 600, path: 'token' } },
      ],
    },
  };

  test('a projected serviceAccountToken source is reported, naming the volume and the audience', () => {
    expect(refusals('hardened', withVolumes([tokenVolume]))['projected-service-account-token']).toBe(
      'fail: projected-service-account-token: projected volume "api-token" mounts a Kubernetes API token for audience "vault": remove the serviceAccountToken source, or justify the token with a serviceAccountToken exemption',
    );
  });

  test('one sentence per token source, without audience when none is set', () => {
    const two = {
      name: 'tokens',
      projected: {
        sources: [{ serviceAccountToken: { path: 'a' } }, { serviceAccountToken: { path: 'b' } }],
      },
    };
    expect(refusals('hardened', withVolumes([two]))['projected-service-account-token']).toBe(
      'fail: projected-service-account-token: ' +
        [1, 2]
          .map(
            () =>
              'projected volume "tokens" mounts a Kubernetes API token: remove the serviceAccountToken source, or justify the token with a serviceAccountToken exemption',
          )
          .join('; '),
    );
  });

  test('sources that are not a list are reported (the token may be in there)', () => {
    expect(
      refusals(
        'hardened',
        withVolumes([{ name: 'odd', projected: { sources: { serviceAccountToken: {} } } }]),
      )['projected-service-account-token'],
    ).toBe('fail: projected-service-account-token: projected volume "odd" must list its sources as an array');
  });

  test('projected volumes without a token, and other volumes, are admitted', () => {
    const configOnly = { name: 'config', projected: { sources: [{ configMap: { name: 'app-config' } }] } };
    expect(
      refusals('hardened', withVolumes([configOnly, { name: 'tmp', emptyDir: {} }]))[
        'projected-service-account-token'
      ],
    ).toBeUndefined();
  });

  test('is a warning: it sits in the policy bound with Warn where the main one denies', () => {
    const set = admissionPolicy({ level: 'hardened' });
    expect(set.rulesByPolicy['hardened-workloads-hardened-warnings']).toContain(
      'projected-service-account-token',
    );
    expect(set.rulesByPolicy['hardened-workloads-hardened']).not.toContain('projected-service-account-token');
    const binding = set.objects.find(
      (o) =>
        o.kind === 'ValidatingAdmissionPolicyBinding' &&
        (o.metadata as { name: string }).name === 'hardened-workloads-hardened-warnings',
    ) as { spec: { validationActions: string[] } };
    expect(binding.spec.validationActions).toEqual(['Warn']);
  });
});

describe('seccomp-profile-generated in the cluster', () => {
  const localhost = (securityContext: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
    pod({ containers: [{ name: 'app', image: 'a:1', securityContext }] }, metadata);

  test('a Localhost profile with no params entry is reported as hand-written, naming container and profile', () => {
    const found = refusals(
      'hardened',
      localhost({ seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' } }),
    );
    expect(found['seccomp-profile-generated']).toBe(
      'fail: seccomp-profile-generated: container "app" uses the hand-written, unreviewed seccomp profile "profiles/app.json": generate it (runtime default plus the justified system calls)',
    );
  });

  test('reads the profile where the kubelet does: the pod field, the legacy annotations', () => {
    const fromPod = pod({
      securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'pod.json' } },
      containers: [{ name: 'app', image: 'a:1' }],
    });
    expect(refusals('hardened', fromPod)['seccomp-profile-generated']).toContain('profile "pod.json"');
    const annotated = localhost(
      {},
      { annotations: { 'container.seccomp.security.alpha.kubernetes.io/app': 'localhost/legacy.json' } },
    );
    expect(refusals('hardened', annotated)['seccomp-profile-generated']).toContain('profile "legacy.json"');
    const unnamed = localhost({ seccompProfile: { type: 'Localhost' } });
    expect(refusals('hardened', unnamed)['seccomp-profile-generated']).toContain('profile "<unnamed>"');
  });

  test('RuntimeDefault, a container overriding a Localhost pod, and Windows pods are not reported', () => {
    expect(
      refusals('hardened', localhost({ seccompProfile: { type: 'RuntimeDefault' } }))[
        'seccomp-profile-generated'
      ],
    ).toBeUndefined();
    const overridden = pod({
      securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'pod.json' } },
      containers: [
        { name: 'app', image: 'a:1', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      ],
    });
    expect(refusals('hardened', overridden)['seccomp-profile-generated']).toBeUndefined();
    const windows = pod({
      os: { name: 'windows' },
      containers: [{ name: 'app', image: 'a:1', securityContext: { seccompProfile: { type: 'Localhost' } } }],
    });
    expect(refusals('hardened', windows)['seccomp-profile-generated']).toBeUndefined();
  });

  test('is a warning: it sits in the policy bound with Warn where the main one denies', () => {
    const set = admissionPolicy({ level: 'hardened' });
    expect(set.rulesByPolicy['hardened-workloads-hardened-warnings']).toContain('seccomp-profile-generated');
    expect(set.rulesByPolicy['hardened-workloads-hardened']).not.toContain('seccomp-profile-generated');
  });
});

describe('a conditional messageExpression keeps its culprits', () => {
  // `'rule: ' + cond ? a : b` reads as `('rule: ' + cond) ? a : b`, an error: the API server would
  // fall back to the static message. The generated text parenthesises every rule's message.
  test('explicit-non-root-ids and service-account-token name what is wrong', () => {
    const found = refusals(
      'hardened',
      pod({ automountServiceAccountToken: true, containers: [{ name: 'app', image: 'a:1' }] }),
    );
    expect(found['explicit-non-root-ids']).toBe(
      'fail: explicit-non-root-ids: container "app" must set securityContext.runAsUser and securityContext.runAsGroup to non-zero numeric ids',
    );
    expect(found['service-account-token']).toBe(
      'fail: service-account-token: pod must set automountServiceAccountToken=false, or justify the token with a serviceAccountToken exemption',
    );
  });
});
