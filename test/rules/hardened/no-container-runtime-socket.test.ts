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
        mode: 'read-write',
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

  test('each container that mounts the volume gets its own finding, naming it and its mode', () => {
    expect(runRule(noContainerRuntimeSocket, podWith('/var/run//docker.sock', ['a', 'b']))).toEqual([
      {
        message:
          'hostPath volume "host" must not mount the container runtime socket /var/run/docker.sock (container "a" mounts it read-write)',
        path: 'spec.containers[0].volumeMounts[0]',
        subject: '/var/run/docker.sock',
        container: 'a',
        mode: 'read-write',
      },
      {
        message:
          'hostPath volume "host" must not mount the container runtime socket /var/run/docker.sock (container "b" mounts it read-write)',
        path: 'spec.containers[1].volumeMounts[0]',
        subject: '/var/run/docker.sock',
        container: 'b',
        mode: 'read-write',
      },
    ]);
  });

  test('a socket justified for sidecar "agent" does not cover the same socket mounted into "web"', () => {
    const spec = podWith('/var/run/docker.sock', ['agent', 'web']);
    const agentOnly = findingsWith(noContainerRuntimeSocket, spec, [
      record({
        exemption: 'dockerSocket',
        container: 'agent',
        subject: '/var/run/docker.sock',
        mode: 'read-write',
      }),
    ]);
    expect(agentOnly.map((f) => [f.container, f.status])).toEqual([
      ['agent', 'justified'],
      ['web', 'violation'],
    ]);
    // A record naming no container was never reviewed for either mount.
    const anyContainer = findingsWith(noContainerRuntimeSocket, spec, [
      record({ exemption: 'dockerSocket', subject: '/var/run/docker.sock', mode: 'read-write' }),
    ]);
    expect(anyContainer.map((f) => f.status)).toEqual(['violation', 'violation']);
    const both = findingsWith(noContainerRuntimeSocket, spec, [
      record({
        exemption: 'dockerSocket',
        container: 'agent',
        subject: '/var/run/docker.sock',
        mode: 'read-write',
      }),
      record({
        exemption: 'dockerSocket',
        container: 'web',
        subject: '/var/run/docker.sock',
        mode: 'read-write',
      }),
    ]);
    expect(both.map((f) => f.status)).toEqual(['justified', 'justified']);
  });

  test('a record reviewed for one mode does not cover a mount in the other, nor a record naming no mode', () => {
    const spec = {
      containers: [container('a', { volumeMounts: [{ name: 'host', mountPath: '/h', readOnly: true }] })],
      volumes: [{ name: 'host', hostPath: { path: '/var/run/docker.sock' } }],
    };
    const statusWith = (mode?: 'read-only' | 'read-write') =>
      findingsWith(noContainerRuntimeSocket, spec, [
        record({
          exemption: 'dockerSocket',
          container: 'a',
          subject: '/var/run/docker.sock',
          ...(mode !== undefined && { mode }),
        }),
      ]).map((f) => f.status);
    expect(statusWith('read-only')).toEqual(['justified']);
    expect(statusWith('read-write')).toEqual(['violation']);
    expect(statusWith(undefined)).toEqual(['violation']);
  });

  test('a dockerSocket justification must name the same path', () => {
    const spec = podWith('/var/run/docker.sock');
    const justified = findingsWith(noContainerRuntimeSocket, spec, [
      record({
        exemption: 'dockerSocket',
        container: 'a',
        subject: '/var/run/docker.sock',
        mode: 'read-write',
      }),
    ]);
    expect(justified.map((f) => f.status)).toEqual(['justified']);
    const otherPath = findingsWith(noContainerRuntimeSocket, spec, [
      record({ exemption: 'dockerSocket', container: 'a', subject: '/run/docker.sock', mode: 'read-write' }),
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
