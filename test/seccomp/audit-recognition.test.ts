import { auditDocuments } from 'hardened-workloads/audit';
import {
  renderComposeService,
  renderDockerContainer,
  renderHardenedPod,
  JUSTIFICATIONS_ANNOTATION,
} from 'hardened-workloads/posture';
import { generateSeccompProfile, operatorLocalhostProfile, seccompProfileExemption } from '../../src/seccomp';

const NOW = new Date('2026-06-01T00:00:00Z');
const profile = generateSeccompProfile({
  name: 'keyring-client',
  add: [
    {
      syscall: 'add_key',
      justification: { reason: 'the session cache keeps its key in the kernel keyring', ticket: 'SEC-42' },
    },
    {
      syscall: 'keyctl',
      justification: {
        reason: 'the session cache reads its key back from the keyring',
        ticket: 'SEC-43',
        expires: '2027-01-31',
      },
    },
  ],
  now: NOW,
});

describe('seccompProfileExemption', () => {
  it('sums up the additions and carries the hash into the record', () => {
    const exemption = seccompProfileExemption(profile, operatorLocalhostProfile('keyring-client', 'shop'));
    expect(exemption).toMatchObject({
      kind: 'seccompLocalhost',
      localhostProfile: 'operator/shop/keyring-client.json',
      profileSha256: profile.sha256,
      justification: { ticket: 'SEC-42, SEC-43', expires: '2027-01-31' },
    });
    expect(exemption.justification.reason).toMatch(
      /adds to the runtime default: add_key \(the session cache keeps.*\); keyctl \(/,
    );
    const rendered = renderHardenedPod({
      containers: [{ name: 'app', writablePaths: ['/tmp'], exemptions: [exemption] }],
      where: 'test',
      now: NOW,
    });
    const records = JSON.parse(rendered.annotations[JUSTIFICATIONS_ANNOTATION] ?? '[]') as unknown[];
    expect(records).toContainEqual(
      expect.objectContaining({ exemption: 'seccompLocalhost', profileSha256: profile.sha256 }),
    );
  });
});

describe('the audit tells generated profiles from hand-written ones', () => {
  function composeWith(
    exemption:
      | ReturnType<typeof seccompProfileExemption>
      | { kind: 'seccompLocalhost'; localhostProfile: string; justification: { reason: string } },
  ) {
    const settings = renderDockerContainer({
      name: 'api',
      image: 'registry.example.com/team/api:1.4.2',
      writablePaths: ['/tmp'],
      exemptions: [exemption],
      now: NOW,
    });
    return { services: { api: renderComposeService(settings) } };
  }

  it('a generated profile is justified with no finding left open', () => {
    const report = auditDocuments([composeWith(seccompProfileExemption(profile, './keyring-client.json'))], {
      level: 'hardened',
      now: NOW,
    });
    const open = report.findings.filter((f) => f.status !== 'justified');
    expect(open.map((f) => f.rule)).toEqual([]);
    expect(report.findings.map((f) => [f.rule, f.status])).toContainEqual([
      'seccomp-localhost-justified',
      'justified',
    ]);
  });

  it('a hand-written profile is reported unreviewed, in Compose words', () => {
    const handWritten = {
      kind: 'seccompLocalhost' as const,
      localhostProfile: './mine.json',
      justification: { reason: 'the session cache keeps its key in the kernel keyring' },
    };
    const report = auditDocuments([composeWith(handWritten)], { level: 'hardened', now: NOW });
    const open = report.findings.filter((f) => f.status !== 'justified');
    expect(open.map((f) => [f.rule, f.severity])).toEqual([['seccomp-profile-generated', 'warning']]);
    expect(open[0]?.message).toBe(
      'service "api" uses the hand-written, unreviewed seccomp profile "seccomp=./mine.json": generate it (runtime default plus the justified system calls)',
    );
  });
});
