/**
 * Generated seccomp profiles in real containers (issue 13). A hardened container (the Pulumi
 * HardenedContainer's docker.Container arguments, run with `docker run`) is refused `add_key` under
 * the runtime default; with a profile generated to add exactly `add_key` it is allowed that call and
 * still refused `keyctl`; with a profile generated for another call (the negative control) it is
 * refused `add_key` again. Both outputs are run: the Docker-format file and the flattened OCI file
 * (what containerd would read), and the OCI file under podman too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSeccompProfile } from '../../src/seccomp';
import type { GeneratedSeccompProfile } from '../../src/seccomp';
import { containerArgsToDockerRun, dockerRunArgv } from './docker-run-args';
import type { PlainContainerArgs } from './docker-run-args';
import { labEnv, run, runOk, uniqueName } from './lab-env';
import { containerArgsFromHardenedContainer } from './library-inputs';
import { recordRows } from './report';
import type { Method } from './report';

const reason = 'The session cache keeps its encryption key in the kernel keyring (SEC-42).';
const CASE_ID = '8-seccomp-generated';
const CASE_TITLE = 'Generated seccomp profile: runtime default plus add_key';

type Verdict = 'allowed' | 'blocked';

interface SyscallRun {
  readonly seccompMode: string;
  readonly verdicts: Readonly<Record<string, Verdict>>;
  readonly command: string;
}

function probeDir(): string {
  const dir = process.env.HW_SYSCALL_PROBE_DIR;
  if (dir === undefined || dir === '')
    throw new Error("HW_SYSCALL_PROBE_DIR is not set: run 'bash test/runtime/lab.sh'");
  return dir;
}

function writeProfile(name: string, profile: unknown): string {
  const dir = join(labEnv().dir, 'seccomp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(profile, null, 2));
  return file;
}

function parseVerdicts(stdout: string): SyscallRun['verdicts'] {
  const verdicts: Record<string, Verdict> = {};
  for (const match of stdout.matchAll(/^(\w+) (allowed|blocked) /gm))
    verdicts[match[1]!] = match[2] as Verdict;
  return verdicts;
}

const SCRIPT = 'grep "^Seccomp:" /proc/self/status; exec /probe/syscall-probe add_key keyctl';

/** The hardened container's own docker run flags, with only the image, command and seccomp file changed. */
async function runDocker(args: PlainContainerArgs, profileFile: string | undefined): Promise<SyscallRun> {
  const env = labEnv();
  const name = uniqueName('seccomp');
  const securityOpts = ((args.securityOpts as string[] | undefined) ?? []).filter(
    (o) => !o.startsWith('seccomp='),
  );
  if (profileFile !== undefined) securityOpts.push(`seccomp=${profileFile}`);
  const probeArgs = {
    ...args,
    name,
    image: env.image,
    securityOpts,
    entrypoints: ['/bin/sh'],
    command: ['-c', SCRIPT],
  } as PlainContainerArgs;
  const argv = dockerRunArgv(containerArgsToDockerRun(probeArgs), ['-v', `${probeDir()}:/probe:ro`]);
  try {
    const r = await runOk(env.docker, argv);
    return {
      seccompMode: /Seccomp:\s*(\d)/.exec(r.stdout)?.[1] ?? '?',
      verdicts: parseVerdicts(r.stdout),
      command: `docker ${argv.join(' ')}`,
    };
  } finally {
    await run(env.docker, ['rm', '--force', name]);
  }
}

/** podman run with the posture's flags and the OCI profile (podman reads OCI and Docker formats). */
async function runPodman(profileFile: string | undefined): Promise<SyscallRun> {
  const env = labEnv();
  const name = uniqueName('seccomp-podman');
  const argv = [
    'run',
    '--rm',
    '--name',
    name,
    '--user',
    '10001:10001',
    '--cap-drop',
    'ALL',
    '--read-only',
    '--security-opt',
    'no-new-privileges',
    ...(profileFile !== undefined ? ['--security-opt', `seccomp=${profileFile}`] : []),
    '-v',
    `${probeDir()}:/probe:ro`,
    '--entrypoint',
    '/bin/sh',
    env.image,
    '-c',
    SCRIPT,
  ];
  const r = await runOk(env.podman, argv);
  return {
    seccompMode: /Seccomp:\s*(\d)/.exec(r.stdout)?.[1] ?? '?',
    verdicts: parseVerdicts(r.stdout),
    command: `podman ${argv.join(' ')}`,
  };
}

function row(
  method: Method,
  control: string,
  expected: string,
  observed: string,
  negative: string,
  pass: boolean,
) {
  return {
    caseId: CASE_ID,
    caseTitle: CASE_TITLE,
    inputSource: 'generateSeccompProfile + HardenedContainer (Pulumi, under mocks)',
    control,
    method,
    expected,
    observed,
    negative,
    result: pass ? ('PASS' as const) : ('FAIL' as const),
  };
}

