import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isWorkloadKind } from '../../src/audit/workloads';
import { generateCorpus } from '../../bench/corpus';
import { CONFORMANCE_DIR } from '../conformance/conformance-dir';
import type { PodDocument } from '../conformance/workload-wrappers';

export type { PssFixture } from '../conformance/pss-fixture-files';
export { pssFixtures } from '../conformance/pss-fixture-files';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(file);
      return /\.ya?ml$/.test(entry.name) ? [file] : [];
    });
}

/** Every workload document of the Kyverno policy tests (resources and chainsaw objects). */
export function kyvernoWorkloads(): { file: string; document: unknown }[] {
  return yamlFiles(path.join(CONFORMANCE_DIR, 'kyverno')).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((doc) => doc.toJS() as { kind?: unknown } | null)
      .filter((doc) => doc !== null && typeof doc === 'object' && isWorkloadKind(doc.kind))
      .map((document) => ({ file: path.relative(CONFORMANCE_DIR, file), document })),
  );
}

/** The benchmark corpus generator's first `count` workloads (deterministic: the bench's seed). */
export function corpusWorkloads(count: number): unknown[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'hardened-workloads-admission-'));
  try {
    const manifest = generateCorpus(count, dir);
    return manifest.files.flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map((doc) => doc.toJS() as unknown),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Values of a group id field the audit and the policy must read alike (0, negative, not integers, null). */
const GROUP_IDS: readonly unknown[] = [0, 1, 10001, -1, 1.5, '0', '10001', null, true];
/** Values of supplementalGroups, including ones that are not lists (unreadable is not empty). */
const GROUP_LISTS: readonly unknown[] = [
  [],
  [0],
  [1000, 0],
  [1000, 2000],
  [-5],
  [1.5],
  ['0'],
  null,
  '0',
  0,
  { a: 0 },
];
/** Volumes with and without a projected token, and projected sources that are not lists. */
const TOKEN_VOLUMES: readonly unknown[][] = [
  [],
  [{ name: 'cfg', projected: { sources: [{ configMap: { name: 'c' } }] } }],
  [{ name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }],
  [
    {
      name: 'tok',
      projected: {
        sources: [{ configMap: { name: 'c' } }, { serviceAccountToken: { audience: 'vault', path: 't' } }],
      },
    },
  ],
  [{ name: 'tok', projected: { sources: [{ serviceAccountToken: null }] } }],
  [{ name: 'tok', projected: { sources: null } }],
  [{ name: 'tok', projected: null }],
  [{ name: 'odd', projected: { sources: { serviceAccountToken: {} } } }],
  [{ name: 'odd', projected: { sources: 'serviceAccountToken' } }],
  [
    { name: 'e', emptyDir: {} },
    { name: 'tok', projected: { sources: [{ serviceAccountToken: {} }] } },
  ],
  // The ServiceAccount admission plugin's automount volume, and near misses.
  [
    {
      name: 'kube-api-access-x7k2p',
      projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] },
    },
  ],
  [
    {
      name: 'kube-api-access-x7k2p',
      projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault' } }] },
    },
  ],
  [{ name: 'kube-api-access-x7k2p', projected: { sources: [{ serviceAccountToken: { path: 'other' } }] } }],
  [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
];
/** automountServiceAccountToken values the token volumes are tried with. */
const AUTOMOUNT: readonly unknown[] = [undefined, true, false, 'false'];

/** Where a Localhost (or other) seccomp profile can be set: container and pod fields, legacy annotations. */
const SECCOMP_SETTINGS: readonly {
  container?: unknown;
  pod?: unknown;
  annotations?: Record<string, string>;
}[] = [
  { container: { type: 'Localhost', localhostProfile: 'c.json' } },
  { container: { type: 'Localhost' } },
  { container: { type: 'RuntimeDefault' }, pod: { type: 'Localhost', localhostProfile: 'p.json' } },
  { pod: { type: 'Localhost', localhostProfile: 'p.json' } },
  { pod: { type: 'RuntimeDefault' } },
  { annotations: { 'container.seccomp.security.alpha.kubernetes.io/app': 'localhost/a.json' } },
  { annotations: { 'container.seccomp.security.alpha.kubernetes.io/app': 'Localhost' } },
  {
    annotations: { 'container.seccomp.security.alpha.kubernetes.io/app': 'runtime/default' },
    pod: { type: 'Localhost' },
  },
  { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'localhost/pod.json' } },
  {
    annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'localhost/pod.json' },
    pod: { type: 'RuntimeDefault' },
  },
];

/**
 * Pods that vary the fields no-root-group, projected-service-account-token and
 * seccomp-profile-generated read, on Linux and Windows: the upstream fixtures and the corpus hold
 * no root group and few projected tokens or Localhost profiles, so without these the differential
 * would compare those rules on admitted pods only.
 */
export function fieldVariationPods(): PodDocument[] {
  const pods: PodDocument[] = [];
  const add = (spec: Record<string, unknown>, annotations?: Record<string, string>) =>
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `variation-${pods.length}`, ...(annotations && { annotations }) },
      spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0' }], ...spec },
    } as PodDocument);
  for (const windows of [false, true]) {
    const os = windows ? { os: { name: 'windows' } } : {};
    for (const fsGroup of GROUP_IDS)
      for (const supplementalGroups of GROUP_LISTS)
        add({ ...os, securityContext: { fsGroup, supplementalGroups } });
    for (const volumes of TOKEN_VOLUMES)
      for (const automount of AUTOMOUNT)
        add({ ...os, volumes, ...(automount !== undefined && { automountServiceAccountToken: automount }) });
    for (const setting of SECCOMP_SETTINGS)
      add(
        {
          ...os,
          ...(setting.pod !== undefined && { securityContext: { seccompProfile: setting.pod } }),
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/app:1.0.0',
              ...(setting.container !== undefined && {
                securityContext: { seccompProfile: setting.container },
              }),
            },
            { name: 'sidecar', image: 'registry.example.com/sidecar:1.0.0' },
          ],
        },
        setting.annotations,
      );
  }
  add({ securityContext: null });
  add({ securityContext: { runAsUser: 10001 } });
  return pods;
}
