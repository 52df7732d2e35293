import { auditDocuments, loadWorkloads, workloadsFromManifest } from '../../src/audit';
import { run } from '../../src/cli';
import { renderJson, renderSarif, renderTable } from '../../src/report';
import { fakeIo } from '../cli/fake-io';
import { TempTree } from './temp-files';

const privileged = { containers: [{ name: 'app', image: 'app:1.0', securityContext: { privileged: true } }] };
const clean = { containers: [{ name: 'app', image: 'app:1.0' }] };

function rolloutWith(spec: unknown): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'r' },
    spec: { template: { spec } },
  };
}

function baseline(documents: unknown[]) {
  return auditDocuments(documents, { level: 'baseline', onInputError: 'collect' });
}

describe('any kind with a pod template is audited', () => {
  test.each([
    [
      'an Argo Rollout',
      rolloutWith(privileged),
      'Rollout',
      'spec.template.spec.containers[0].securityContext.privileged',
    ],
    [
      'an OpenKruise CloneSet',
      {
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'CloneSet',
        metadata: { name: 'r' },
        spec: { template: { spec: privileged } },
      },
      'CloneSet',
      'spec.template.spec.containers[0].securityContext.privileged',
    ],
    [
      'an OpenKruise Advanced StatefulSet',
      {
        apiVersion: 'apps.kruise.io/v1beta1',
        kind: 'StatefulSet',
        metadata: { name: 'r' },
        spec: { template: { spec: privileged } },
      },
      'StatefulSet',
      'spec.template.spec.containers[0].securityContext.privileged',
    ],
    [
      'a batch/v2alpha1 CronJob',
      {
        apiVersion: 'batch/v2alpha1',
        kind: 'CronJob',
        metadata: { name: 'r' },
        spec: { jobTemplate: { spec: { template: { spec: privileged } } } },
      },
      'CronJob',
      'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged',
    ],
    [
      'a CronJob-like custom kind',
      {
        apiVersion: 'example.com/v1',
        kind: 'ScheduledTask',
        metadata: { name: 'r' },
        spec: { jobTemplate: { spec: { template: { spec: privileged } } } },
      },
      'ScheduledTask',
      'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged',
    ],
  ])('%s: its privileged container is found, its kind named', (_, document, kind, path) => {
    const report = baseline([document]);
    expect(report.inputs.errors).toEqual([]);
    expect(report.findings.map((f) => [f.kind, f.rule, f.path])).toEqual([[kind, 'privileged', path]]);
  });

  test('the same kinds with a clean pod pass (the counterpart)', () => {
    const report = baseline([rolloutWith(clean)]);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ workloads: 1, skipped: 0 });
  });
});

describe('list kinds are read item by item', () => {
  test.each(['List', 'PodList', 'DeploymentList'])('%s', (kind) => {
    const item =
      kind === 'PodList'
        ? { kind: 'Pod', metadata: { name: 'p' }, spec: privileged }
        : { kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: privileged } } };
    const report = baseline([
      { apiVersion: 'v1', kind, items: [item, { kind: 'ConfigMap', metadata: { name: 'c' } }] },
    ]);
    expect(report.findings.map((f) => [f.kind, f.path.replace(/\..*privileged$/, '')])).toEqual([
      [item.kind, 'items[0]'],
    ]);
  });

  test('a list whose items is not a list is unreadable, not empty', () => {
    const report = baseline([
      { apiVersion: 'v1', kind: 'PodList', metadata: { name: 'l' }, items: { a: privileged } },
    ]);
    expect(report.inputs.errors.map((e) => e.message)).toEqual([
      '<input>: PodList "l" is an unreadable list: items is a mapping, not a list: it cannot be audited (field items)',
    ]);
  });
});

