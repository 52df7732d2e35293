import {
  JustificationError,
  PlainDataError,
  assertValidExemptions,
  decodeJustifications,
  exemptionProblems,
  needsApproval,
  recordProblems,
  renderHardenedPod,
  resolveAudit,
} from 'hardened-workloads';
import type { Exemption } from 'hardened-workloads';

const now = new Date('2026-06-01T00:00:00Z');
const reason = 'the node agent reads kernel counters the runtime hides from containers';
const production = { environment: 'production' as const, now };
const approvedBy = 'security-review-board';

function withPollutedPrototype(run: () => void): void {
  const proto = Object.prototype as Record<string, unknown>;
  proto.approvedBy = 'x';
  try {
    run();
  } finally {
    delete proto.approvedBy;
  }
}

describe('fields are read as own data properties only', () => {
  test('Object.prototype.approvedBy does not approve a privileged exemption', () => {
    withPollutedPrototype(() => {
      expect(exemptionProblems({ kind: 'privileged', justification: { reason } }, production)).toEqual([
        'justification.approvedBy is required for this high-risk exemption (it is a design review)',
      ]);
      expect(() =>
        assertValidExemptions([{ kind: 'privileged', justification: { reason } }], {
          ...production,
          where: 'chart/api',
        }),
      ).toThrow(JustificationError);
    });
  });

  test('Object.prototype.approvedBy does not approve a recorded justification in the audit', () => {
    withPollutedPrototype(() => {
      const { records } = decodeJustifications(JSON.stringify([{ exemption: 'privileged', reason }]));
      const [record] = records;
      expect(record?.approvedBy).toBeUndefined();
      expect(recordProblems(record!, { now, environment: 'production' })).toEqual([
        'justification.approvedBy is required for this high-risk exemption (it is a design review)',
      ]);
    });
  });

  test('a kind inherited from Object.prototype is not an exemption kind', () => {
    expect(exemptionProblems({ kind: 'constructor', justification: { reason } }, production)[0]).toMatch(
      /^unknown exemption kind "constructor"/,
    );
    expect(decodeJustifications(JSON.stringify([{ exemption: 'toString', reason }])).problems).toHaveLength(
      1,
    );
  });

  test('a getter is refused, not read (it could answer differently the second time)', () => {
    let reads = 0;
    const justification = {
      reason,
      get approvedBy() {
        reads += 1;
        return reads === 1 ? approvedBy : undefined;
      },
    };
    expect(() =>
      assertValidExemptions([{ kind: 'privileged', justification }], { ...production, where: 'chart/api' }),
    ).toThrow(
      new PlainDataError(
        'chart/api: exemptions[0].justification.approvedBy is a getter or setter: pass a plain value, read once',
      ),
    );
    expect(reads).toBe(0);
  });

  test('the validated copy is what renders: changing the original afterwards changes nothing', () => {
    const exemption = { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: { reason } };
    const [copy] = assertValidExemptions([exemption], { ...production, where: 'chart/api' });
    (exemption as Record<string, unknown>).capability = 'SYS_ADMIN';
    expect(copy).toMatchObject({ capability: 'NET_BIND_SERVICE' });
    expect(Object.isFrozen(copy)).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBeNull();
  });
});

