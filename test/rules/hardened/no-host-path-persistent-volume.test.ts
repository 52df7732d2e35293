import { auditDocuments } from 'hardened-workloads/audit';
import { JUSTIFICATIONS_ANNOTATION } from 'hardened-workloads/posture';
import { NOW, record } from './helpers';

function persistentVolume(source: Record<string, unknown>, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv', annotations },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], ...source },
  };
}

function findings(documents: unknown[], level: 'restricted' | 'hardened' = 'hardened') {
  return auditDocuments(documents, { level, now: NOW }).findings.map((f) => [
    f.kind,
    f.rule,
    f.severity,
    f.status,
    f.message,
    f.path,
  ]);
}

const rule = 'no-host-path-persistent-volume';

describe('no-host-path-persistent-volume', () => {
  test.each([
    [
      '/srv/data',
      'PersistentVolume hostPath must not mount the host path /srv/data: every pod that claims it gets it',
    ],
    [
      '/var/lib/kubelet/pods',
      'PersistentVolume hostPath must not mount /var/lib/kubelet/pods, under the sensitive host path /var/lib/kubelet: every pod that claims it gets it',
    ],
    [
      '//./',
      "PersistentVolume hostPath must not mount the host's root filesystem /: every pod that claims it gets it",
    ],
    [
      '/var/run/../run/docker.sock',
      'PersistentVolume hostPath must not mount the container runtime socket /var/run/docker.sock: every pod that claims it gets it',
    ],
    [
      '/run',
      'PersistentVolume hostPath must not mount /run, which contains the container runtime socket /run/docker.sock: every pod that claims it gets it',
    ],
  ])('a hostPath PersistentVolume at %s is an error at hardened, naming the path', (path, message) => {
    expect(findings([persistentVolume({ hostPath: { path } })])).toEqual([
      ['PersistentVolume', rule, 'error', 'violation', message, 'spec.hostPath.path'],
    ]);
  });

  test('inside a List, the path points at the item', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [persistentVolume({ hostPath: { path: '/etc' } })],
    };
    expect(findings([list]).map((f) => f[5])).toEqual(['items[0].spec.hostPath.path']);
  });

  test('a hostPath without a readable path is reported, and nothing justifies it', () => {
    expect(findings([persistentVolume({ hostPath: { path: 7 } })])).toEqual([
      [
        'PersistentVolume',
        rule,
        'error',
        'violation',
        'PersistentVolume hostPath must name its path as a non-empty string',
        'spec.hostPath.path',
      ],
    ]);
  });

  test.each([
    ['/', "the host's root filesystem /"],
    ['/etc/kubernetes', '/etc/kubernetes, under the sensitive host path /etc'],
    ['/var/run', '/var/run, which contains the container runtime socket /var/run/docker.sock'],
  ])('a local volume at %s is reported', (path, what) => {
    expect(findings([persistentVolume({ local: { path } })]).map((f) => f[4])).toEqual([
      `PersistentVolume local must not mount ${what}: every pod that claims it gets it`,
    ]);
  });

  test('the passing counterparts: a local volume on a dedicated disk, a CSI volume, and the restricted level', () => {
    expect(findings([persistentVolume({ local: { path: '/mnt/disks/ssd1' } })])).toEqual([]);
    expect(
      findings([persistentVolume({ csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' } })]),
    ).toEqual([]);
    // Pod Security has no opinion on PersistentVolumes: the rule is the hardened level's.
    expect(findings([persistentVolume({ hostPath: { path: '/etc' } })], 'restricted')).toEqual([]);
  });

  test('an approved hostPath record for the exact path on the PersistentVolume justifies it; another path does not', () => {
    const annotated = (subject: string) =>
      persistentVolume(
        { hostPath: { path: '/srv/data/' } },
        { [JUSTIFICATIONS_ANNOTATION]: JSON.stringify([record({ exemption: 'hostPath', subject })]) },
      );
    expect(findings([annotated('/srv/data')]).map((f) => f[3])).toEqual(['justified']);
    expect(findings([annotated('/srv')]).map((f) => f[3])).toEqual(['violation']);
  });

  test('a PersistentVolume is counted as audited, not skipped, and gets no pod rule', () => {
    const report = auditDocuments([persistentVolume({ csi: { driver: 'd', volumeHandle: 'v' } })], {
      now: NOW,
    });
    expect(report.summary).toMatchObject({ workloads: 1, skipped: 0, violations: 0 });
  });
});
