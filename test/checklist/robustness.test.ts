import fc from 'fast-check';
import { workloadsFromManifest } from 'hardened-workloads/audit';
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

test('a thousand workloads are answered in well under a second each', () => {
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
  const started = performance.now();
  const checklists = answerChecklists(workloads, { now: NOW });
  renderChecklistMarkdown(checklists);
  renderChecklistJson(checklists);
  const elapsed = performance.now() - started;
  expect(checklists).toHaveLength(1000);
  // Generous for 2 CI cores; measured locally in the report.
  expect(elapsed).toBeLessThan(10000);
});
