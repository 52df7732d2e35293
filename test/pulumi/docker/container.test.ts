import { generateSeccompProfile } from '../../../src/seccomp';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { Exemption } from 'hardened-workloads';
import {
  JUSTIFICATIONS_ANNOTATION,
  answerChecklists,
  auditDocuments,
  decodeJustifications,
  workloadsFromCompose,
} from 'hardened-workloads';
import { HardenedContainer, hardenedContainerArgs } from 'hardened-workloads/pulumi/docker';
import { APPROVED, REASON } from '../justifications';
import type { MockRecorder } from '../pulumi-mocks';
import { installMocks, settle, valueOf } from '../pulumi-mocks';

// A profile generated in this program: the only kind whose hash an exemption may record.
const GENERATED_PROFILE_SHA256 = generateSeccompProfile({
  name: 'api',
  add: [
    { syscall: 'add_key', justification: { reason: 'the api keeps its session key in the kernel keyring' } },
  ],
}).sha256;

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks();
});

const NOW = new Date('2026-01-01T00:00:00Z');
const IMAGE = 'registry.example.com/team/api:1.4.2';
const SECCOMP_PROFILE = {
  defaultAction: 'SCMP_ACT_ERRNO',
  syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }],
};
const SECCOMP_FILE = join(mkdtempSync(join(tmpdir(), 'hw-docker-')), 'api.json');
writeFileSync(SECCOMP_FILE, JSON.stringify(SECCOMP_PROFILE));

async function containerInputs(name: string): Promise<Record<string, unknown>> {
  await settle();
  return mocks.get('docker:index/container:Container', name).inputs;
}

test('the default posture, mapped onto docker.Container arguments field by field', async () => {
  const component = new HardenedContainer('api', {
    image: IMAGE,
    writablePaths: [{ path: '/tmp', sizeLimit: '64Mi' }],
    ports: [{ containerPort: 8080, hostIp: '127.0.0.1' }],
    env: { LOG_LEVEL: 'info' },
  });
  const inputs = await containerInputs('api');
  expect(inputs).toEqual({
    name: 'api',
    image: IMAGE,
    user: '10001:10001',
    readOnly: true,
    tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=64m' },
    capabilities: { drops: ['ALL'] },
    securityOpts: ['no-new-privileges:true'],
    privileged: false,
    ipcMode: 'private',
    ports: [{ internal: 8080, external: 8080, ip: '127.0.0.1', protocol: 'tcp' }],
    memory: 512,
    cpus: '1',
    envs: ['LOG_LEVEL=info'],
    restart: 'unless-stopped',
  });
  expect(component.settings).toMatchObject({ pidsLimit: 256, securityOpt: ['no-new-privileges:true'] });
  expect(mocks.get(HardenedContainer.TYPE, 'api')).toBeDefined();
});

test('its Compose service passes the hardened audit and answers the decision checklist', () => {
  const component = new HardenedContainer('web', {
    image: IMAGE,
    writablePaths: ['/tmp'],
    ports: [{ containerPort: 80, hostIp: '127.0.0.1' }],
    // Binds :80 as user 10001 with no capability (a NET_BIND_SERVICE add-back would be a no-op).
    unprivilegedPortStart: 80,
  });
  const compose = { services: { web: component.composeService } };
  expect(component.composeService.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '80' });
  const report = auditDocuments([compose], { level: 'hardened', now: NOW });
  expect(report.findings.filter((f) => f.status === 'violation' && f.severity === 'error')).toEqual([]);
  expect(report.findings.map((f) => f.rule)).not.toContain('capability-add-back-ineffective');
  const [checklist] = answerChecklists(workloadsFromCompose(compose).workloads, { now: NOW });
  expect(checklist?.answers.map((a) => [a.id, a.status])).toEqual([
    ['user', 'default'],
    ['writable-paths', 'default'],
    ['capabilities', 'default'],
    ['privilege-escalation', 'default'],
    ['seccomp', 'default'],
    ['runtime-socket', 'default'],
    ['host-access', 'default'],
    ['debugging', 'default'],
  ]);
});

