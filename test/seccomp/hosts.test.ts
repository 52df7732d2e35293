import { Testing } from 'cdk8s';
import { auditDocuments } from 'hardened-workloads/audit';
import { HardenedDeployment, HardenedSeccompProfile } from 'hardened-workloads/cdk8s';
import { HardenedSeccompProfile as PulumiSeccompProfile } from 'hardened-workloads/pulumi/kubernetes';
import { installMocks, settle } from '../pulumi/pulumi-mocks';
import type { MockRecorder } from '../pulumi/pulumi-mocks';

const IMAGE = 'registry.example.com/team/api:1.4.2';
const keyring = {
  syscall: 'add_key',
  justification: { reason: 'the session cache keeps its key in the kernel keyring' },
};

describe('cdk8s HardenedSeccompProfile', () => {
  function synth(useProfile: boolean) {
    const chart = Testing.chart();
    const profile = new HardenedSeccompProfile(chart, 'keyring', { namespace: 'shop', add: [keyring] });
    new HardenedDeployment(chart, 'api', {
      metadata: { namespace: 'shop' },
      containers: [
        {
          name: 'api',
          image: IMAGE,
          writablePaths: ['/tmp'],
          exemptions: useProfile
            ? [profile.exemption]
            : [
                {
                  kind: 'seccompLocalhost',
                  localhostProfile: 'mine.json',
                  justification: keyring.justification,
                },
              ],
        },
      ],
    });
    return { profile, manifests: Testing.synth(chart) as Record<string, unknown>[] };
  }

  it('writes the operator resource and a container on its Localhost path that the audit reads as generated', () => {
    const { profile, manifests } = synth(true);
    const resource = manifests.find((m) => m.kind === 'SeccompProfile');
    expect(resource).toMatchObject({
      apiVersion: 'security-profiles-operator.x-k8s.io/v1beta1',
      metadata: {
        namespace: 'shop',
        annotations: { 'hardened-workloads.io/seccomp-profile-sha256': profile.profile.sha256 },
      },
      spec: { defaultAction: 'SCMP_ACT_ERRNO', syscalls: profile.profile.oci.syscalls },
    });
    expect(JSON.stringify(manifests)).toContain(
      `"localhostProfile":"operator/shop/${profile.profile.name}.json"`,
    );
    const report = auditDocuments(manifests, { level: 'hardened' });
    expect(report.findings.filter((f) => f.status !== 'justified').map((f) => f.rule)).toEqual([]);
  });

  it('the seccompProfile option puts the profile on a container like its exemption', () => {
    const chart = Testing.chart();
    const keyringProfile = new HardenedSeccompProfile(chart, 'keyring', {
      namespace: 'shop',
      add: [keyring],
    });
    new HardenedDeployment(chart, 'api', {
      metadata: { namespace: 'shop' },
      containers: [{ name: 'api', image: IMAGE, writablePaths: ['/tmp'], seccompProfile: keyringProfile }],
    });
    const manifests = Testing.synth(chart) as Record<string, unknown>[];
    expect(JSON.stringify(manifests)).toContain(`"localhostProfile":"${keyringProfile.localhostProfile}"`);
    const report = auditDocuments(manifests, { level: 'hardened' });
    expect(report.findings.filter((f) => f.status !== 'justified').map((f) => f.rule)).toEqual([]);
    expect(
      () =>
        new HardenedDeployment(Testing.chart(), 'both', {
          containers: [
            {
              name: 'api',
              image: IMAGE,
              seccompProfile: keyringProfile,
              exemptions: [
                {
                  kind: 'seccompLocalhost',
                  localhostProfile: 'x.json',
                  justification: keyring.justification,
                },
              ],
            },
          ],
        }),
    ).toThrow(/either seccompProfile or a "seccompLocalhost" exemption/);
  });

  it('a hand-written profile synthesizes, and the audit reports it unreviewed', () => {
    const report = auditDocuments(synth(false).manifests, { level: 'hardened' });
    expect(report.findings.filter((f) => f.status !== 'justified').map((f) => f.rule)).toEqual([
      'seccomp-profile-generated',
    ]);
  });

  it('refuses an addition that changes nothing, naming the construct', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new HardenedSeccompProfile(chart, 'mounter', {
          add: [{ syscall: 'mount', justification: keyring.justification }],
        }),
    ).toThrow(
      /mounter: seccomp profile "[a-z0-9-]+": cannot be generated\n {2}add\[0\]: mount also needs CAP_SYS_ADMIN/,
    );
  });
});

describe('Pulumi HardenedSeccompProfile', () => {
  let mocks: MockRecorder;
  beforeAll(async () => {
    mocks = await installMocks();
  });

  it('registers the operator resource with the OCI profile', async () => {
    const profile = new PulumiSeccompProfile('keyring', { namespace: 'shop', add: [keyring] });
    await settle();
    const registered = mocks.get(
      'kubernetes:security-profiles-operator.x-k8s.io/v1beta1:SeccompProfile',
      'keyring',
    );
    expect(registered.inputs).toMatchObject({
      kind: 'SeccompProfile',
      metadata: { name: 'keyring', namespace: 'shop' },
      spec: {
        syscalls: expect.arrayContaining([{ names: ['add_key'], action: 'SCMP_ACT_ALLOW' }]) as unknown,
      },
    });
    expect(profile.exemption).toMatchObject({
      localhostProfile: 'operator/shop/keyring.json',
      profileSha256: profile.profile.sha256,
    });
  });

  it('refuses a high-risk addition without an approver before registering anything', async () => {
    const before = mocks.resources.length;
    expect(
      () =>
        new PulumiSeccompProfile('nsjail', {
          namespace: 'shop',
          add: [{ syscall: 'unshare', justification: keyring.justification }],
        }),
    ).toThrow(/HardenedSeccompProfile "nsjail".*approvedBy is required/s);
    await settle();
    expect(mocks.resources.length).toBe(before);
  });
});
