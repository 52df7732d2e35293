import { baselineSpec, invalidRecord, run, statuses, summary, validRecord } from './pss-kit';

const adding = (add: unknown[], name = 'app') => ({
  name,
  image: 'registry.example/app:1.0',
  securityContext: { capabilities: { add } },
});

describe('capabilities-baseline', () => {
  it.each([
    ['no capabilities', baselineSpec()],
    [
      'the default set',
      baselineSpec({ containers: [adding(['CHOWN', 'NET_BIND_SERVICE', 'SETUID', 'KILL'])] }),
    ],
    ['an empty add list', baselineSpec({ containers: [adding([])] })],
  ])('admits %s', (_label, spec) => {
    expect(run('capabilities-baseline', spec)).toEqual([]);
  });

  it('rejects each capability outside the default set, per container and capability', () => {
    const spec = baselineSpec({
      initContainers: [adding(['SYS_ADMIN'], 'init')],
      containers: [adding(['NET_RAW', 'CHOWN', 'NET_ADMIN'])],
    });
    expect(summary(run('capabilities-baseline', spec))).toEqual([
      {
        message: 'container "init" must not include "SYS_ADMIN" in securityContext.capabilities.add',
        path: 'spec.initContainers[0].securityContext.capabilities.add[0]',
        container: 'init',
      },
      {
        message: 'container "app" must not include "NET_RAW" in securityContext.capabilities.add',
        path: 'spec.containers[0].securityContext.capabilities.add[0]',
        container: 'app',
      },
      {
        message: 'container "app" must not include "NET_ADMIN" in securityContext.capabilities.add',
        path: 'spec.containers[0].securityContext.capabilities.add[2]',
        container: 'app',
      },
    ]);
  });

  it('compares names exactly, as upstream does: lower case, CAP_ prefixes and ALL are not in the set', () => {
    const spec = baselineSpec({ containers: [adding(['chown', 'CAP_CHOWN', 'ALL', 42])] });
    expect(run('capabilities-baseline', spec)).toHaveLength(4);
  });

  it('is justified per capability and container by a valid capability record', () => {
    const spec = baselineSpec({ containers: [adding(['NET_RAW', 'NET_ADMIN'])] });
    const records = [
      validRecord({ exemption: 'capability', container: 'app', subject: 'NET_RAW' }),
      invalidRecord({ exemption: 'capability', container: 'app', subject: 'NET_ADMIN' }),
    ];
    expect(statuses(run('capabilities-baseline', spec, { records }))).toEqual(['justified', 'violation']);
  });

  it('matches the record subject against the normalised capability name', () => {
    const spec = baselineSpec({ containers: [adding(['net_raw'])] });
    const records = [validRecord({ exemption: 'capability', container: 'app', subject: 'NET_RAW' })];
    expect(statuses(run('capabilities-baseline', spec, { records }))).toEqual(['justified']);
  });

  it('does not accept a record for another container', () => {
    const spec = baselineSpec({ containers: [adding(['NET_RAW'])] });
    const records = [validRecord({ exemption: 'capability', container: 'other', subject: 'NET_RAW' })];
    expect(statuses(run('capabilities-baseline', spec, { records }))).toEqual(['violation']);
  });
});
