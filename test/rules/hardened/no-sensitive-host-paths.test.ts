import { noSensitiveHostPaths } from 'hardened-workloads/rules/hardened';
import { auditCompose } from '../../audit/compose/helpers';
import { container, findingsWith, record, runRule } from './helpers';

function podWith(path: unknown) {
  return {
    containers: [container('a', { volumeMounts: [{ name: 'host', mountPath: '/h', readOnly: true }] })],
    volumes: [{ name: 'host', hostPath: { path, type: 'Directory' } }],
  };
}

describe('no-sensitive-host-paths', () => {
  test.each([
    ['/etc', 'hostPath volume "host" must not mount the sensitive host path /etc'],
    ['/etc/', 'hostPath volume "host" must not mount the sensitive host path /etc'],
    ['/proc', 'hostPath volume "host" must not mount the sensitive host path /proc'],
    [
      '/sys/fs/cgroup',
      'hostPath volume "host" must not mount /sys/fs/cgroup, under the sensitive host path /sys',
    ],
    [
      '/home/../root/.ssh',
      'hostPath volume "host" must not mount /root/.ssh, under the sensitive host path /root',
    ],
    ['/var/lib/kubelet', 'hostPath volume "host" must not mount the sensitive host path /var/lib/kubelet'],
    [
      '/var/lib/docker/volumes',
      'hostPath volume "host" must not mount /var/lib/docker/volumes, under the sensitive host path /var/lib/docker',
    ],
    [
      '/var/lib',
      'hostPath volume "host" must not mount /var/lib, which contains the sensitive host path /var/lib/kubelet',
    ],
    ['/', `hostPath volume "host" must not mount the host's root filesystem /`],
    ['//', `hostPath volume "host" must not mount the host's root filesystem /`],
    ['/.', `hostPath volume "host" must not mount the host's root filesystem /`],
    ['/./', `hostPath volume "host" must not mount the host's root filesystem /`],
    ['///./..//', `hostPath volume "host" must not mount the host's root filesystem /`],
    ['/srv/..', `hostPath volume "host" must not mount the host's root filesystem /`],
  ])('%s is refused', (path, message) => {
    expect(runRule(noSensitiveHostPaths, podWith(path)).map((v) => [v.message, v.path, v.container])).toEqual(
      [[message, 'spec.volumes[0].hostPath.path', 'a']],
    );
  });

  test.each(['/srv/data', '/var/log/app', 'data', '/var/run'])('%s is not reported here', (path) => {
    // /var/run holds the runtime sockets: no-container-runtime-socket reports it, once.
    expect(runRule(noSensitiveHostPaths, podWith(path))).toEqual([]);
  });

  test('the host root is justified only by a hostPath record for "/", never by a dockerSocket one', () => {
    const statuses = (exemption: 'hostPath' | 'dockerSocket') =>
      findingsWith(noSensitiveHostPaths, podWith('//'), [
        record({ exemption, container: 'a', subject: '/', mode: 'read-only' }),
      ]).map((f) => f.status);
    expect(statuses('hostPath')).toEqual(['justified']);
    expect(statuses('dockerSocket')).toEqual(['violation']);
  });

  test('a hostPath justification must name the same normalised path and be approved', () => {
    const spec = podWith('/etc/ssl/');
    const statuses = (subject: string, approvedBy?: string) =>
      findingsWith(noSensitiveHostPaths, spec, [
        { ...record({ exemption: 'hostPath', container: 'a', subject, mode: 'read-only' }), approvedBy },
      ]).map((f) => f.status);
    expect(statuses('/etc/ssl', 'security-team')).toEqual(['justified']);
    expect(statuses('/etc', 'security-team')).toEqual(['violation']);
    expect(statuses('/etc/ssl')).toEqual(['violation']);
  });
});

describe('no-sensitive-host-paths in Compose', () => {
  test.each(['/:/host', '//:/host:ro', '/.:/host'])('the bind %s is the host root, reported once', (bind) => {
    const { findings } = auditCompose({
      services: { api: { image: 'registry.example.com/api:1.0', user: '10001:10001', volumes: [bind] } },
    });
    expect(
      findings.filter(
        (f) => f.rule === 'no-sensitive-host-paths' || f.rule === 'no-container-runtime-socket',
      ),
    ).toEqual([
      expect.objectContaining({ rule: 'no-sensitive-host-paths', path: 'services.api.volumes[0]' }),
    ]);
  });

  test('a hostPath justification reviewed read-only is not honoured for a writable mount of the same path', () => {
    const writable = {
      containers: [container('a', { volumeMounts: [{ name: 'host', mountPath: '/h' }] })],
      volumes: [{ name: 'host', hostPath: { path: '/etc/ssl' } }],
    };
    const statuses = (spec: Record<string, unknown>, mode: 'read-only' | 'read-write') =>
      findingsWith(noSensitiveHostPaths, spec, [
        record({ exemption: 'hostPath', container: 'a', subject: '/etc/ssl', mode }),
      ]).map((f) => [f.mode, f.status]);
    expect(statuses(writable, 'read-only')).toEqual([['read-write', 'violation']]);
    expect(statuses(writable, 'read-write')).toEqual([['read-write', 'justified']]);
    expect(statuses(podWith('/etc/ssl'), 'read-only')).toEqual([['read-only', 'justified']]);
    // A writable review does not stand in for the read-only mount either: each mode is its own review.
    expect(statuses(podWith('/etc/ssl'), 'read-write')).toEqual([['read-only', 'violation']]);
  });
});