describe('what looks like it carries a pod but cannot be read is reported, never passed', () => {
  test.each([
    [
      'spec.template is a string',
      rolloutWith(undefined),
      { template: 'pod' },
      'spec.template is a string ("pod"), not a mapping',
    ],
    [
      'spec.template.spec is a list',
      rolloutWith(undefined),
      { template: { spec: [privileged] } },
      'spec.template.spec is a list, not a mapping',
    ],
    [
      'containers is a mapping',
      rolloutWith({ containers: { app: privileged.containers[0] } }),
      undefined,
      'spec.template.spec.containers is a mapping, not a list',
    ],
    [
      'volumes is a mapping',
      rolloutWith({ ...clean, volumes: { host: { hostPath: { path: '/' } } } }),
      undefined,
      'spec.template.spec.volumes is a mapping, not a list',
    ],
  ])('%s', (_, document, spec, problem) => {
    const doc = spec === undefined ? document : { ...document, spec };
    const report = baseline([doc]);
    expect(report.inputs.errors.map((e) => e.problem)).toEqual([
      `Rollout "r" is an unreadable workload: ${problem}: it cannot be audited`,
    ]);
    expect(report.summary.workloads).toBe(0);
  });

  test('a known kind with containers as a mapping is unreadable too (it used to read as no container)', () => {
    const { problems } = workloadsFromManifest({
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        template: { spec: { containers: { app: { image: 'x', securityContext: { privileged: true } } } } },
      },
    });
    expect(problems.map((p) => [p.message, p.path])).toEqual([
      [
        'Deployment "d" is an unreadable workload: spec.template.spec.containers is a mapping, not a list: it cannot be audited',
        'spec.template.spec.containers',
      ],
    ]);
  });
});

describe('skipped documents are counted in the summary data', () => {
  const documents = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
    // Cluster API: a template that holds no pod is not a workload.
    {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'MachineDeployment',
      metadata: { name: 'm' },
      spec: { template: { spec: { clusterName: 'c' } } },
    },
    rolloutWith(privileged),
  ];

  test('summary, JSON, SARIF run properties and the table summary line', () => {
    const report = baseline(documents);
    expect(report.summary).toMatchObject({ documents: 3, workloads: 1, skipped: 2 });
    expect(report.inputs.skipped.map((s) => s.reason)).toEqual([
      'ConfigMap is not a workload',
      'MachineDeployment has a spec.template without containers: not a pod template',
    ]);
    expect((JSON.parse(renderJson(report)) as { summary: { skipped: number } }).summary.skipped).toBe(2);
    const sarif = JSON.parse(renderSarif(report, { version: '0.0.0', cwd: '/', rules: [] })) as {
      runs: { properties: unknown }[];
    };
    expect(sarif.runs[0]?.properties).toEqual({
      files: 0,
      documents: 3,
      workloads: 1,
      skipped: 2,
      refused: 0,
    });
    expect(renderTable(report)).toContain('in 1 workload from 0 files, 2 documents skipped [');
  });

  test('nothing skipped: the table line says nothing about it', () => {
    expect(renderTable(baseline([rolloutWith(clean)]))).not.toContain('skipped');
  });
});

describe('end to end through the CLI and the checklist reader', () => {
  const tree = new TempTree();
  afterAll(() => {
    tree.remove();
  });
  const rollout = (containers: string) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r\nspec:\n  template:\n    spec:\n      containers:${containers}\n`;

  test('a privileged Rollout fails the audit (exit 1) under its own kind', async () => {
    const file = tree.write(
      'rollout.yaml',
      rollout(
        '\n      - name: app\n        image: app:1.0\n        securityContext:\n          privileged: true',
      ),
    );
    const { io, out } = fakeIo();
    expect(await run(['audit', '--level', 'baseline', file], io)).toBe(1);
    expect(out()).toContain(`${file}:1 Rollout r`);
  });

  test('a Rollout whose containers is a mapping is exit 2, naming file, line and field', async () => {
    const file = tree.write('unreadable.yaml', rollout('\n        app:\n          image: app:1.0'));
    const { io, err } = fakeIo();
    expect(await run(['audit', file], io)).toBe(2);
    expect(err()).toContain(
      `error: ${file}:8: Rollout "r" is an unreadable workload: spec.template.spec.containers is a mapping, not a list: it cannot be audited (field spec.template.spec.containers)`,
    );
  });

  test('the checklist reader notes a PersistentVolume instead of asking it container questions', () => {
    const file = tree.write(
      'pv.yaml',
      'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\nspec:\n  hostPath:\n    path: /srv\n',
    );
    const notes: string[] = [];
    expect([...loadWorkloads([file], { onSkip: (note) => notes.push(note.reason) })]).toEqual([]);
    expect(notes).toEqual(['a PersistentVolume runs no container: its host path is judged by the audit']);
  });
});
