import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { HardenedContainer, hardenedContainerArgs } from 'hardened-workloads/pulumi/docker';
import { hardenedPolicies } from 'hardened-workloads/pulumi/policy';
import { generateSeccompProfile } from '../../src/seccomp';
import { installMocks, settle } from '../pulumi/pulumi-mocks';
import type { MockRecorder } from '../pulumi/pulumi-mocks';

const IMAGE = 'registry.example.com/shop/cache:2.1.0';
const reason = 'the session cache keeps its encryption key in the kernel keyring';
const profile = generateSeccompProfile({
  name: 'keyring',
  add: [{ syscall: 'add_key', justification: { reason } }],
});

describe('Pulumi HardenedContainer with a generated seccomp profile', () => {
  let mocks: MockRecorder;
  beforeAll(async () => {
    mocks = await installMocks();
  });

  it('hands the engine the profile content (the Docker API takes no path) and records its hash', async () => {
    new HardenedContainer('cache', { image: IMAGE, writablePaths: ['/tmp'], seccompProfile: profile });
    await settle();
    const inputs = mocks.get('docker:index/container:Container', 'cache').inputs;
    const seccomp = (inputs.securityOpts as string[]).filter((o) => o.startsWith('seccomp='));
    expect(seccomp).toHaveLength(1);
    expect(JSON.parse(seccomp[0]!.slice('seccomp='.length))).toEqual(profile.docker);
    const labels = inputs.labels as { label: string; value: string }[];
    const record = labels.find((l) => l.label === 'hardened-workloads.io/justifications')?.value ?? '';
    expect(JSON.parse(record)).toContainEqual(
      expect.objectContaining({ exemption: 'seccompLocalhost', profileSha256: profile.sha256 }),
    );
  });

  it('passes every mandatory policy, and a hand-written inline profile does not', () => {
    const plan = hardenedContainerArgs('cache', {
      image: IMAGE,
      writablePaths: ['/tmp'],
      seccompProfile: profile,
    });
    const props = JSON.parse(JSON.stringify(plan.containerArgs)) as Record<string, unknown>;
    const violations = (p: Record<string, unknown>) => {
      const found: string[] = [];
      for (const policy of hardenedPolicies()) {
        if (policy.enforcementLevel !== 'mandatory' || !('validateResource' in policy)) continue;
        const validate = policy.validateResource as (args: unknown, report: (m: string) => void) => void;
        // As CrossGuard sees the container a HardenedContainer registers.
        const component = 'urn:pulumi:stack::project::hardened-workloads:docker:HardenedContainer::cache';
        validate(
          {
            type: 'docker:index/container:Container',
            props: p,
            urn: 'urn:pulumi:stack::project::hardened-workloads:docker:HardenedContainer$docker:index/container:Container::cache',
            name: 'cache',
            opts: { parent: component },
          },
          (m) => found.push(`${policy.name}: ${m}`),
        );
      }
      return found;
    };
    expect(violations(props)).toEqual([]);
    const handWritten = { ...props, labels: [] };
    expect(violations(handWritten).join('\n')).toMatch(/seccomp-localhost-justified/);
    // The generated profile's record cannot cover content swapped for one that lets every call run.
    for (const content of [
      '{"defaultAction":"SCMP_ACT_ALLOW"}',
      '{"DefaultAction":"SCMP_ACT_LOG"}',
      '{}',
      'null',
    ]) {
      const securityOpts = (props.securityOpts as string[]).map((o) =>
        o.startsWith('seccomp=') ? `seccomp=${content}` : o,
      );
      expect(violations({ ...props, securityOpts }).join('\n')).toMatch(
        /seccomp-profile-restricted: .*must not set security_opt "seccomp=unconfined"/,
      );
    }
  });

  it('refuses a profile changed after it was generated, and a second seccomp choice', () => {
    const edited = {
      ...profile,
      oci: {
        ...profile.oci,
        syscalls: [...profile.oci.syscalls, { names: ['mount'], action: 'SCMP_ACT_ALLOW' }],
      },
    };
    expect(() => hardenedContainerArgs('cache', { image: IMAGE, seccompProfile: edited })).toThrow(
      /does not match its hash/,
    );
    expect(() =>
      hardenedContainerArgs('cache', {
        image: IMAGE,
        seccompProfile: profile,
        exemptions: [{ kind: 'seccompLocalhost', localhostProfile: 'mine.json', justification: { reason } }],
      }),
    ).toThrow(/either seccompProfile or a "seccompLocalhost" exemption/);
  });
});

