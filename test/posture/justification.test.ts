import { JustificationError, isPlaceholder, justificationProblems, parseExpiry } from 'hardened-workloads';

const now = new Date('2026-06-01T12:00:00Z');
const check = { requireApproval: false, now };

describe('justificationProblems', () => {
  it('accepts a substantive reason with optional ticket, approver and a future expiry', () => {
    expect(
      justificationProblems(
        {
          reason: 'binds port 80 for the legacy load balancer health check',
          ticket: 'SEC-12',
          expires: '2026-12-31',
        },
        check,
      ),
    ).toEqual([]);
  });

  it.each([
    [undefined, 'a justification object { reason, ticket?, approvedBy?, expires? } is required'],
    ['because', 'a justification object { reason, ticket?, approvedBy?, expires? } is required'],
    [{}, 'justification.reason is required'],
    [{ reason: '   ' }, 'justification.reason is required'],
    [
      { reason: 'needs it' },
      'justification.reason must be at least 20 characters (got 8): say why the workload needs it',
    ],
  ])('rejects %p', (value, problem) => {
    expect(justificationProblems(value, check)).toEqual([problem]);
  });

  it.each([
    'TODO: write the reason down later',
    'tbd tbd tbd tbd tbd tbd tbd',
    'n/a n/a n/a n/a n/a n/a n/a n/a',
    'temp temporary temp temporary temp',
    'we will fix later, promise, really',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'FIXME before the next release goes out',
  ])('rejects the placeholder %p', (reason) => {
    expect(justificationProblems({ reason }, check)).toEqual([
      `justification.reason ${JSON.stringify(reason)} is a placeholder: say why the workload needs it`,
    ]);
  });

  it('does not mistake an explanation that mentions a placeholder-like word for a placeholder', () => {
    expect(isPlaceholder('the test harness needs ptrace to attach the profiler to the worker')).toBe(false);
  });

  it('requires approvedBy for high-risk exemptions', () => {
    const reason = 'node exporter reads host metrics from /proc of the node';
    expect(justificationProblems({ reason }, { requireApproval: true, now })).toEqual([
      'justification.approvedBy is required for this high-risk exemption (it is a design review)',
    ]);
    expect(
      justificationProblems({ reason, approvedBy: 'security-team' }, { requireApproval: true, now }),
    ).toEqual([]);
  });

  it('treats an expired justification as an error, and a bare date as valid through that day', () => {
    const reason = 'binds port 80 for the legacy load balancer health check';
    expect(justificationProblems({ reason, expires: '2026-05-31' }, check)).toEqual([
      'justification expired on 2026-05-31: review the exemption and renew or remove it',
    ]);
    expect(justificationProblems({ reason, expires: '2026-06-01' }, check)).toEqual([]);
  });

  it('rejects an expiry that is not an ISO date, and wrongly typed optional fields', () => {
    const reason = 'binds port 80 for the legacy load balancer health check';
    expect(justificationProblems({ reason, expires: 'next spring', ticket: 42 }, check)).toEqual([
      'justification.ticket must be a non-empty string when given',
      'justification.expires "next spring" is not an ISO date (YYYY-MM-DD)',
    ]);
  });
});

describe('parseExpiry', () => {
  it.each([
    ['2026-02-30', undefined],
    ['2026-13-01', undefined],
    ['01/02/2026', undefined],
    ['2026-02-28', '2026-02-28T23:59:59.999Z'],
    ['2026-02-28T10:00:00Z', '2026-02-28T10:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseExpiry(text)?.toISOString()).toBe(iso);
  });
});

test('JustificationError is an Error with its own name', () => {
  const error = new JustificationError('x');
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe('JustificationError');
});