describe('approval where the risk is', () => {
  test.each(['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'BPF', 'NET_RAW', 'cap_sys_admin'])(
    'adding %s needs approvedBy',
    (capability) => {
      const unapproved = { kind: 'capability', capability, justification: { reason } };
      expect(exemptionProblems(unapproved, production)).toEqual([
        'justification.approvedBy is required for this high-risk exemption (it is a design review)',
      ]);
      expect(exemptionProblems({ ...unapproved, justification: { reason, approvedBy } }, production)).toEqual(
        [],
      );
    },
  );

  test.each(['NET_BIND_SERVICE', 'CHOWN', 'SETUID', 'SYS_CHROOT', 'KILL'])(
    'adding %s (Pod Security baseline allows it) needs no approver',
    (capability) => {
      expect(
        exemptionProblems({ kind: 'capability', capability, justification: { reason } }, production),
      ).toEqual([]);
    },
  );

  test('a recorded capability outside baseline needs approvedBy in the audit too', () => {
    const record = { exemption: 'capability' as const, container: 'a', subject: 'SYS_ADMIN', reason };
    expect(recordProblems(record, { now, environment: 'production' })).toHaveLength(1);
    expect(recordProblems({ ...record, approvedBy }, { now, environment: 'production' })).toEqual([]);
  });

  test('an SELinux type outside the container types (spc_t) needs approvedBy; container_t does not', () => {
    const spc = { kind: 'seLinuxOptions', options: { type: 'spc_t' }, justification: { reason } };
    expect(exemptionProblems(spc, production)).toEqual([
      'justification.approvedBy is required for this high-risk exemption (it is a design review)',
    ]);
    const containerT = {
      kind: 'seLinuxOptions',
      options: { type: 'container_t' },
      justification: { reason },
    };
    expect(exemptionProblems(containerT, production)).toEqual([]);
    expect(needsApproval('seLinuxOptions', 'spc_t')).toBe(true);
    expect(needsApproval('seLinuxOptions', 'container_engine_t')).toBe(false);
  });

  test.each([
    ['empty', ''],
    ['white space', '   '],
    ['zero-width only', '\u200b\u200c\u2060'],
    ['BOM and soft hyphen', '\ufeff\u00ad'],
    ['Hangul filler', '\u3164\u3164'],
    ['placeholder TODO', 'TODO'],
    ['placeholder n/a', 'n/a'],
    ['placeholder dash', '--'],
    ['one letter', 'x'],
    ['me', 'me'],
  ])('approvedBy that is %s is refused', (_case, name) => {
    const problems = exemptionProblems(
      { kind: 'privileged', justification: { reason, approvedBy: name } },
      production,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/approvedBy/);
  });

  test('a reason padded to length with zero-width characters is too short', () => {
    const padded = `binds port 80${'\u200b'.repeat(30)}`;
    expect(
      exemptionProblems(
        { kind: 'hostPort', containerPort: 80, justification: { reason: padded } },
        production,
      )[0],
    ).toMatch(/at least 20 characters/);
  });
});

describe('maxExemptionDays', () => {
  const limited = { ...production, maxExemptionDays: 30 };
  const privileged = (expires?: string) => ({
    kind: 'privileged',
    justification: { reason, approvedBy, ...(expires !== undefined && { expires }) },
  });

  test('a high-risk exemption must expire within the limit', () => {
    expect(exemptionProblems(privileged(), limited)).toEqual([
      'justification.expires is required: the posture limits high-risk exemptions to 30 days (maxExemptionDays)',
    ]);
    expect(exemptionProblems(privileged('2026-07-01'), limited)).toEqual([]);
    expect(exemptionProblems(privileged('2026-09-01'), limited)).toEqual([
      'justification.expires "2026-09-01" is more than 30 days away: the posture limits high-risk exemptions to 30 days (maxExemptionDays)',
    ]);
    expect(exemptionProblems(privileged(), production)).toEqual([]);
  });

  test('an exemption that needs no approver has no limit', () => {
    const low: Exemption = { kind: 'writableRootFilesystem', justification: { reason } };
    expect(exemptionProblems(low, limited)).toEqual([]);
  });

  test('the audit applies it to recorded justifications', () => {
    const record = { exemption: 'hostPID' as const, reason, approvedBy };
    const context = { now, environment: 'production' as const, maxExemptionDays: 30 };
    expect(recordProblems(record, context)).toHaveLength(1);
    expect(recordProblems({ ...record, expires: '2026-06-20' }, context)).toEqual([]);
    expect(resolveAudit({ maxExemptionDays: 30 }).context.maxExemptionDays).toBe(30);
    expect(() => resolveAudit({ maxExemptionDays: 0 })).toThrow(/maxExemptionDays must be a whole number/);
  });

  test('the pod renderer enforces it', () => {
    expect(() =>
      renderHardenedPod({
        where: 'chart/agent',
        maxExemptionDays: 30,
        containers: [{ name: 'agent', exemptions: [privileged() as Exemption] as never }],
      }),
    ).toThrow(/maxExemptionDays/);
  });
});

describe('environment accepts only its documented values', () => {
  const unconfined = { kind: 'seccompUnconfined' as const, justification: { reason, approvedBy } };

  test.each(['prod', 'Production', 'staging', ''])(
    '%j is an error listing the accepted values',
    (environment) => {
      const expected = `chart/api: environment ${JSON.stringify(environment)} is not one of "production", "non-production"`;
      expect(() =>
        renderHardenedPod({
          where: 'chart/api',
          environment: environment as never,
          containers: [{ name: 'api', exemptions: [unconfined] }],
        }),
      ).toThrow(expected);
      expect(() => resolveAudit({ environment: environment as never })).toThrow(
        /is not one of "production", "non-production"/,
      );
    },
  );

  test('a typo never lifts the production refusal of Unconfined seccomp', () => {
    expect(exemptionProblems(unconfined, { now, environment: 'prod' as never })).toContain(
      'seccomp Unconfined is refused in production, justified or not; use a reviewed Localhost profile (seccompLocalhost)',
    );
    const record = { exemption: 'seccompUnconfined' as const, reason, approvedBy };
    expect(recordProblems(record, { now, environment: 'prod' as never })).toContain(
      'seccomp Unconfined is refused in production, justified or not',
    );
    expect(exemptionProblems(unconfined, { now, environment: 'non-production' })).toEqual([]);
  });
});
