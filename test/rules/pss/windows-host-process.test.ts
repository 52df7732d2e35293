import { baselineSpec, restrictedContainer, run, summary } from './pss-kit';

const hostProcess = (value: unknown) => ({ windowsOptions: { hostProcess: value } });

describe('windows-host-process', () => {
  it('admits unset and false', () => {
    expect(run('windows-host-process', baselineSpec())).toEqual([]);
    expect(run('windows-host-process', baselineSpec({ securityContext: hostProcess(false) }))).toEqual([]);
  });

  it('rejects hostProcess: true on the pod and on each container', () => {
    const spec = baselineSpec({
      os: { name: 'windows' },
      securityContext: hostProcess(true),
      containers: [restrictedContainer('app', hostProcess(true))],
    });
    expect(summary(run('windows-host-process', spec))).toEqual([
      {
        message: 'pod must not set securityContext.windowsOptions.hostProcess=true',
        path: 'spec.securityContext.windowsOptions.hostProcess',
        container: null,
      },
      {
        message: 'container "app" must not set securityContext.windowsOptions.hostProcess=true',
        path: 'spec.containers[0].securityContext.windowsOptions.hostProcess',
        container: 'app',
      },
    ]);
  });

  it('is Kubernetes only', () => {
    expect(
      run('windows-host-process', baselineSpec({ securityContext: hostProcess(true) }), {
        dialect: 'compose',
      }),
    ).toEqual([]);
  });
});
