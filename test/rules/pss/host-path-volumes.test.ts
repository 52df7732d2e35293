import { baselineSpec, invalidRecord, run, statuses, summary, validRecord } from './pss-kit';

const hostPathVolume = (name: string, path: string) => ({ name, hostPath: { path, type: 'Directory' } });

describe('host-path-volumes', () => {
  it('admits pods without hostPath volumes, whatever else they mount', () => {
    const spec = baselineSpec({
      volumes: [
        { name: 'cache', emptyDir: {} },
        { name: 'share', nfs: { server: 's', path: '/' } },
      ],
    });
    expect(run('host-path-volumes', spec)).toEqual([]);
  });

  it('rejects each hostPath volume, naming the volume and the host path', () => {
    const spec = baselineSpec({
      volumes: [
        { name: 'cache', emptyDir: {} },
        hostPathVolume('logs', '/var/log'),
        hostPathVolume('sock', '/var/run/docker.sock'),
      ],
    });
    expect(summary(run('host-path-volumes', spec))).toEqual([
      {
        message: 'volume "logs" must not use hostPath "/var/log"',
        path: 'spec.volumes[1].hostPath',
        container: null,
      },
      {
        message: 'volume "sock" must not use hostPath "/var/run/docker.sock"',
        path: 'spec.volumes[2].hostPath',
        container: null,
      },
    ]);
  });

  it('fails closed on a hostPath without a path', () => {
    expect(run('host-path-volumes', baselineSpec({ volumes: [{ name: 'odd', hostPath: {} }] }))).toHaveLength(
      1,
    );
  });

  it('is justified by a valid hostPath or dockerSocket record for exactly that path', () => {
    const spec = baselineSpec({
      volumes: [
        hostPathVolume('logs', '/var/log'),
        hostPathVolume('sock', '/var/run/docker.sock'),
        hostPathVolume('etc', '/etc'),
      ],
    });
    const records = [
      validRecord({ exemption: 'hostPath', container: 'app', subject: '/var/log' }),
      validRecord({ exemption: 'dockerSocket', container: 'app', subject: '/var/run/docker.sock' }),
      invalidRecord({ exemption: 'hostPath', subject: '/etc' }),
    ];
    expect(statuses(run('host-path-volumes', spec, { records }))).toEqual([
      'justified',
      'justified',
      'violation',
    ]);
  });

  it('does not accept an invalid dockerSocket record', () => {
    const spec = baselineSpec({ volumes: [hostPathVolume('sock', '/var/run/docker.sock')] });
    const records = [invalidRecord({ exemption: 'dockerSocket', subject: '/var/run/docker.sock' })];
    expect(statuses(run('host-path-volumes', spec, { records }))).toEqual(['violation']);
  });

  it('does not accept a record for another path', () => {
    const spec = baselineSpec({ volumes: [hostPathVolume('root', '/')] });
    const records = [validRecord({ exemption: 'hostPath', subject: '/var/log' })];
    expect(statuses(run('host-path-volumes', spec, { records }))).toEqual(['violation']);
  });
});
