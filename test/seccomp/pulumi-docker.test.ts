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
