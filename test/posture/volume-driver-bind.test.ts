import { volumeDriverHostPath } from 'hardened-workloads/posture';

describe('volumeDriverHostPath: a Docker volume that is a host bind, however it is spelled', () => {
  test.each([
    ['local', { type: 'none', o: 'bind', device: '/' }, '/'],
    [undefined, { o: 'bind', device: '/var/run' }, '/var/run'],
    ['local', { o: 'ro, rbind', device: '/etc' }, '/etc'],
    // A third-party driver given bind flags is not trusted to ignore them.
    ['some-plugin', { o: 'bind', device: '/srv' }, '/srv'],
    // The local driver mounting a host block device is the host disk.
    ['local', { type: 'ext4', device: '/dev/sdb1' }, '/dev/sdb1'],
  ])('driver %s with %j binds %s', (driver, options, hostPath) => {
    expect(volumeDriverHostPath(driver, options)).toBe(hostPath);
  });

  test.each([
    ['local', undefined],
    ['local', {}],
    ['local', { type: 'tmpfs', device: 'tmpfs', o: 'size=100m' }],
    ['local', { type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/exports/data' }],
    ['local', { type: 'cifs', o: 'username=app', device: '//fileserver/share' }],
    ['some-plugin', { type: 'ext4', device: '/dev/sdb1' }],
    ['local', { o: 'bind' }],
    ['local', Object.assign(Object.create({ o: 'bind', device: '/' }) as object, {})],
  ])('driver %s with %j is an ordinary volume', (driver, options) => {
    expect(volumeDriverHostPath(driver, options)).toBeUndefined();
  });
});
