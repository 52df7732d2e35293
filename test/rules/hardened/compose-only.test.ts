import { podView } from 'hardened-workloads/rules';
import {
  COMPOSE_SERVICE_KEY,
  noHostDevices,
  noHostUserNamespace,
  noHostUtsNamespace,
  noSharedMountPropagation,
  pidsLimit,
  publishedHostIp,
  publishedPortsBound,
} from 'hardened-workloads/rules/hardened';
import { CONTEXT, container } from './helpers';

function composePod(service: Record<string, unknown>) {
  return podView(
    { containers: [container('api')], [COMPOSE_SERVICE_KEY]: { name: 'api', service } },
    'services.api',
    { dialect: 'compose' },
  );
}

describe('Compose-only rules', () => {
  test.each([noHostUserNamespace, noHostUtsNamespace, publishedPortsBound, noHostDevices, pidsLimit])(
    '$id applies to Compose only and ignores a Kubernetes pod',
    (rule) => {
      expect(rule.dialects).toEqual(['compose']);
      const kubernetesPod = podView(
        { containers: [container('api')], userns_mode: 'host', uts: 'host' },
        'spec',
      );
      expect(rule.check(kubernetesPod, CONTEXT)).toEqual([]);
    },
  );

  test.each([
    [
      noHostUserNamespace,
      { userns_mode: 'host' },
      'service "api" must not set userns_mode: host',
      'services.api.userns_mode',
    ],
    [noHostUtsNamespace, { uts: 'host' }, 'service "api" must not set uts: host', 'services.api.uts'],
    [
      noHostDevices,
      { devices: [{ source: '/dev/kvm', target: '/dev/kvm' }] },
      'service "api" must not set devices "/dev/kvm"',
      'services.api.devices[0]',
    ],
    [
      noHostDevices,
      { device_cgroup_rules: ['c 1:3 mr'] },
      'service "api" must not set device_cgroup_rules "c 1:3 mr"',
      'services.api.device_cgroup_rules[0]',
    ],
    [pidsLimit, {}, 'service "api" must set pids_limit to a positive number', 'services.api.pids_limit'],
    [
      pidsLimit,
      { pids_limit: -1 },
      'service "api" must set pids_limit to a positive number',
      'services.api.pids_limit',
    ],
  ])('$id bites', (rule, service, message, path) => {
    expect(rule.check(composePod(service), CONTEXT)).toEqual([
      expect.objectContaining({ message, path, container: 'api' }),
    ]);
  });

  test.each([
    [noHostUserNamespace, { userns_mode: 'private' }],
    [noHostUtsNamespace, {}],
    [noHostDevices, { devices: [] }],
    [pidsLimit, { pids_limit: 256 }],
    [pidsLimit, { deploy: { resources: { limits: { pids: 100 } } } }],
  ])('$id passes a compliant service', (rule, service) => {
    expect(rule.check(composePod(service), CONTEXT)).toEqual([]);
  });
});

describe('published-ports-bound', () => {
  const unbound = (p: string) =>
    `service "api" must bind published port "${p}" to a host address, e.g. "127.0.0.1:${p}"`;
  const everywhere = (p: string) =>
    `service "api" must bind published port "${p}" to a specific host address, not every interface`;
  test('each unbound or all-interface port is reported at its index', () => {
    const ports = [
      '127.0.0.1:8080:80',
      '8081:81',
      80,
      '0.0.0.0:8082:82',
      '[::1]:8083:83/udp',
      '[::]:8084:84',
      { target: 85, published: 8085 },
      { target: 86, published: 8086, host_ip: '10.0.0.1' },
      '127.0.0.1::87',
    ];
    expect(publishedPortsBound.check(composePod({ ports }), CONTEXT).map((v) => [v.message, v.path])).toEqual(
      [
        [unbound('8081:81'), 'services.api.ports[1]'],
        [unbound('80'), 'services.api.ports[2]'],
        [everywhere('0.0.0.0:8082:82'), 'services.api.ports[3]'],
        [everywhere('[::]:8084:84'), 'services.api.ports[5]'],
        [unbound('8085:85'), 'services.api.ports[6]'],
      ],
    );
  });

  test('publishedHostIp', () => {
    expect(['1.2.3.4:80:80', '80:80', '[fe80::1]:80:80/tcp', 'fe80::1:80:80'].map(publishedHostIp)).toEqual([
      '1.2.3.4',
      undefined,
      '[fe80::1]',
      'fe80::1',
    ]);
  });
});

describe('no-shared-mount-propagation', () => {
  test('Bidirectional propagation bites, names the host path as subject; HostToContainer passes', () => {
    const spec = {
      containers: [
        container('a', {
          volumeMounts: [
            { name: 'host', mountPath: '/h', mountPropagation: 'Bidirectional' },
            { name: 'cache', mountPath: '/c', mountPropagation: 'HostToContainer' },
          ],
        }),
      ],
      volumes: [
        { name: 'host', hostPath: { path: '/srv/mounts/' } },
        { name: 'cache', emptyDir: {} },
      ],
    };
    expect(noSharedMountPropagation.check(podView(spec, 'spec'), CONTEXT)).toEqual([
      {
        message: 'container "a" must not mount volume "host" with mountPropagation=Bidirectional',
        path: 'spec.containers[0].volumeMounts[0].mountPropagation',
        mode: 'read-write',
        container: 'a',
        subject: '/srv/mounts',
      },
    ]);
  });
});