describe('generated seccomp profiles in real containers', () => {
  let args: PlainContainerArgs;
  let withAddKey: GeneratedSeccompProfile;
  let control: GeneratedSeccompProfile;

  beforeAll(async () => {
    process.env.CONTAINERS_CONF ??= labEnv().containersConf;
    args = await containerArgsFromHardenedContainer('keyring', {
      image: 'registry.example.com/team/keyring:1.0.0',
      writablePaths: ['/tmp'],
    });
    withAddKey = generateSeccompProfile({
      name: 'keyring-client',
      add: [{ syscall: 'add_key', justification: { reason } }],
    });
    // The negative control: generated the same way, but adding another call instead of add_key.
    control = generateSeccompProfile({
      name: 'keyring-control',
      add: [{ syscall: 'request_key', justification: { reason } }],
    });
  });

  it('under Docker: the default refuses add_key, the generated profile allows exactly it, the control does not', async () => {
    const byDefault = await runDocker(args, undefined);
    const dockerFormat = await runDocker(args, writeProfile('docker-add-key', withAddKey.docker));
    const ociFormat = await runDocker(args, writeProfile('oci-add-key', withAddKey.oci));
    const negative = await runDocker(args, writeProfile('oci-control', control.oci));
    const results = [
      row(
        'runtime under Docker',
        'runtime default refuses add_key (no capability involved)',
        'Seccomp 2, add_key blocked',
        `Seccomp ${byDefault.seccompMode}, add_key ${byDefault.verdicts.add_key}`,
        '',
        byDefault.seccompMode === '2' && byDefault.verdicts.add_key === 'blocked',
      ),
      row(
        'runtime under Docker',
        'Docker-format generated profile allows add_key',
        'add_key allowed, keyctl blocked',
        `add_key ${dockerFormat.verdicts.add_key}, keyctl ${dockerFormat.verdicts.keyctl}`,
        `control profile (request_key added instead): add_key ${negative.verdicts.add_key}`,
        dockerFormat.verdicts.add_key === 'allowed' && dockerFormat.verdicts.keyctl === 'blocked',
      ),
      row(
        'runtime under Docker',
        'OCI (flattened) generated profile allows add_key',
        'Seccomp 2, add_key allowed, keyctl blocked',
        `Seccomp ${ociFormat.seccompMode}, add_key ${ociFormat.verdicts.add_key}, keyctl ${ociFormat.verdicts.keyctl}`,
        `control profile: add_key ${negative.verdicts.add_key}`,
        ociFormat.seccompMode === '2' &&
          ociFormat.verdicts.add_key === 'allowed' &&
          ociFormat.verdicts.keyctl === 'blocked',
      ),
    ];
    recordRows(results);
    expect(byDefault).toMatchObject({
      seccompMode: '2',
      verdicts: { add_key: 'blocked', keyctl: 'blocked' },
    });
    expect(dockerFormat.verdicts).toEqual({ add_key: 'allowed', keyctl: 'blocked' });
    expect(ociFormat).toMatchObject({
      seccompMode: '2',
      verdicts: { add_key: 'allowed', keyctl: 'blocked' },
    });
    expect(negative.verdicts).toEqual({ add_key: 'blocked', keyctl: 'blocked' });
  });

  it('under podman: the OCI profile allows add_key and refuses keyctl (podman’s own default allows both); the control refuses add_key', async () => {
    const byDefault = await runPodman(undefined);
    const ociFormat = await runPodman(writeProfile('podman-oci-add-key', withAddKey.oci));
    const negative = await runPodman(writeProfile('podman-oci-control', control.oci));
    recordRows([
      row(
        'runtime under podman',
        'OCI (flattened) generated profile allows add_key, refuses keyctl',
        'generated: add_key allowed, keyctl blocked',
        `generated: add_key ${ociFormat.verdicts.add_key}, keyctl ${ociFormat.verdicts.keyctl} (podman's own default: add_key ${byDefault.verdicts.add_key}, keyctl ${byDefault.verdicts.keyctl})`,
        `control profile: add_key ${negative.verdicts.add_key}`,
        ociFormat.verdicts.add_key === 'allowed' &&
          ociFormat.verdicts.keyctl === 'blocked' &&
          negative.verdicts.add_key === 'blocked',
      ),
    ]);
    // podman's own default (containers-common) allows the keyring calls: RuntimeDefault is the
    // runtime's profile, not Docker's, so the generated profile is the stricter one there.
    expect(byDefault.verdicts).toEqual({ add_key: 'allowed', keyctl: 'allowed' });
    expect(ociFormat.verdicts).toEqual({ add_key: 'allowed', keyctl: 'blocked' });
    expect(negative.verdicts.add_key).toBe('blocked');
  });
});
