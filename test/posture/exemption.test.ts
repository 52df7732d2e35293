import { generateSeccompProfile } from '../../src/seccomp';
import type { Exemption } from 'hardened-workloads';
import {
  JustificationError,
  assertValidExemptions,
  exemptionProblems,
  exemptionSubject,
} from 'hardened-workloads';

const now = new Date('2026-06-01T00:00:00Z');
const reason = 'binds port 80 for the legacy load balancer health check';
const production = { environment: 'production' as const, now };

describe('exemption types', () => {
  it('cannot be written without a justification (compile-time)', () => {
    // @ts-expect-error a capability add-back needs its justification
    const noJustification: Exemption = { kind: 'capability', capability: 'NET_BIND_SERVICE' };
    // @ts-expect-error privileged is a design review: the justification needs approvedBy
    const unapproved: Exemption = { kind: 'privileged', justification: { reason } };
    const unknownCapability: Exemption = {
      kind: 'capability',
      // @ts-expect-error only Linux capability names are accepted
      capability: 'NET_BIND',
      justification: { reason },
    };
    const approved: Exemption = { kind: 'hostPID', justification: { reason, approvedBy: 'security-team' } };
    expect(exemptionProblems(noJustification, production)).toEqual([
      'a "capability" exemption needs a justification { reason }',
    ]);
    expect(exemptionProblems(unapproved, production)).toEqual([
      'justification.approvedBy is required for this high-risk exemption (it is a design review)',
    ]);
    expect(exemptionProblems(unknownCapability, production)).toEqual(['unknown capability "NET_BIND"']);
    expect(exemptionProblems(approved, production)).toEqual([]);
  });
});

describe('exemptionProblems (JavaScript callers)', () => {
  it.each([
    [null, 'an exemption must be an object with a "kind"'],
    [
      { kind: 'root' },
      'unknown exemption kind "root"; expected one of capability, privileged, privilegeEscalation',
    ],
    [
      { kind: 'capability', capability: 'ALL', justification: { reason } },
      'adding ALL capabilities is not an exemption',
    ],
    [
      { kind: 'hostPath', hostPath: 'relative/dir', justification: { reason, approvedBy: 'sec' } },
      'absolute hostPath',
    ],
    [
      { kind: 'hostPort', containerPort: 70000, justification: { reason } },
      'containerPort between 1 and 65535',
    ],
    [
      { kind: 'seccompLocalhost', localhostProfile: '', justification: { reason } },
      'non-empty localhostProfile',
    ],
    [{ kind: 'dockerSocket', justification: { reason } }, 'approvedBy is required'],
    // A hash says "generated and reviewed": one written by hand claims a review that never happened.
    [
      {
        kind: 'seccompLocalhost',
        localhostProfile: 'profiles/api.json',
        profileSha256: 'ab'.repeat(32),
        justification: { reason },
      },
      'not the hash of a profile generateSeccompProfile() made in this program',
    ],
    // Docker and Compose read seccomp=unconfined as no profile: not a Localhost profile's name.
    [
      { kind: 'seccompLocalhost', localhostProfile: 'unconfined', justification: { reason } },
      'switches seccomp off under Docker and Compose',
    ],
    [
      { kind: 'seccompLocalhost', localhostProfile: ' UNCONFINED', justification: { reason } },
      'switches seccomp off under Docker and Compose',
    ],
  ])('%p', (exemption, fragment) => {
    expect(exemptionProblems(exemption, production).join('\n')).toContain(fragment);
  });

  it('accepts the hash of a profile generated in this program', () => {
    const profile = generateSeccompProfile({
      name: 'keyring',
      add: [{ syscall: 'add_key', justification: { reason } }],
    });
    const exemption = {
      kind: 'seccompLocalhost',
      localhostProfile: 'keyring.json',
      profileSha256: profile.sha256,
      justification: { reason },
    };
    expect(exemptionProblems(exemption, production)).toEqual([]);
  });

  it('refuses Unconfined seccomp in production even when justified and approved, and allows it elsewhere', () => {
    const unconfined = { kind: 'seccompUnconfined', justification: { reason, approvedBy: 'security-team' } };
    expect(exemptionProblems(unconfined, production)).toEqual([
      'seccomp Unconfined is refused in production, justified or not; use a reviewed Localhost profile (seccompLocalhost)',
    ]);
    expect(exemptionProblems(unconfined, { environment: 'non-production', now })).toEqual([]);
  });
});

describe('assertValidExemptions', () => {
  it('names where the exemption was written and every problem', () => {
    expect(() =>
      assertValidExemptions(
        [
          { kind: 'capability', capability: 'SYS_ADMIN' },
          { kind: 'privileged', justification: { reason } },
        ],
        {
          ...production,
          where: 'app/api',
        },
      ),
    ).toThrow(
      new JustificationError(
        'app/api: invalid exemptions\n' +
          '  exemptions[0]: a "capability" exemption needs a justification { reason, approvedBy }\n' +
          '  exemptions[1]: justification.approvedBy is required for this high-risk exemption (it is a design review)\n' +
          'Every relaxation of the default posture needs a justification: see docs/rules.md#justifying-an-exemption',
      ),
    );
  });

  it('returns a frozen copy of valid exemptions, and [] for none', () => {
    const exemptions: Exemption[] = [
      { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: { reason } },
    ];
    const copy = assertValidExemptions(exemptions, { ...production, where: 'x' });
    expect(copy).not.toBe(exemptions);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(exemptions));
    expect(Object.isFrozen(copy[0]?.justification)).toBe(true);
    expect(assertValidExemptions(undefined, { ...production, where: 'x' })).toEqual([]);
  });
});

test('exemptionSubject names what a one-at-a-time exemption is about', () => {
  const j = { reason, approvedBy: 'security-team' };
  expect(exemptionSubject({ kind: 'capability', capability: 'NET_BIND_SERVICE', justification: j })).toBe(
    'NET_BIND_SERVICE',
  );
  expect(exemptionSubject({ kind: 'dockerSocket', justification: j })).toBe('/var/run/docker.sock');
  expect(exemptionSubject({ kind: 'hostPath', hostPath: '/var/log', justification: j })).toBe('/var/log');
  expect(exemptionSubject({ kind: 'hostPort', containerPort: 8080, justification: j })).toBe('8080');
  expect(exemptionSubject({ kind: 'hostPort', containerPort: 8080, hostPort: 80, justification: j })).toBe(
    '80',
  );
  expect(exemptionSubject({ kind: 'privileged', justification: j })).toBeUndefined();
});
