import { noContainerRuntimeSocket } from 'hardened-workloads/rules/hardened';
import { container, findingsWith, record, runRule } from './helpers';

function podWith(path: unknown, mounts: string[] = ['a']) {
  return {
    containers: mounts.map((name) => container(name, { volumeMounts: [{ name: 'host', mountPath: '/h' }] })),
    volumes: [
      { name: 'scratch', emptyDir: {} },
      { name: 'host', hostPath: { path } },
    ],
  };
}

describe('no-container-runtime-socket', () => {
  test.each([
    [
      '/var/run/docker.sock',
      'hostPath volume "host" must not mount the container runtime socket /var/run/docker.sock',
    ],
    [
      '/var/run/docker.sock/',
      'hostPath volume "host" must not mount the container runtime socket /var/run/docker.sock',
    ],
    [
      '//run//containerd/containerd.sock',
      'hostPath volume "host" must not mount the container runtime socket /run/containerd/containerd.sock',
    ],
    [
      '/var/run/crio/crio.sock',
      'hostPath volume "host" must not mount the container runtime socket /var/run/crio/crio.sock',
    ],
    [
      '/run/podman/podman.sock',
      'hostPath volume "host" must not mount the container runtime socket /run/podman/podman.sock',
    ],
    [
      '/var/',
      'hostPath volume "host" must not mount /var, which contains the container runtime socket /var/run/docker.sock',
    ],
    [
      '/var/run',
      'hostPath volume "host" must not mount /var/run, which contains the container runtime socket /var/run/docker.sock',
    ],
    [
      '/srv/../var/run',
      'hostPath volume "host" must not mount /var/run, which contains the container runtime socket /var/run/docker.sock',
    ],
    [
      '/run/containerd',
      'hostPath volume "host" must not mount /run/containerd, which contains the container runtime socket /run/containerd/containerd.sock',
    ],
  ])('%s is refused', (path, message) => {
    expect(runRule(noContainerRuntimeSocket, podWith(path))).toEqual([
      {
        message,
        path: 'spec.volumes[1].hostPath.path',
        subject: expect.any(String) as string,
        container: 'a',
      },
    ]);
  });

  test.each(['/srv/data', '/etc', '/var/lib/app'])('%s is not a socket', (path) => {
    expect(runRule(noContainerRuntimeSocket, podWith(path))).toEqual([]);
  });

  test.each(['/', '//', '/.', '/./', '/..', '/var/..'])(
    'the host root %s is reported once, by no-sensitive-host-paths, not as a socket directory',
    (path) => {
      expect(runRule(noContainerRuntimeSocket, podWith(path))).toEqual([]);
    },
  );

  test.each([
    ['/var/run/../run/docker.sock', '/var/run/docker.sock'],
    ['/run/./containerd/../docker.sock', '/run/docker.sock'],
    ['/var/lib/../run//docker.sock/.', '/var/run/docker.sock'],
  ])('a dot-dot spelling %s is read as Docker and the kubelet read it (%s)', (path, socket) => {
    expect(runRule(noContainerRuntimeSocket, podWith(path)).map((v) => v.subject)).toEqual([socket]);
  });

  test('no container is named when several mount the volume; the subject is the normalised path', () => {
    expect(runRule(noContainerRuntimeSocket, podWith('/var/run//docker.sock', ['a', 'b']))).toEqual([
      {
        message: 'hostPath volume "host" must not mount the container runtime socket /var/run/docker.sock',
        path: 'spec.volumes[1].hostPath.path',
        subject: '/var/run/docker.sock',
      },
    ]);
  });

  test('a dockerSocket justification must name the same path', () => {
    const spec = podWith('/var/run/docker.sock');
    const justified = findingsWith(noContainerRuntimeSocket, spec, [
      record({ exemption: 'dockerSocket', container: 'a', subject: '/var/run/docker.sock' }),
    ]);
    expect(justified.map((f) => f.status)).toEqual(['justified']);
    const otherPath = findingsWith(noContainerRuntimeSocket, spec, [
      record({ exemption: 'dockerSocket', container: 'a', subject: '/run/docker.sock' }),
    ]);
    expect(otherPath.map((f) => f.status)).toEqual(['violation']);
    const unapproved = findingsWith(noContainerRuntimeSocket, spec, [
      {
        exemption: 'dockerSocket',
        subject: '/var/run/docker.sock',
        reason: 'the CI runner builds images locally',
      },
    ]);
    expect(unapproved.map((f) => f.status)).toEqual(['violation']);
  });
});