test('a justified add-back that cannot take effect (user 10001, no-new-privileges) is refused with the working alternative', () => {
  expect(
    () =>
      new HardenedContainer('no-op-cap', {
        image: IMAGE,
        exemptions: [{ kind: 'capability', capability: 'NET_BIND_SERVICE', justification: REASON }],
        now: NOW,
      }),
  ).toThrow(/capability-add-back-ineffective[\s\S]*cannot take effect[\s\S]*ip_unprivileged_port_start/);
});

test('unprivilegedPortStart is passed to docker.Container as sysctls, and checked', async () => {
  new HardenedContainer('port-80', { image: IMAGE, unprivilegedPortStart: 80, now: NOW });
  expect((await containerInputs('port-80')).sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '80' });
  expect(() => new HardenedContainer('port-bad', { image: IMAGE, unprivilegedPortStart: 4096 })).toThrow(
    /unprivilegedPortStart must be an integer from 0 to 1024/,
  );
});

test('hardenedContainerArgs returns exactly what the component passes to docker.Container', async () => {
  const args = { image: IMAGE, writablePaths: ['/cache'], memoryMb: 256, cpus: 0.5 };
  new HardenedContainer('same', args);
  const recorded = await containerInputs('same');
  expect(recorded).toEqual(hardenedContainerArgs('same', args).containerArgs);
});

test('a published port without an address is refused: Docker would bind 0.0.0.0', () => {
  const ports = [{ containerPort: 8080 }] as unknown as { containerPort: number; hostIp: string }[];
  expect(() => new HardenedContainer('open-port', { image: IMAGE, ports })).toThrow(
    /HardenedContainer "open-port".*ports\[0\]\.hostIp is required: Docker would otherwise bind 0\.0\.0\.0/s,
  );
});

test('a docker.Container setting passed by a JavaScript caller is refused, not dropped', () => {
  const args = { image: IMAGE, privileged: true } as unknown as { image: string };
  expect(() => new HardenedContainer('js-priv', args)).toThrow(
    /HardenedContainer "js-priv".*"privileged" is not an argument of HardenedContainer/s,
  );
});

test('the justification label is the component’s own', () => {
  expect(
    () => new HardenedContainer('forged', { image: IMAGE, labels: { [JUSTIFICATIONS_ANNOTATION]: '[]' } }),
  ).toThrow(/labels\.hardened-workloads\.io\/justifications is written by the component/);
});

interface DockerRelaxation {
  readonly kind: string;
  readonly exemption: Exemption;
  /** Exemptions the relaxation needs to take effect (an add-back needs a root container). */
  readonly alongside?: readonly Exemption[];
  readonly expected: Record<string, unknown>;
  readonly environment?: 'non-production';
}

