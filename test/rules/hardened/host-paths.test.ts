import { normaliseHostPath, sensitiveExposure, socketExposure } from 'hardened-workloads/rules/hardened';

describe('normaliseHostPath', () => {
  test.each([
    ['/var/run/', '/var/run'],
    ['//var//run//docker.sock', '/var/run/docker.sock'],
    ['/var/lib/../run/./docker.sock', '/var/run/docker.sock'],
    ['/../../etc', '/etc'],
    ['/', '/'],
    ['///', '/'],
    ['./data', 'data'],
    ['../shared/x/..', '../shared'],
    ['.', '.'],
  ])('%s -> %s', (raw, expected) => {
    expect(normaliseHostPath(raw)).toBe(expected);
  });
});

describe('socketExposure', () => {
  test.each([
    ['/var/run/docker.sock', { kind: 'socket' }],
    ['/run/containerd/containerd.sock', { kind: 'socket' }],
    ['/run/crio/crio.sock', { kind: 'socket' }],
    ['/run/podman/podman.sock', { kind: 'socket' }],
    ['/run/user/1000/docker.sock', { kind: 'socket' }],
    ['/home/ci/.docker/run/docker.sock', { kind: 'socket' }],
    ['/', { kind: 'directory', socket: '/var/run/docker.sock' }],
    ['/var', { kind: 'directory', socket: '/var/run/docker.sock' }],
    ['/run', { kind: 'directory', socket: '/run/docker.sock' }],
    ['/var/run/crio', { kind: 'directory', socket: '/var/run/crio/crio.sock' }],
    ['/run/containerd', { kind: 'directory', socket: '/run/containerd/containerd.sock' }],
    ['/run/user', { kind: 'directory', socket: '/run/user/<uid>/docker.sock' }],
    ['/run/user/1000', { kind: 'directory', socket: '/run/user/1000/docker.sock' }],
    ['/var/lib', undefined],
    ['/data', undefined],
    ['data', undefined],
    ['/var/run/docker.socket-proxy', undefined],
  ])('%s', (path, expected) => {
    expect(socketExposure(path)).toEqual(expected);
  });

  test('the Docker Desktop named pipe is a socket', () => {
    expect(socketExposure('\\\\.\\pipe\\docker_engine', '\\\\.\\pipe\\docker_engine')).toEqual({
      kind: 'socket',
    });
  });
});

describe('sensitiveExposure', () => {
  test.each([
    ['/etc', { kind: 'is', sensitive: '/etc' }],
    ['/etc/ssl/certs', { kind: 'under', sensitive: '/etc' }],
    ['/var/lib/kubelet/pods', { kind: 'under', sensitive: '/var/lib/kubelet' }],
    ['/var/lib', { kind: 'contains', sensitive: '/var/lib/kubelet' }],
    ['/etcetera', undefined],
    ['/srv/data', undefined],
    ['/var/log', undefined],
  ])('%s', (path, expected) => {
    expect(sensitiveExposure(path)).toEqual(expected);
  });
});
