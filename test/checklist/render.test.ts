import type { WorkloadChecklist } from 'hardened-workloads/checklist';
import {
  CHECKLIST_QUESTIONS,
  CHECKLIST_SCHEMA_VERSION,
  answerChecklists,
  describeJustification,
  renderChecklistJson,
  renderChecklistMarkdown,
} from 'hardened-workloads/checklist';
import {
  INSECURE_POD,
  NOW,
  SEED_DEPLOYMENT,
  composeWorkload,
  hardenedDeployment,
  onlyWorkload,
} from './fixtures';

const worker = hardenedDeployment(
  {
    containers: [
      {
        name: 'worker',
        exemptions: [
          // Root, so that the add-back takes effect (as user 10001 it would be a no-op, a violation).
          {
            kind: 'runAsRoot',
            justification: {
              reason: 'the legacy proxy needs NET_BIND_SERVICE in effect, which only root gets',
            },
          },
          {
            kind: 'capability',
            capability: 'NET_BIND_SERVICE',
            justification: {
              reason: 'binds port 80 for the legacy load balancer health check',
              ticket: 'SEC-123',
              approvedBy: 'security-team',
              expires: '2026-12-31',
            },
          },
        ],
      },
    ],
  },
  'worker',
);

const composeApi = composeWorkload(
  'api',
  {
    securityContext: {
      runAsUser: 10001,
      runAsGroup: 10001,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
    resources: { limits: { cpu: '1', memory: '256Mi' } },
    volumeMounts: [{ name: 'tmpfs-0', mountPath: '/tmp' }],
  },
  { volumes: [{ name: 'tmpfs-0', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }] },
);

function checklists(): WorkloadChecklist[] {
  return answerChecklists(
    [onlyWorkload(SEED_DEPLOYMENT), onlyWorkload(INSECURE_POD), onlyWorkload(worker), composeApi],
    { now: NOW },
  );
}

describe('renderChecklistMarkdown', () => {
  const markdown = renderChecklistMarkdown(checklists());

  test('matches the reviewed report', () => {
    expect(markdown).toMatchSnapshot();
  });

  test('opens with a summary of every workload', () => {
    expect(markdown.split('\n').slice(0, 10)).toEqual([
      '# Runtime security decision checklist',
      '',
      '4 workloads: 1 on the default posture, 1 with justified exceptions only, 2 with violations.',
      '',
      '| Workload | Source | Status | Exceptions | Violations |',
      '|---|---|---|---|---|',
      '| Deployment api | manifests/app.yaml:1 | **VIOLATION** | 0 | 1 |',
      '| Pod ci/builder | manifests/app.yaml:1 | **VIOLATION** | 0 | 11 |',
      '| Deployment shop/worker | manifests/app.yaml:1 | justified exception | 4 | 0 |',
      '| ComposeService api | compose.yaml:2 | default | 0 | 0 |',
    ]);
  });

  test('gives every workload a section with the eight questions', () => {
    for (const title of [
      '## Deployment api',
      '## Pod ci/builder',
      '## Deployment shop/worker',
      '## ComposeService api',
    ])
      expect(markdown).toContain(`\n${title}\n`);
    for (const [index, { question }] of CHECKLIST_QUESTIONS.entries())
      expect(markdown.split(`\n| ${index + 1} | ${question} | `)).toHaveLength(5);
  });

  test('shows the justification behind an exception: reason, ticket, approver and expiry', () => {
    expect(markdown).toContain(
      'Justified: "binds port 80 for the legacy load balancer health check" ' +
        '(ticket SEC-123, approved by security-team, expires 2026-12-31).',
    );
  });

  test('names an unset seccomp profile Unconfined and prints the exact debug command', () => {
    expect(markdown).toContain('which Kubernetes runs as Unconfined');
    expect(markdown).toContain(
      '```sh\nkubectl debug -it -n ci pod/builder --image=busybox --target=builder --profile=restricted\n```',
    );
  });

  test('escapes table cells', () => {
    const odd = composeWorkload(
      'odd',
      { volumeMounts: [{ name: 'bind-0', mountPath: '/data' }] },
      { volumes: [{ name: 'bind-0', hostPath: { path: './a|b' } }] },
    );
    const text = renderChecklistMarkdown(answerChecklists([odd], { now: NOW }));
    expect(text).toContain('/data (host path ./a\\|b)');
  });

  test('a line break in a manifest name cannot forge a heading or a list item', () => {
    const hostile = onlyWorkload({
      kind: 'Pod',
      metadata: { name: 'x\n# Approved by security\n- all good' },
      spec: { containers: [{ name: 'y\n## Fine' }] },
    });
    const text = renderChecklistMarkdown(answerChecklists([hostile], { now: NOW }));
    const lines = text.split('\n');
    expect(lines.filter((line) => line.startsWith('# '))).toEqual(['# Runtime security decision checklist']);
    expect(
      lines.filter((line) => /Approved by security|## Fine|all good/.test(line) && /^(#|- all)/.test(line)),
    ).toEqual([expect.stringMatching(/^## Pod x # Approved by security - all good$/)]);
  });

  test('an empty input still says what was checked, under the given title', () => {
    expect(renderChecklistMarkdown([], { title: 'Checklist for shop' })).toBe(
      '# Checklist for shop\n\n0 workloads: 0 on the default posture, 0 with justified exceptions only, 0 with violations.\n',
    );
  });
});

describe('renderChecklistJson', () => {
  const text = renderChecklistJson(checklists());
  const report = JSON.parse(text) as Record<string, unknown>;

  test('has a versioned, documented shape', () => {
    expect(Object.keys(report)).toEqual(['schemaVersion', 'questions', 'summary', 'workloads']);
    expect(report.schemaVersion).toBe(CHECKLIST_SCHEMA_VERSION);
    expect(report.questions).toEqual(CHECKLIST_QUESTIONS);
    expect(report.summary).toEqual({ workloads: 4, default: 1, justified: 1, violation: 2 });
    const workloads = report.workloads as Record<string, unknown>[];
    expect(Object.keys(workloads[0] ?? {})).toEqual([
      'file',
      'line',
      'kind',
      'name',
      'namespace',
      'dialect',
      'namespaceEnforce',
      'status',
      'answers',
      'otherFindings',
    ]);
    const answers = (workloads[2]?.answers ?? []) as Record<string, unknown>[];
    expect(answers.map((a) => a.id)).toEqual(CHECKLIST_QUESTIONS.map((q) => q.id));
    expect(Object.keys(answers[2] ?? {})).toEqual([
      'id',
      'question',
      'status',
      'answer',
      'facts',
      'findings',
      'justifications',
      'uncovered',
    ]);
    expect(answers[2]).toMatchObject({
      id: 'capabilities',
      status: 'justified',
      facts: { containers: [{ container: 'worker', dropsAll: true, added: ['NET_BIND_SERVICE'] }] },
      justifications: [
        { reason: 'binds port 80 for the legacy load balancer health check', ticket: 'SEC-123' },
      ],
    });
  });

  test('is stable text: the same input renders byte for byte the same', () => {
    expect(renderChecklistJson(checklists())).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

test('describeJustification leaves out what a record does not have', () => {
  expect(
    describeJustification({ exemption: 'hostNetwork', reason: 'node exporter reads host interfaces' }),
  ).toBe('"node exporter reads host interfaces"');
});
