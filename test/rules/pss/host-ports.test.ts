import { baselineSpec, invalidRecord, run, statuses, summary, validRecord } from './pss-kit';

const withPorts = (ports: unknown[], name = 'app') => ({ name, image: 'x', ports });

describe('host-ports', () => {
  it.each([
    ['no ports', baselineSpec()],
    ['container ports only', baselineSpec({ containers: [withPorts([{ containerPort: 8080 }])] })],
    ['hostPort 0', baselineSpec({ containers: [withPorts([{ containerPort: 8080, hostPort: 0 }])] })],
  ])('admits %s', (_label, spec) => {
    expect(run('host-ports', spec)).toEqual([]);
  });

  it('reads a bare host-network Pod as the API server defaults it: hostPort = containerPort (found on a real kube-apiserver)', () => {
    const spec = baselineSpec({ hostNetwork: true, containers: [withPorts([{ containerPort: 8080 }])] });
    expect(summary(run('host-ports', spec))).toEqual([
      {
        message:
          'container "app" must not use hostPort 8080 (the API server sets it to the containerPort on the host network)',
        path: 'spec.containers[0].ports[0].hostPort',
        container: 'app',
      },
    ]);
    // A template is not defaulted so: its pods are, and are judged when created.
    expect(run('host-ports', spec, { kind: 'Deployment' })).toEqual([]);
  });

  it('rejects each non-zero hostPort in every container list', () => {
    const spec = baselineSpec({
      initContainers: [withPorts([{ containerPort: 53, hostPort: 53 }], 'init')],
      containers: [withPorts([{ containerPort: 80 }, { containerPort: 443, hostPort: 8443 }])],
    });
    expect(summary(run('host-ports', spec))).toEqual([
      {
        message: 'container "init" must not use hostPort 53',
        path: 'spec.initContainers[0].ports[0].hostPort',
        container: 'init',
      },
      {
        message: 'container "app" must not use hostPort 8443',
        path: 'spec.containers[0].ports[1].hostPort',
        container: 'app',
      },
    ]);
  });

  it('is justified by a valid hostPort record for that port and container', () => {
    const spec = baselineSpec({
      containers: [
        withPorts([
          { containerPort: 80, hostPort: 80 },
          { containerPort: 81, hostPort: 81 },
        ]),
      ],
    });
    const records = [
      validRecord({ exemption: 'hostPort', container: 'app', subject: '80' }),
      invalidRecord({ exemption: 'hostPort', container: 'app', subject: '81' }),
    ];
    expect(statuses(run('host-ports', spec, { records }))).toEqual(['justified', 'violation']);
  });

  it('does not apply to Compose, where publishing ports is normal', () => {
    const spec = baselineSpec({ containers: [withPorts([{ containerPort: 80, hostPort: 80 }])] });
    expect(run('host-ports', spec, { dialect: 'compose' })).toEqual([]);
  });
});