const RELAXATIONS: readonly DockerRelaxation[] = [
  {
    kind: 'capability',
    exemption: { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: REASON },
    // As user 10001 the add-back would be a no-op (capability-add-back-ineffective).
    alongside: [{ kind: 'runAsRoot', justification: REASON }],
    expected: { capabilities: { drops: ['ALL'], adds: ['NET_BIND_SERVICE'] } },
  },
  {
    kind: 'privileged',
    exemption: { kind: 'privileged', justification: APPROVED },
    expected: { privileged: true, securityOpts: [] },
  },
  {
    kind: 'privilegeEscalation',
    exemption: { kind: 'privilegeEscalation', justification: REASON },
    expected: { securityOpts: [] },
  },
  {
    kind: 'writableRootFilesystem',
    exemption: { kind: 'writableRootFilesystem', justification: REASON },
    expected: { readOnly: false },
  },
  { kind: 'runAsRoot', exemption: { kind: 'runAsRoot', justification: REASON }, expected: { user: '0:0' } },
  {
    kind: 'seccompLocalhost',
    exemption: {
      kind: 'seccompLocalhost',
      localhostProfile: SECCOMP_FILE,
      // A generated profile's record (a hand-written one is also reported as unreviewed).
      profileSha256: GENERATED_PROFILE_SHA256,
      justification: REASON,
    },
    // The Docker API takes the profile's content, never its path.
    expected: { securityOpts: ['no-new-privileges:true', `seccomp=${JSON.stringify(SECCOMP_PROFILE)}`] },
  },
  {
    kind: 'seccompUnconfined',
    environment: 'non-production',
    exemption: { kind: 'seccompUnconfined', justification: APPROVED },
    expected: { securityOpts: ['no-new-privileges:true', 'seccomp=unconfined'] },
  },
  {
    kind: 'appArmorLocalhost',
    exemption: { kind: 'appArmorLocalhost', localhostProfile: 'api-profile', justification: REASON },
    expected: { securityOpts: ['no-new-privileges:true', 'apparmor=api-profile'] },
  },
  {
    kind: 'seLinuxOptions',
    exemption: { kind: 'seLinuxOptions', options: { level: 's0:c1,c2' }, justification: REASON },
    expected: { securityOpts: ['no-new-privileges:true', 'label=level:s0:c1,c2'] },
  },
  {
    kind: 'hostNetwork',
    exemption: { kind: 'hostNetwork', justification: APPROVED },
    expected: { networkMode: 'host' },
  },
  { kind: 'hostPID', exemption: { kind: 'hostPID', justification: APPROVED }, expected: { pidMode: 'host' } },
  { kind: 'hostIPC', exemption: { kind: 'hostIPC', justification: APPROVED }, expected: { ipcMode: 'host' } },
  {
    kind: 'hostPath',
    exemption: { kind: 'hostPath', hostPath: '/var/log/app', justification: APPROVED },
    expected: { mounts: [{ type: 'bind', source: '/var/log/app', target: '/var/log/app', readOnly: true }] },
  },
  {
    kind: 'dockerSocket',
    exemption: { kind: 'dockerSocket', justification: APPROVED },
    expected: {
      mounts: [
        { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false },
      ],
    },
  },
  {
    kind: 'hostPort',
    exemption: { kind: 'hostPort', containerPort: 8080, hostPort: 80, justification: REASON },
    expected: { ports: [{ internal: 8080, external: 80, ip: '127.0.0.1', protocol: 'tcp' }] },
  },
];

