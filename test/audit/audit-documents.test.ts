import fc from 'fast-check';
import { InputError, POD_TEMPLATE_PATHS, auditDocuments } from '../../src/audit';

const securityContext = fc.dictionary(
  fc.constantFrom(
    'privileged',
    'allowPrivilegeEscalation',
    'runAsNonRoot',
    'runAsUser',
    'runAsGroup',
    'readOnlyRootFilesystem',
    'capabilities',
    'seccompProfile',
    'appArmorProfile',
    'seLinuxOptions',
    'procMount',
    'windowsOptions',
    'sysctls',
  ),
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.record({ add: fc.array(fc.string()), drop: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
    fc.record(
      { type: fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined', 7, null) },
      { requiredKeys: [] },
    ),
  ),
);
const container = fc.record(
  {
    name: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 0 })),
    image: fc.string(),
    securityContext: fc.oneof(securityContext, fc.jsonValue({ maxDepth: 1 })),
    ports: fc.jsonValue({ maxDepth: 2 }),
    volumeMounts: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
const podSpec = fc.record(
  {
    containers: fc.oneof(fc.array(container, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
    initContainers: fc.array(container, { maxLength: 2 }),
    ephemeralContainers: fc.array(container, { maxLength: 1 }),
    securityContext: fc.oneof(securityContext, fc.jsonValue({ maxDepth: 1 })),
    hostNetwork: fc.jsonValue({ maxDepth: 0 }),
    hostPID: fc.jsonValue({ maxDepth: 0 }),
    volumes: fc.jsonValue({ maxDepth: 3 }),
    os: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);
const workload = fc
  .tuple(fc.constantFrom(...Object.keys(POD_TEMPLATE_PATHS)), podSpec, fc.jsonValue({ maxDepth: 2 }))
  .map(([kind, spec, annotations]) => {
    let body: Record<string, unknown> = { spec };
    for (const key of [...(POD_TEMPLATE_PATHS[kind] ?? [])].reverse()) body = { [key]: body };
    return { kind, metadata: { name: 'w', annotations }, ...body };
  });
const compose = fc.record({
  services: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
});

describe('auditDocuments', () => {
  test('never throws on arbitrary JSON values when bad input is collected', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 4 }), (documents) => {
        const report = auditDocuments(documents, { onInputError: 'collect' });
        expect(report.summary.documents).toBe(documents.length);
      }),
      { numRuns: 300 },
    );
  });

  test('never throws on workloads and Compose files with random security settings', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(workload, compose), { maxLength: 3 }), (documents) => {
        const report = auditDocuments(documents, { onInputError: 'collect' });
        for (const finding of report.findings) expect(typeof finding.message).toBe('string');
      }),
      { numRuns: 150 },
    );
  });

  test('throws only InputError when bad input is not collected', () => {
    fc.assert(
      fc.property(fc.oneof(workload, fc.jsonValue()), (document) => {
        let thrown: unknown;
        try {
          auditDocuments([document]);
        } catch (error) {
          thrown = error;
        }
        expect(thrown === undefined || thrown instanceof InputError).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('audits in-memory manifests with the source as their file and no line', () => {
    const report = auditDocuments(
      [
        {
          kind: 'Pod',
          metadata: { name: 'p' },
          spec: { containers: [{ name: 'c', image: 'i:1', securityContext: { privileged: true } }] },
        },
      ],
      { level: 'baseline', source: 'chart.k8s.yaml' },
    );
    expect(report.findings).toEqual([
      expect.objectContaining({
        file: 'chart.k8s.yaml',
        line: null,
        rule: 'privileged',
        status: 'violation',
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0, violations: 1, workloads: 1, files: 0 });
  });
});
