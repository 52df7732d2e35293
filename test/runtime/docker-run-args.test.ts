/**
 * Unit tests of the docker.Container -> docker run mapping (pure: no daemon, part of `npx jest`).
 * That the engine then configures the container as the provider would is checked for real by
 * docker-run-args.runtime.ts (docker create + docker inspect).
 */
import { containerArgsToDockerRun, dockerRunArgv, UnsupportedContainerArgError } from './docker-run-args';

const IMAGE = 'app:local';
const flagsOf = (extra: Record<string, unknown>): readonly string[] =>
  containerArgsToDockerRun({ image: IMAGE, ...extra }).flags;

describe('containerArgsToDockerRun', () => {
  test('maps the hardened posture to the design doc flags', () => {
    const inv = containerArgsToDockerRun({
      image: 'registry.example.com/team/api:latest',
      name: 'api',
      user: '10001:10001',
      readOnly: true,
      tmpfs: { '/tmp': 'rw,noexec,nosuid,size=64m' },
      capabilities: { drops: ['ALL'] },
      securityOpts: ['no-new-privileges:true'],
    });
    expect(inv.flags).toEqual([
      '--name',
      'api',
      '--user',
      '10001:10001',
      '--read-only',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges:true',
      '--tmpfs',
      '/tmp:rw,noexec,nosuid,size=64m',
    ]);
    expect(inv.image).toBe('registry.example.com/team/api:latest');
    expect(inv.command).toEqual([]);
  });

  test('builds the argv as run, flags, extra flags, image, command', () => {
    const inv = containerArgsToDockerRun({
      image: IMAGE,
      readOnly: true,
      command: ['serve', '--port', '8080'],
    });
    expect(dockerRunArgv(inv, ['--rm'])).toEqual([
      'run',
      '--read-only',
      '--rm',
      IMAGE,
      'serve',
      '--port',
      '8080',
    ]);
  });

  test.each<[string, Record<string, unknown>, readonly string[]]>([
    ['false booleans send the engine default', { readOnly: false, privileged: false, tty: false }, []],
    ['privileged', { privileged: true }, ['--privileged']],
    [
      'drops before adds',
      { capabilities: { adds: ['NET_BIND_SERVICE'], drops: ['ALL'] } },
      ['--cap-drop', 'ALL', '--cap-add', 'NET_BIND_SERVICE'],
    ],
    [
      'security opts repeat',
      { securityOpts: ['no-new-privileges:true', 'seccomp=unconfined'] },
      ['--security-opt', 'no-new-privileges:true', '--security-opt', 'seccomp=unconfined'],
    ],
    [
      'tmpfs without options',
      { tmpfs: { '/tmp': '', '/run': 'size=1m' } },
      ['--tmpfs', '/run:size=1m', '--tmpfs', '/tmp'],
    ],
    [
      'memory in MB',
      { memory: 256, memoryReservation: 128, shmSize: 64 },
      ['--shm-size', '64m', '--memory', '256m', '--memory-reservation', '128m'],
    ],
    ['memory 0 is unset', { memory: 0 }, []],
    ['swap -1 is unlimited', { memorySwap: -1 }, ['--memory-swap', '-1']],
    ['swap in MB', { memorySwap: 512 }, ['--memory-swap', '512m']],
    [
      'cpus',
      { cpus: '1.5', cpuShares: 512, cpuSet: '0-1', cpuPeriod: 100000, cpuQuota: 50000 },
      [
        '--cpus',
        '1.5',
        '--cpu-shares',
        '512',
        '--cpuset-cpus',
        '0-1',
        '--cpu-period',
        '100000',
        '--cpu-quota',
        '50000',
      ],
    ],
    [
      'namespaces',
      {
        pidMode: 'host',
        ipcMode: 'private',
        usernsMode: 'host',
        networkMode: 'none',
        cgroupnsMode: 'private',
      },
      ['--userns', 'host', '--pid', 'host', '--ipc', 'private', '--cgroupns', 'private', '--network', 'none'],
    ],
    [
      'sysctls sorted',
      { sysctls: { 'net.ipv4.b': '1', 'net.ipv4.a': '0' } },
      ['--sysctl', 'net.ipv4.a=0', '--sysctl', 'net.ipv4.b=1'],
    ],
    ['init true', { init: true }, ['--init']],
    ['init false is sent explicitly', { init: false }, ['--init=false']],
    [
      'envs and labels',
      { envs: ['A=1'], labels: [{ label: 'team', value: 'api' }] },
      ['--env', 'A=1', '--label', 'team=api'],
    ],
    [
      'bind volume rw',
      { volumes: [{ hostPath: '/srv/data', containerPath: '/data' }] },
      ['--volume', '/srv/data:/data:rw'],
    ],
    [
      'bind volume ro, relabel',
      { volumes: [{ hostPath: '/srv/c', containerPath: '/c', readOnly: true, selinuxRelabel: 'z' }] },
      ['--volume', '/srv/c:/c:ro,z'],
    ],
    [
      'named volume wins over hostPath',
      { volumes: [{ volumeName: 'cache', hostPath: '/x', containerPath: '/cache' }] },
      ['--volume', 'cache:/cache:rw'],
    ],
    ['anonymous volume', { volumes: [{ containerPath: '/scratch' }] }, ['--volume', '/scratch']],
    ['volumes from', { volumes: [{ fromContainer: 'other' }] }, ['--volumes-from', 'other']],
    [
      'tmpfs mount mode is octal',
      { mounts: [{ type: 'tmpfs', target: '/t', tmpfsOptions: { mode: 0o1777, sizeBytes: 1048576 } }] },
      ['--mount', 'type=tmpfs,target=/t,tmpfs-size=1048576,tmpfs-mode=1777'],
    ],
    [
      'bind mount readonly',
      {
        mounts: [
          {
            type: 'bind',
            source: '/etc/app',
            target: '/cfg',
            readOnly: true,
            bindOptions: { propagation: 'rprivate' },
          },
        ],
      },
      ['--mount', 'type=bind,source=/etc/app,target=/cfg,readonly,bind-propagation=rprivate'],
    ],
    [
      'volume mount options',
      {
        mounts: [
          {
            type: 'volume',
            source: 'v',
            target: '/v',
            volumeOptions: {
              noCopy: true,
              driverName: 'local',
              driverOptions: { type: 'tmpfs' },
              labels: [{ label: 'a', value: 'b' }],
            },
          },
        ],
      },
      [
        '--mount',
        'type=volume,source=v,target=/v,volume-nocopy,volume-driver=local,volume-opt=type=tmpfs,volume-label=a=b',
      ],
    ],
    [
      'port defaults: 0.0.0.0 and tcp',
      { ports: [{ internal: 8080, external: 80 }] },
      ['--publish', '0.0.0.0:80:8080/tcp'],
    ],
    [
      'port without external',
      { ports: [{ internal: 8080, ip: '127.0.0.1', protocol: 'udp' }] },
      ['--publish', '127.0.0.1::8080/udp'],
    ],
    [
      'port on IPv6',
      { ports: [{ internal: 80, external: 8080, ip: '::1' }] },
      ['--publish', '[::1]:8080:80/tcp'],
    ],
    [
      'hosts, dns',
      {
        hosts: [{ host: 'db', ip: '10.0.0.2' }],
        dns: ['1.1.1.1'],
        dnsOpts: ['ndots:1'],
        dnsSearches: ['svc'],
      },
      ['--dns', '1.1.1.1', '--dns-option', 'ndots:1', '--dns-search', 'svc', '--add-host', 'db:10.0.0.2'],
    ],
    ['ulimits', { ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }] }, ['--ulimit', 'nofile=1024:2048']],
    ['device defaults', { devices: [{ hostPath: '/dev/fuse' }] }, ['--device', '/dev/fuse:/dev/fuse:rwm']],
    ['restart with retries', { restart: 'on-failure', maxRetryCount: 3 }, ['--restart', 'on-failure:3']],
    [
      'healthcheck CMD-SHELL',
      {
        healthcheck: {
          tests: ['CMD-SHELL', 'wget -q localhost'],
          interval: '30s',
          timeout: '5s',
          startPeriod: '10s',
          retries: 3,
        },
      },
      [
        '--health-cmd',
        'wget -q localhost',
        '--health-interval',
        '30s',
        '--health-timeout',
        '5s',
        '--health-start-period',
        '10s',
        '--health-retries',
        '3',
      ],
    ],
    ['healthcheck NONE', { healthcheck: { tests: ['NONE'] } }, ['--no-healthcheck']],
    [
      'logging',
      { logDriver: 'json-file', logOpts: { 'max-size': '10m' } },
      ['--log-driver', 'json-file', '--log-opt', 'max-size=10m'],
    ],
  ])('%s', (_name, args, flags) => {
    expect(flagsOf(args)).toEqual(flags);
  });

  test('a multi-word entrypoint runs its tail as the first arguments', () => {
    const inv = containerArgsToDockerRun({
      image: IMAGE,
      entrypoints: ['/bin/sh', '-c'],
      command: ['echo hi'],
    });
    expect(inv.flags).toEqual(['--entrypoint', '/bin/sh']);
    expect(inv.command).toEqual(['-c', 'echo hi']);
  });

  test('provider lifecycle arguments produce no flag but are listed', () => {
    const inv = containerArgsToDockerRun({
      image: IMAGE,
      mustRun: true,
      start: true,
      wait: false,
      destroyGraceSeconds: 5,
    });
    expect(inv.flags).toEqual([]);
    expect([...inv.providerOnly].sort()).toEqual(['destroyGraceSeconds', 'mustRun', 'start', 'wait']);
  });

  test('undefined and null values are absent arguments', () => {
    expect(flagsOf({ user: undefined, tmpfs: null })).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    [
      'an unknown argument',
      { readonlyRootfs: true },
      /'readonlyRootfs': not an argument of docker.Container/,
    ],
    ['an unknown nested field', { capabilities: { drop: ['ALL'] } }, /'capabilities.drop': unknown field/],
    ['a wrong type', { readOnly: 'true' }, /'readOnly': expected a boolean/],
    [
      'a wrong list element',
      { securityOpts: ['no-new-privileges:true', 1] },
      /'securityOpts\[1\]': expected a string/,
    ],
    ['uploads', { uploads: [{ file: '/x', content: 'y' }] }, /'uploads': files uploaded before start/],
    ['networksAdvanced', { networksAdvanced: [{ name: 'n' }] }, /'networksAdvanced'/],
    ['deviceRequests', { deviceRequests: [{ driver: 'nvidia' }] }, /'deviceRequests'/],
    ['healthcheck CMD form', { healthcheck: { tests: ['CMD', 'curl', 'x'] } }, /only \["CMD-SHELL", cmd\]/],
    [
      'retries without on-failure',
      { restart: 'always', maxRetryCount: 2 },
      /'maxRetryCount': only meaningful/,
    ],
    [
      'readOnly anonymous volume',
      { volumes: [{ containerPath: '/x', readOnly: true }] },
      /ignored by the provider/,
    ],
    ['volume without a path', { volumes: [{ readOnly: true }] }, /without containerPath/],
    ['an unknown mount type', { mounts: [{ type: 'npipe', target: '/x' }] }, /unknown mount type 'npipe'/],
    ['an empty command word', { command: ['run', ''] }, /may not be empty/],
    ['a fractional size', { memory: 1.5 }, /expected an integer/],
    ['a comma inside --mount', { mounts: [{ type: 'bind', source: '/a,b', target: '/x' }] }, /a comma/],
    ['an empty image', { image: '' }, /'image': empty image/],
  ])('rejects %s', (_name, args, message) => {
    const call = () => containerArgsToDockerRun({ image: IMAGE, ...args });
    expect(call).toThrow(UnsupportedContainerArgError);
    expect(call).toThrow(message);
  });
});