describe.each(RELAXATIONS)('the $kind relaxation', (relaxation) => {
  const name = `docker-${relaxation.kind.toLowerCase()}`;
  const args = (exemption: unknown) => ({
    image: IMAGE,
    ports: [{ containerPort: 8080, hostIp: '127.0.0.1' }],
    exemptions: [...(relaxation.alongside ?? []), exemption as Exemption],
    now: NOW,
    ...(relaxation.environment && { environment: relaxation.environment }),
  });

  test('with a justification: mapped to the engine setting and recorded in the labels', async () => {
    new HardenedContainer(name, args(relaxation.exemption));
    const inputs = await containerInputs(name);
    expect(inputs).toMatchObject(relaxation.expected);
    const labels = inputs.labels as { label: string; value: string }[];
    const recorded = labels.find((l) => l.label === JUSTIFICATIONS_ANNOTATION);
    expect(decodeJustifications(recorded?.value).records.map((r) => r.exemption)).toEqual([
      ...(relaxation.alongside ?? []).map((e) => e.kind),
      relaxation.kind,
    ]);
  });

  test('without a justification: a ResourceError before anything is registered', async () => {
    const bare: Record<string, unknown> = { ...relaxation.exemption };
    delete bare.justification;
    const before = mocks.resources.length;
    let thrown: unknown;
    try {
      new HardenedContainer(`${name}-bare`, args(bare));
    } catch (error) {
      thrown = error;
    }
    expect(pulumi.ResourceError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(`HardenedContainer "${name}-bare"`);
    expect((thrown as Error).message).toContain(`"${relaxation.kind}" exemption needs a justification`);
    await settle();
    expect(mocks.resources.length).toBe(before);
  });
});

test('seccomp Unconfined is refused in production even with an approved justification', () => {
  expect(
    () =>
      new HardenedContainer('unconfined-prod', {
        image: IMAGE,
        exemptions: [{ kind: 'seccompUnconfined', justification: APPROVED }],
      }),
  ).toThrow(/seccomp Unconfined is refused in production/);
});

test('an exemption without a justification does not compile', () => {
  const make = (): Exemption[] => [
    // @ts-expect-error a dockerSocket exemption needs an approved justification
    { kind: 'dockerSocket', justification: REASON },
    // @ts-expect-error every exemption needs a justification
    { kind: 'writableRootFilesystem' },
  ];
  expect(make).not.toThrow();
});

describe('the audit of the arguments the component passes', () => {
  test('finds nothing, and no process-limit warning, which no user could act on (docker.Container has no such argument)', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const component = new HardenedContainer('audited', { image: IMAGE });
    const findings = await valueOf(component.findings);
    expect(findings).toEqual([]);
    await settle();
    expect(warn).not.toHaveBeenCalled();
    expect(component.composeService).not.toHaveProperty('pids_limit');
    warn.mockRestore();
  });

  test('lists a justified relaxation as justified', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const component = new HardenedContainer('audited-cap', {
      image: IMAGE,
      exemptions: [{ kind: 'writableRootFilesystem', justification: REASON }],
      now: NOW,
    });
    const findings = await valueOf(component.findings);
    expect(findings.filter((f) => f.status === 'justified').map((f) => f.rule)).toEqual([
      'read-only-root-filesystem',
    ]);
    warn.mockRestore();
  });
});

describe('arguments the provider cannot honour, and named volumes', () => {
  test('pidsLimit is refused with the reason, never dropped silently', async () => {
    const error = (() => {
      try {
        new HardenedContainer('pids', { image: IMAGE, pidsLimit: 100 } as never);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a refusal');
    })();
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    expect(error.message).toContain('HardenedContainer "pids"');
    expect(error.message).toContain(
      '"pidsLimit" cannot be honoured: docker.Container (@pulumi/docker 5) has no process-limit argument',
    );
    await settle();
    expect(mocks.ofType('docker:index/container:Container').map((r) => r.name)).not.toContain('pids');
  });

  test('a named Docker volume is mounted for persistent data and passes the audit', async () => {
    const component = new HardenedContainer('stateful', {
      image: IMAGE,
      volumes: [
        { volumeName: 'data', containerPath: '/data' },
        { volumeName: 'config', containerPath: '/etc/app', readOnly: true },
      ],
    });
    expect((await containerInputs('stateful')).volumes).toEqual([
      { volumeName: 'data', containerPath: '/data' },
      { volumeName: 'config', containerPath: '/etc/app', readOnly: true },
    ]);
    expect(await valueOf(component.findings)).toEqual([]);
  });

  test.each(['/var/run/docker.sock', '/', 'C:\\data', '../escape'])(
    'a volumeName %j is a host path, not a volume name: refused',
    async (volumeName) => {
      expect(
        () =>
          new HardenedContainer(`bad-volume-${volumeName.length}`, {
            image: IMAGE,
            volumes: [{ volumeName, containerPath: '/x' }],
          }),
      ).toThrow(/is not a Docker volume name/);
      await settle();
      expect(mocks.ofType('docker:index/container:Container').map((r) => r.name)).not.toContain(
        `bad-volume-${volumeName.length}`,
      );
    },
  );

  test('a volumeName known only later is audited when it resolves (a socket path: test/pulumi/registration)', async () => {
    const component = new HardenedContainer('late-volume', {
      image: IMAGE,
      volumes: [{ volumeName: pulumi.output('data'), containerPath: '/data' }],
    });
    expect(await valueOf(component.findings)).toEqual([]);
  });
});
