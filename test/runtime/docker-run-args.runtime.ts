/**
 * The docker.Container -> docker run mapping, checked against the engine: `docker create` with the
 * mapped flags, then `docker inspect`, compared with the engine configuration that the provider
 * (terraform-provider-docker, wrapped by @pulumi/docker) sends through the Engine API for the same
 * arguments (MB sizes times 1024*1024, tmpfs mode as file-mode bits, restart retries, ...).
 */
import { containerArgsToDockerRun, dockerRunArgv, type PlainContainerArgs } from './docker-run-args';
import { labEnv, run, runOk, uniqueName } from './lab-env';

type Json = Record<string, unknown>;
const MB = 1024 * 1024;

/** Capability names as the engine compares them (the CLI adds CAP_, the API takes either). */
const caps = (v: unknown): string[] =>
  (Array.isArray(v) ? (v as string[]) : []).map((c) => c.toUpperCase().replace(/^CAP_/, '')).sort();

describe('docker.Container arguments -> docker run: the engine gets what the provider would send', () => {
  const env = labEnv();
  const name = uniqueName('mapping');
  const args: PlainContainerArgs = {
    image: env.image,
    name,
    user: '10001:10001',
    groupAdds: ['10002'],
    workingDir: '/tmp',
    hostname: 'api',
    envs: ['MODE=prod'],
    labels: [{ label: 'team', value: 'api' }],
    readOnly: true,
    capabilities: { drops: ['ALL'], adds: ['NET_BIND_SERVICE'] },
    securityOpts: ['no-new-privileges:true'],
    tmpfs: { '/tmp': 'rw,noexec,nosuid,size=64m', '/run': '' },
    mounts: [{ type: 'tmpfs', target: '/cache', tmpfsOptions: { mode: 0o1770, sizeBytes: 8 * MB } }],
    volumes: [{ hostPath: '/etc/hostname', containerPath: '/etc/host-name', readOnly: true }],
    memory: 256,
    memorySwap: 512,
    shmSize: 16,
    cpuShares: 512,
    ipcMode: 'private',
    networkMode: 'bridge',
    ports: [{ internal: 8080, external: 18080, ip: '127.0.0.1' }],
    sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024' },
    ulimits: [{ name: 'nofile', soft: 512, hard: 1024 }],
    init: true,
    restart: 'on-failure',
    maxRetryCount: 3,
    healthcheck: { tests: ['CMD-SHELL', 'true'], interval: '30s', timeout: '5s', retries: 2 },
    logDriver: 'json-file',
    logOpts: { 'max-size': '1m' },
    stopSignal: 'SIGINT',
    entrypoints: ['/bin/sh', '-c'],
    command: ['sleep 1'],
  };
  let inspected: Json;
  let argv: string[];

  beforeAll(async () => {
    argv = dockerRunArgv(containerArgsToDockerRun(args));
    // docker create takes the same flags as docker run (argv[0] is "run").
    await runOk(env.docker, ['create', ...argv.slice(1)]);
    const out = await runOk(env.docker, ['inspect', name]);
    const parsed = JSON.parse(out.stdout) as Json[];
    inspected = parsed[0]!;
  });
  afterAll(async () => {
    await run(env.docker, ['rm', '--force', name]);
  });

  test('Config (user, env, labels, entrypoint, command, healthcheck)', () => {
    const config = inspected.Config as Json;
    expect({
      User: config.User,
      WorkingDir: config.WorkingDir,
      Hostname: config.Hostname,
      Env: (config.Env as string[]).filter((e) => e.startsWith('MODE=')),
      Labels: config.Labels,
      Entrypoint: config.Entrypoint,
      Cmd: config.Cmd,
      StopSignal: config.StopSignal,
      Healthcheck: config.Healthcheck,
      ExposedPorts: config.ExposedPorts,
    }).toEqual({
      User: '10001:10001',
      WorkingDir: '/tmp',
      Hostname: 'api',
      Env: ['MODE=prod'],
      Labels: { team: 'api' },
      // The provider sends Entrypoint ["/bin/sh","-c"] and Cmd ["sleep 1"]: the same process.
      Entrypoint: ['/bin/sh'],
      Cmd: ['-c', 'sleep 1'],
      StopSignal: 'SIGINT',
      Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 30e9, Timeout: 5e9, Retries: 2 },
      ExposedPorts: { '8080/tcp': {} },
    });
  });

  test('HostConfig security settings', () => {
    const hc = inspected.HostConfig as Json;
    expect({
      ReadonlyRootfs: hc.ReadonlyRootfs,
      Privileged: hc.Privileged,
      CapDrop: caps(hc.CapDrop),
      CapAdd: caps(hc.CapAdd),
      SecurityOpt: hc.SecurityOpt,
      GroupAdd: hc.GroupAdd,
      IpcMode: hc.IpcMode,
      NetworkMode: hc.NetworkMode,
      Sysctls: hc.Sysctls,
      Init: hc.Init,
    }).toEqual({
      ReadonlyRootfs: true,
      Privileged: false,
      CapDrop: ['ALL'],
      CapAdd: ['NET_BIND_SERVICE'],
      SecurityOpt: ['no-new-privileges:true'],
      GroupAdd: ['10002'],
      IpcMode: 'private',
      NetworkMode: 'bridge',
      Sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024' },
      Init: true,
    });
  });

  test('HostConfig filesystem (tmpfs map, tmpfs mount mode and size, read-only bind)', () => {
    const hc = inspected.HostConfig as Json;
    expect({ Tmpfs: hc.Tmpfs, Binds: hc.Binds, Mounts: hc.Mounts }).toEqual({
      Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=64m', '/run': '' },
      Binds: ['/etc/hostname:/etc/host-name:ro'],
      Mounts: [{ Type: 'tmpfs', Target: '/cache', TmpfsOptions: { SizeBytes: 8 * MB, Mode: 0o1770 } }],
    });
  });

  test('HostConfig resources, ports, restart, logging', () => {
    const hc = inspected.HostConfig as Json;
    expect({
      Memory: hc.Memory,
      MemorySwap: hc.MemorySwap,
      ShmSize: hc.ShmSize,
      CpuShares: hc.CpuShares,
      PortBindings: hc.PortBindings,
      RestartPolicy: hc.RestartPolicy,
      Ulimits: hc.Ulimits,
      LogConfig: hc.LogConfig,
    }).toEqual({
      Memory: 256 * MB,
      MemorySwap: 512 * MB,
      ShmSize: 16 * MB,
      CpuShares: 512,
      PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] },
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      Ulimits: [{ Name: 'nofile', Soft: 512, Hard: 1024 }],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
    });
  });
});
