import { invalidRecord, restrictedSpec, run, statuses, summary, validRecord } from './pss-kit';

describe('restricted-volumes', () => {
  it('admits every allowed volume type, and a volume with no source (defaulted to emptyDir)', () => {
    const volumes = [
      { name: 'a', configMap: { name: 'c' } },
      { name: 'b', csi: { driver: 'd' } },
      { name: 'c', downwardAPI: {} },
      { name: 'd', emptyDir: {} },
      { name: 'e', ephemeral: { volumeClaimTemplate: {} } },
      { name: 'f', image: { reference: 'registry.example/data:1' } },
      { name: 'g', persistentVolumeClaim: { claimName: 'x' } },
      { name: 'h', projected: { sources: [] } },
      { name: 'i', secret: { secretName: 's' } },
      { name: 'j' },
    ];
    expect(run('restricted-volumes', restrictedSpec({ volumes }))).toEqual([]);
  });

  it.each(['nfs', 'gitRepo', 'iscsi', 'rbd', 'cephfs', 'awsElasticBlockStore', 'flexVolume', 'somethingNew'])(
    'rejects a %s volume',
    (type) => {
      const spec = restrictedSpec({ volumes: [{ name: 'data', [type]: {} }] });
      expect(summary(run('restricted-volumes', spec))).toEqual([
        {
          message: `volume "data" must not use restricted volume type "${type}"`,
          path: `spec.volumes[0].${type}`,
          container: null,
        },
      ]);
    },
  );

  it('rejects a hostPath volume with the host path, justifiable by a valid record for that path', () => {
    const spec = restrictedSpec({ volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] });
    expect(summary(run('restricted-volumes', spec))).toEqual([
      {
        message: 'volume "logs" must not use hostPath "/var/log"',
        path: 'spec.volumes[0].hostPath',
        container: null,
      },
    ]);
    const valid = [validRecord({ exemption: 'hostPath', subject: '/var/log' })];
    const invalid = [invalidRecord({ exemption: 'hostPath', subject: '/var/log' })];
    expect(statuses(run('restricted-volumes', spec, { records: valid }))).toEqual(['justified']);
    expect(statuses(run('restricted-volumes', spec, { records: invalid }))).toEqual(['violation']);
  });

  it('justifies a Docker socket mount by a valid dockerSocket record only', () => {
    const spec = restrictedSpec({ volumes: [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }] });
    const valid = [validRecord({ exemption: 'dockerSocket', subject: '/var/run/docker.sock' })];
    const invalid = [invalidRecord({ exemption: 'dockerSocket', subject: '/var/run/docker.sock' })];
    expect(statuses(run('restricted-volumes', spec, { records: valid }))).toEqual(['justified']);
    expect(statuses(run('restricted-volumes', spec, { records: invalid }))).toEqual(['violation']);
  });

  it('never justifies the other restricted types, even with a hostPath record', () => {
    const spec = restrictedSpec({ volumes: [{ name: 'share', nfs: { server: 's', path: '/' } }] });
    const records = [validRecord({ exemption: 'hostPath' }), validRecord({ exemption: 'dockerSocket' })];
    expect(statuses(run('restricted-volumes', spec, { records }))).toEqual(['violation']);
  });
});