describe('Pulumi HardenedContainer with a hand-written seccompLocalhost profile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-seccomp-'));
  const written = join(dir, 'reviewed.json');
  writeFileSync(written, JSON.stringify(profile.docker));
  const exemption = (localhostProfile: string) => ({
    kind: 'seccompLocalhost' as const,
    localhostProfile,
    justification: { reason },
  });
  const engineSeccomp = (localhostProfile: string) =>
    (
      hardenedContainerArgs('cache', { image: IMAGE, exemptions: [exemption(localhostProfile)] })
        .containerArgs.securityOpts as string[]
    ).filter((o) => o.startsWith('seccomp='));

  it('hands the engine the file content, read as docker run reads it (relative to the working directory)', () => {
    for (const path of [written, relative(process.cwd(), written)]) {
      const seccomp = engineSeccomp(path);
      expect(seccomp).toHaveLength(1);
      expect(JSON.parse(seccomp[0]!.slice('seccomp='.length))).toEqual(profile.docker);
    }
  });

  it('records no hash: the profile stays hand-written for the audit', () => {
    const plan = hardenedContainerArgs('cache', { image: IMAGE, exemptions: [exemption(written)] });
    expect(plan.settings.justifications).toContainEqual(
      expect.objectContaining({ exemption: 'seccompLocalhost', container: 'cache' }),
    );
    expect(plan.settings.justifications.some((r) => r.profileSha256 !== undefined)).toBe(false);
  });

  it('refuses a file that cannot be read or is not a profile, before anything is registered', () => {
    expect(() => engineSeccomp(dir)).toThrow(/cannot be read \(not a regular file\)/);
    expect(() => engineSeccomp('/dev/zero')).toThrow(/cannot be read \(not a regular file\)/);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => engineSeccomp(fifo)).toThrow(/cannot be read \(not a regular file\)/);
    expect(() => engineSeccomp(join(dir, 'missing.json'))).toThrow(
      /cannot be read \(ENOENT\).*generateSeccompProfile/,
    );
    const notProfile = join(dir, 'not-a-profile.json');
    writeFileSync(notProfile, '{"syscalls": []}');
    expect(() => engineSeccomp(notProfile)).toThrow(/is not a seccomp profile/);
    writeFileSync(notProfile, 'defaultAction: SCMP_ACT_ERRNO');
    expect(() => engineSeccomp(notProfile)).toThrow(/is not a seccomp profile/);
  });

  it('refuses a profile that lets every unlisted call run: seccomp Unconfined in effect', () => {
    const permissive = join(dir, 'permissive.json');
    for (const defaultAction of ['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_NOTIFY', 'scmp_act_errno']) {
      writeFileSync(permissive, JSON.stringify({ defaultAction, syscalls: [] }));
      expect(() => engineSeccomp(permissive)).toThrow(/lets every system call it does not list run/);
    }
    // The last of two keys is the one both JSON.parse and the engine's Go reader keep.
    writeFileSync(permissive, '{"defaultAction": "SCMP_ACT_ERRNO", "defaultAction": "SCMP_ACT_ALLOW"}');
    expect(() => engineSeccomp(permissive)).toThrow(/"SCMP_ACT_ALLOW" lets every system call/);
    writeFileSync(
      permissive,
      '{"defaultAction": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_KILL_PROCESS"}',
    );
    expect(JSON.parse(engineSeccomp(permissive)[0]!.slice('seccomp='.length))).toEqual({
      defaultAction: 'SCMP_ACT_KILL_PROCESS',
    });
  });

  it('reads the default action as the engine does: keys match whatever their case, the later one wins', () => {
    const recased = join(dir, 'recased.json');
    // JSON.parse keeps both keys; the engine's Go decoder reads both into defaultAction, ALLOW last.
    writeFileSync(recased, '{"defaultAction": "SCMP_ACT_ERRNO", "DefaultAction": "SCMP_ACT_ALLOW"}');
    expect(() => engineSeccomp(recased)).toThrow(/"SCMP_ACT_ALLOW" lets every system call/);
    writeFileSync(recased, '{"DefaultAction": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_ERRNO"}');
    expect(engineSeccomp(recased)).toEqual(['seccomp={"defaultAction":"SCMP_ACT_ERRNO"}']);
  });

  it('refuses "unconfined", which Docker reads as no seccomp at all', () => {
    for (const name of ['unconfined', ' Unconfined ']) {
      expect(() => engineSeccomp(name)).toThrow(/switches seccomp off under Docker and Compose/);
    }
  });
});
