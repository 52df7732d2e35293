import fc from 'fast-check';
import { workloadsFromManifest } from 'hardened-workloads/audit';
import { workloadsFromCompose } from 'hardened-workloads/audit/compose';
import type { WorkloadChecklist } from 'hardened-workloads/checklist';
import { answerChecklists, renderChecklistJson, renderChecklistMarkdown } from 'hardened-workloads/checklist';
import { NOW } from './fixtures';

// Values of every JSON type in the places the checklist reads: a wrong type must read as unset, never throw.
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
const container = fc.record(
  {
    name: anyValue,
    securityContext: fc.oneof(
      anyValue,
      fc.record(
        {
          runAsUser: anyValue,
          runAsGroup: anyValue,
          runAsNonRoot: anyValue,
          privileged: anyValue,
          allowPrivilegeEscalation: anyValue,
          readOnlyRootFilesystem: anyValue,
          capabilities: fc.oneof(anyValue, fc.record({ add: anyValue, drop: anyValue })),
          seccompProfile: fc.oneof(anyValue, fc.record({ type: anyValue, localhostProfile: anyValue })),
        },
        { requiredKeys: [] },
      ),
    ),
    volumeMounts: fc.oneof(
      anyValue,
      fc.array(fc.record({ name: anyValue, mountPath: anyValue, readOnly: anyValue })),
    ),
    ports: fc.oneof(anyValue, fc.array(fc.record({ containerPort: anyValue, hostPort: anyValue }))),
    restartPolicy: anyValue,
  },
  { requiredKeys: [] },
);
const podSpec = fc.record(
  {
    securityContext: anyValue,
    hostNetwork: anyValue,
    hostPID: anyValue,
    hostUsers: anyValue,
    containers: fc.oneof(anyValue, fc.array(container, { maxLength: 3 })),
    initContainers: fc.oneof(anyValue, fc.array(container, { maxLength: 2 })),
    volumes: fc.oneof(
      anyValue,
      fc.array(
        fc.record({
          name: anyValue,
          hostPath: fc.oneof(
            anyValue,
            fc.record({ path: fc.oneof(anyValue, fc.constantFrom('/', '/var/run', './x')) }),
          ),
          emptyDir: anyValue,
        }),
        { maxLength: 3 },
      ),
    ),
  },
  { requiredKeys: [] },
);

test('any pod spec gets an answer and renders, without throwing', () => {
  fc.assert(
    fc.property(podSpec, fc.constantFrom('Pod', 'Deployment', 'StatefulSet', 'CronJob'), (spec, kind) => {
      const document =
        kind === 'Pod'
          ? { kind, metadata: { name: 'p' }, spec }
          : kind === 'CronJob'
            ? { kind, metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec } } } } }
            : { kind, metadata: { name: 'w' }, spec: { template: { spec } } };
      const checklists = answerChecklists(workloadsFromManifest(document).workloads, { now: NOW });
      for (const checklist of checklists) {
        expect(checklist.answers).toHaveLength(8);
        // A deviation is never silently default.
        const silent = checklist.answers.filter((a) => a.uncovered.length > 0 && a.status !== 'violation');
        expect(silent).toEqual([]);
      }
      expect(typeof renderChecklistMarkdown(checklists)).toBe('string');
      expect(() => JSON.parse(renderChecklistJson(checklists)) as unknown).not.toThrow();
    }),
    { numRuns: 200, seed: 20261128 },
  );
});

