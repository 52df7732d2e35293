import { baselineSpec, run, summary } from './pss-kit';

const container = (extra: Record<string, unknown>) => ({ name: 'app', image: 'x', ...extra });

describe('host-probes-and-lifecycle', () => {
  it('admits probes and hooks without a host, or with an empty one', () => {
    const spec = baselineSpec({
      containers: [
        container({
          livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
          readinessProbe: { tcpSocket: { port: 8080, host: '' } },
          lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
        }),
      ],
    });
    expect(run('host-probes-and-lifecycle', spec)).toEqual([]);
  });

  it.each([
    [
      'livenessProbe.httpGet.host',
      '10.0.0.1',
      { livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } },
    ],
    [
      'readinessProbe.tcpSocket.host',
      'metadata',
      { readinessProbe: { tcpSocket: { host: 'metadata', port: 80 } } },
    ],
    [
      'startupProbe.httpGet.host',
      'localhost',
      { startupProbe: { httpGet: { host: 'localhost', port: 80 } } },
    ],
    [
      'lifecycle.postStart.httpGet.host',
      'a',
      { lifecycle: { postStart: { httpGet: { host: 'a', port: 80 } } } },
    ],
    [
      'lifecycle.preStop.tcpSocket.host',
      'b',
      { lifecycle: { preStop: { tcpSocket: { host: 'b', port: 80 } } } },
    ],
  ])('rejects %s', (field, host, extra) => {
    const findings = run('host-probes-and-lifecycle', baselineSpec({ containers: [container(extra)] }));
    expect(summary(findings)).toEqual([
      {
        message: `container "app" must not set ${field} ("${host}")`,
        path: `spec.containers[0].${field}`,
        container: 'app',
      },
    ]);
  });

  it('checks init and ephemeral containers too', () => {
    const probe = { livenessProbe: { httpGet: { host: '169.254.169.254', port: 80 } } };
    const spec = baselineSpec({
      initContainers: [{ ...container(probe), name: 'init' }],
      ephemeralContainers: [{ ...container(probe), name: 'debug' }],
    });
    expect(run('host-probes-and-lifecycle', spec).map((f) => f.message)).toEqual([
      'container "init" must not set livenessProbe.httpGet.host ("169.254.169.254")',
      'container "debug" must not set livenessProbe.httpGet.host ("169.254.169.254")',
    ]);
  });

  it('exists from v1.34 and only for Kubernetes', () => {
    const spec = baselineSpec({
      containers: [container({ livenessProbe: { httpGet: { host: 'x', port: 80 } } })],
    });
    expect(run('host-probes-and-lifecycle', spec, { version: 'v1.33' })).toEqual([]);
    expect(run('host-probes-and-lifecycle', spec, { version: 'v1.34' })).toHaveLength(1);
    expect(run('host-probes-and-lifecycle', spec, { dialect: 'compose' })).toEqual([]);
  });
});
