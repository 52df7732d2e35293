import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { POD_TEMPLATE_PATHS, auditPaths, loadWorkloads } from '../../src/audit';
import { TempTree } from './temp-files';

const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

const podSpec = {
  initContainers: [{ name: 'init', image: 'busybox:1.36' }],
  containers: [{ name: 'app', image: 'app:1.0' }],
  ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }],
};

/** A manifest of `kind` whose pod spec is `spec`, placed where that kind keeps it. */
function manifest(kind: string, name: string, spec: unknown): Record<string, unknown> {
  const keys = POD_TEMPLATE_PATHS[kind] ?? [];
  let body: Record<string, unknown> = { spec };
  for (const key of [...keys].reverse()) body = { [key]: body };
  return { apiVersion: 'v1', kind, metadata: { name, namespace: 'ns' }, ...body };
}

const KINDS = [
  'Pod',
  'PodTemplate',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
];

describe('loadWorkloads', () => {
  test.each(KINDS)('reads the pod of a %s with its init, regular and ephemeral containers', (kind) => {
    const file = tree.write(`kinds/${kind}.yaml`, stringify(manifest(kind, kind.toLowerCase(), podSpec)));
    const [workload, ...rest] = [...loadWorkloads([file])];
    expect(rest).toEqual([]);
    expect(workload).toMatchObject({ file, line: 1, kind, name: kind.toLowerCase(), namespace: 'ns' });
    expect(workload?.pod.containers.map((c) => [c.group, c.name])).toEqual([
      ['initContainers', 'init'],
      ['containers', 'app'],
      ['ephemeralContainers', 'debug'],
    ]);
  });

  test('reads every document of a multi-document file, the items of a List, and JSON', () => {
    const yaml = tree.write(
      'multi/workloads.yaml',
      [
        stringify(manifest('Pod', 'one', podSpec)),
        stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }),
        stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [manifest('Deployment', 'two', podSpec), manifest('Job', 'three', podSpec)],
        }),
      ].join('---\n'),
    );
    const json = tree.write('multi/z.json', JSON.stringify(manifest('CronJob', 'four', podSpec), null, 2));
    const skipped: string[] = [];
    const names = [
      ...loadWorkloads([tree.path('multi')], { onSkip: (note) => skipped.push(note.reason) }),
    ].map((w) => `${w.file === yaml ? 'yaml' : w.file === json ? 'json' : '?'}:${w.kind}/${w.name}`);
    expect(names).toEqual(['yaml:Pod/one', 'yaml:Deployment/two', 'yaml:Job/three', 'json:CronJob/four']);
    expect(skipped).toEqual(['ConfigMap is not a workload']);
  });

  test('walks directories recursively in a stable order, skipping hidden directories and other extensions', () => {
    const pod = stringify(manifest('Pod', 'p', podSpec));
    tree.write('walk/b.yml', pod);
    tree.write('walk/a/z.yaml', pod);
    tree.write('walk/A.json', JSON.stringify(manifest('Pod', 'p', podSpec)));
    tree.write('walk/.git/config.yaml', pod);
    tree.write('walk/node_modules/x/pod.yaml', pod);
    tree.write('walk/README.md', '# not a manifest');
    const files = [...loadWorkloads([tree.path('walk')])].map((w) =>
      w.file?.slice(tree.path('walk').length + 1),
    );
    expect(files).toEqual(['A.json', 'a/z.yaml', 'b.yml']);
  });

  test('a file named twice is read once', () => {
    const file = tree.write('twice/pod.yaml', stringify(manifest('Pod', 'p', podSpec)));
    expect([...loadWorkloads([file, tree.path('twice'), file])]).toHaveLength(1);
  });
});

describe('auditPaths line numbers', () => {
  test('each finding names the exact line of its field in a multi-document file', () => {
    const file = tree.write(
      'lines/app.yaml',
      [
        '# two workloads', //                        1
        'apiVersion: v1', //                         2
        'kind: Pod', //                              3
        'metadata:', //                              4
        '  name: first', //                          5
        'spec:', //                                  6
        '  hostNetwork: true', //                    7
        '  containers:', //                          8
        '  - name: app', //                          9
        '    image: app:1.0', //                     10
        '---', //                                    11
        'apiVersion: apps/v1', //                    12
        'kind: Deployment', //                       13
        'metadata:', //                              14
        '  name: second', //                         15
        'spec:', //                                  16
        '  template:', //                            17
        '    spec:', //                              18
        '      containers:', //                      19
        '        - name: web', //                    20
        '          image: web:1.0', //               21
        '          securityContext:', //             22
        '            privileged: true', //           23
        '            runAsUser: 0', //               24
      ].join('\n'),
    );
    const report = auditPaths([file], { level: 'baseline' });
    const lines = report.findings.map((f) => `${f.name}:${f.rule}:${f.line}`);
    expect(lines).toEqual(['first:host-namespaces:7', 'second:privileged:23']);
    expect(report.findings.map((f) => f.documentLine)).toEqual([2, 12]);
    expect(
      auditPaths([file], { level: 'restricted' }).findings.find((f) => f.rule === 'run-as-user')?.line,
    ).toBe(24);
  });

  test('merge keys are applied and dates stay strings, as Kubernetes reads them', () => {
    const file = tree.write(
      'lines/merge.yaml',
      [
        'x-insecure: &insecure', //      1
        '  privileged: true', //         2
        'kind: Pod', //                  3
        'metadata:', //                  4
        '  name: merged', //             5
        '  labels:', //                  6
        '    since: 2024-01-01', //      7
        'spec:', //                      8
        '  containers:', //              9
        '  - name: app', //              10
        '    image: app:1.0', //         11
        '    securityContext:', //       12
        '      <<: *insecure', //        13
      ].join('\n'),
    );
    const [workload] = [...loadWorkloads([file])];
    expect(workload?.pod.containers[0]?.securityContext).toEqual({ privileged: true });
    const findings = auditPaths([file], { level: 'baseline' }).findings;
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['privileged', 12]]);
  });

  test('a long kind: List gets exact lines without rescanning the list for each finding', () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({
      kind: 'Pod',
      metadata: { name: `p${i}` },
      spec: { containers: [{ name: 'c', image: 'i:1', securityContext: { privileged: i % 3 === 0 } }] },
    }));
    const file = tree.write('lines/list.yaml', stringify({ apiVersion: 'v1', kind: 'List', items }));
    const findings = auditPaths([file], { level: 'baseline' }).findings;
    expect(findings).toHaveLength(1000);
    const text = readFileSync(file, 'utf8').split('\n');
    for (const finding of findings) expect(text[finding.line! - 1]).toMatch(/^ +privileged: true$/);
  });
});