// Realistic values, good and bad, for every field the eight questions read.
const maybe = (...values: unknown[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
const securityContext = fc.record(
  {
    runAsUser: maybe(0, 10001, '5'),
    runAsGroup: maybe(0, 10001),
    runAsNonRoot: maybe(true, false),
    privileged: maybe(true, false),
    allowPrivilegeEscalation: maybe(true, false),
    readOnlyRootFilesystem: maybe(true, false),
    capabilities: maybe(
      { drop: ['ALL'] },
      { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      { add: ['SYS_ADMIN'] },
      { drop: ['NET_RAW'] },
      { drop: 'ALL' },
      { drop: ['all'] },
    ),
    seccompProfile: maybe(
      { type: 'RuntimeDefault' },
      { type: 'Unconfined' },
      { type: 'Localhost', localhostProfile: 'a.json' },
      { type: 'Bogus' },
      {},
    ),
  },
  { requiredKeys: [] },
);
const realisticContainer = fc.record(
  {
    name: fc.constantFrom('a', 'b'),
    securityContext,
    volumeMounts: maybe(
      [{ name: 'h', mountPath: '/h' }],
      [{ name: 'e', mountPath: '/e' }],
      [{ name: 'h', mountPath: '/h', readOnly: true }],
    ),
    ports: maybe([{ containerPort: 80, hostPort: 80 }], [{ containerPort: 80, hostPort: 0 }]),
  },
  { requiredKeys: ['name'] },
);
const realisticPod = fc.record(
  {
    securityContext,
    hostNetwork: maybe(true, false),
    hostPID: maybe(true),
    hostIPC: maybe(true),
    hostUsers: maybe(false),
    containers: fc.array(realisticContainer, { minLength: 1, maxLength: 2 }),
    initContainers: fc.array(realisticContainer, { maxLength: 1 }),
    volumes: maybe(
      [{ name: 'h', hostPath: { path: '/var/run' } }],
      [{ name: 'h', hostPath: { path: '/etc' } }],
      [{ name: 'h', hostPath: { path: '/data' } }],
      [{ name: 'e', emptyDir: {} }],
    ),
  },
  { requiredKeys: ['containers'] },
);
const realisticService = fc.record(
  {
    image: fc.constant('registry.example.com/team/api:1.4.2'),
    user: maybe('10001:10001', '0', 'app', '10001'),
    read_only: maybe(true, false),
    cap_drop: maybe(['ALL'], ['NET_RAW']),
    cap_add: maybe(['NET_BIND_SERVICE'], ['SYS_ADMIN']),
    security_opt: maybe(
      ['no-new-privileges:true'],
      ['seccomp=unconfined'],
      ['seccomp=profile.json'],
      ['no-new-privileges=false'],
    ),
    privileged: maybe(true, false),
    network_mode: maybe('host', 'bridge'),
    pid: maybe('host'),
    ipc: maybe('host'),
    tmpfs: maybe(['/tmp'], '/run'),
    volumes: maybe(
      ['/var/run/docker.sock:/var/run/docker.sock'],
      ['./data:/data'],
      ['/etc:/host-etc:ro'],
      ['cache:/cache'],
    ),
    ports: maybe(['8080:8080'], ['127.0.0.1:8080:8080']),
  },
  { requiredKeys: ['image'] },
);

/** Deviations the facts show that no audit finding reports: the checklist and the audit disagree there. */
const disagreements = (checklists: readonly WorkloadChecklist[]) =>
  checklists.flatMap((c) => c.answers.filter((a) => a.uncovered.length > 0).map((a) => [a.id, a.uncovered]));

test('on realistic pods the audit reports every deviation the answers describe', () => {
  fc.assert(
    fc.property(realisticPod, (spec) => {
      const { workloads } = workloadsFromManifest({ kind: 'Pod', metadata: { name: 'p' }, spec });
      expect(disagreements(answerChecklists(workloads, { now: NOW }))).toEqual([]);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('on realistic Compose services the audit reports every deviation the answers describe', () => {
  fc.assert(
    fc.property(realisticService, (service) => {
      const { workloads } = workloadsFromCompose({ services: { api: service }, volumes: { cache: {} } });
      expect(disagreements(answerChecklists(workloads, { now: NOW }))).toEqual([]);
    }),
    { numRuns: 300, seed: 11 },
  );
});

test('a thousand workloads are each answered, in both renderings', () => {
  const deployment = (index: number) => ({
    kind: 'Deployment',
    metadata: { name: `api-${index}` },
    spec: {
      template: {
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 },
          containers: [{ name: 'api', securityContext: { readOnlyRootFilesystem: true } }],
        },
      },
    },
  });
  const workloads = Array.from(
    { length: 1000 },
    (_, i) => workloadsFromManifest(deployment(i)).workloads,
  ).flat();
  const checklists = answerChecklists(workloads, { now: NOW });
  expect(checklists).toHaveLength(1000);
  // Speed is measured by npm run bench, never asserted here (shared, noisy machines).
  expect(renderChecklistMarkdown(checklists)).toContain('api-999');
  expect(renderChecklistJson(checklists)).toContain('api-999');
});
