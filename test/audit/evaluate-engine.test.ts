import type { Rule, Workload } from 'hardened-workloads';
import {
  JUSTIFICATIONS_ANNOTATION,
  defineRule,
  evaluateWorkload,
  podView,
  resolveAudit,
} from 'hardened-workloads';

const now = new Date('2026-06-01T00:00:00Z');
const reason = 'the agent needs raw sockets to send ICMP health probes';

function fakeRule(overrides: Partial<Rule> & Pick<Rule, 'id'>): Rule {
  return defineRule({
    title: 'fake',
    severity: 'error',
    level: 'baseline',
    pssCheck: null,
    dialects: ['kubernetes'],
    restrictedFields: [],
    allowedValues: '',
    references: {},
    rationale: '',
    remediation: '',
    exampleFix: '',
    justifiedBy: [],
    check: () => [],
    ...overrides,
  });
}

const addsCapabilities = fakeRule({
  id: 'adds-capabilities',
  justifiedBy: ['capability'],
  check: (pod) =>
    pod.containers.flatMap((c) => {
      const add = (c.securityContext.capabilities as { add?: string[] } | undefined)?.add ?? [];
      return add.map((cap) => ({
        message: `${c.name} adds ${cap}`,
        path: c.path,
        container: c.name,
        subject: cap,
      }));
    }),
});

function workload(records: unknown[], containers: unknown[]): Workload {
  return {
    kind: 'Pod',
    name: 'p',
    pod: podView({ containers }, 'spec', { justificationValues: [JSON.stringify(records)] }),
  };
}

const twoContainers = [
  { name: 'a', securityContext: { capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } } },
  { name: 'b', securityContext: { capabilities: { add: ['NET_RAW'] } } },
];

describe('resolveAudit', () => {
  const base = fakeRule({ id: 'base-check', level: 'baseline' });
  const strict = fakeRule({ id: 'strict-check', level: 'restricted', overrides: ['base-check'] });
  const modern = fakeRule({ id: 'modern-check', level: 'baseline', sinceVersion: { major: 1, minor: 30 } });
  const hardened = fakeRule({ id: 'hardened-check', level: 'hardened' });
  const rules = [base, strict, modern, hardened];
  const ids = (level: 'baseline' | 'restricted' | 'hardened', minor: number) =>
    resolveAudit({ rules, level, pssVersion: { major: 1, minor } }).rules.map((r) => r.id);

  it('keeps the rules of the level and below, applying overrides', () => {
    expect(ids('baseline', 30)).toEqual(['base-check', 'modern-check']);
    expect(ids('restricted', 30)).toEqual(['strict-check', 'modern-check']);
    expect(ids('hardened', 30)).toEqual(['strict-check', 'modern-check', 'hardened-check']);
  });

  it('skips checks newer than the Pod Security version', () => {
    expect(ids('baseline', 28)).toEqual(['base-check']);
  });
});

describe('evaluateWorkload', () => {
  const audit = resolveAudit({ rules: [addsCapabilities], now });

  it('reports one finding per violation', () => {
    const findings = evaluateWorkload(workload([], twoContainers), audit);
    expect(findings.map((f) => [f.container, f.status, f.message])).toEqual([
      ['a', 'violation', 'a adds NET_RAW'],
      ['a', 'violation', 'a adds NET_ADMIN'],
      ['b', 'violation', 'b adds NET_RAW'],
    ]);
  });

  it('justifies only the matching container and subject', () => {
    // NET_RAW is outside Pod Security baseline's list: its record names an approver.
    const record = {
      exemption: 'capability',
      container: 'a',
      subject: 'NET_RAW',
      reason,
      approvedBy: 'security-team',
    };
    const findings = evaluateWorkload(workload([record], twoContainers), audit);
    expect(findings.map((f) => [f.container, f.message, f.status])).toEqual([
      ['a', 'a adds NET_RAW', 'justified'],
      ['a', 'a adds NET_ADMIN', 'violation'],
      ['b', 'b adds NET_RAW', 'violation'],
    ]);
    expect(findings[0]?.justification).toEqual(record);
  });

  it('does not let a record of another exemption kind justify a finding', () => {
    const record = { exemption: 'privileged', reason, approvedBy: 'security-team' };
    const findings = evaluateWorkload(workload([record], twoContainers), audit);
    expect(findings.every((f) => f.status === 'violation')).toBe(true);
  });

  it.each([
    ['too short', { reason: 'ping' }],
    ['placeholder', { reason: 'TODO TODO TODO TODO TODO' }],
    ['expired', { reason, expires: '2026-01-01' }],
  ])('ignores an invalid (%s) record', (_case, fields) => {
    const record = { exemption: 'capability', container: 'a', subject: 'NET_RAW', ...fields };
    const findings = evaluateWorkload(workload([record], twoContainers), audit);
    expect(findings[0]?.status).toBe('violation');
  });

  it('re-checks validity per audit: the same parsed workload expires at a later date', () => {
    const record = {
      exemption: 'capability',
      container: 'a',
      subject: 'NET_RAW',
      reason,
      approvedBy: 'security-team',
      expires: '2026-12-31',
    };
    const parsed = workload([record], twoContainers);
    const at = (date: string) =>
      evaluateWorkload(parsed, resolveAudit({ rules: [addsCapabilities], now: new Date(date) }))[0]?.status;
    expect(at('2026-06-01')).toBe('justified');
    expect(at('2027-06-01')).toBe('violation');
    expect(at('2026-06-01')).toBe('justified');
  });

  it('reports a rule that throws as a violation, never a pass', () => {
    const crashing = fakeRule({
      id: 'crashing',
      check: () => {
        throw new Error('boom');
      },
    });
    const findings = evaluateWorkload(workload([], []), resolveAudit({ rules: [crashing], now }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'crashing',
      status: 'violation',
      message: 'rule crashing could not check this workload: Error: boom',
    });
  });

  it('skips rules of another dialect and lets the dialect present findings', () => {
    const compose: Workload = {
      kind: 'ComposeService',
      name: 'api',
      pod: podView({ containers: twoContainers }, 'services.api', { dialect: 'compose' }),
      present: (v) => ({ ...v, message: `service says: ${v.message}` }),
    };
    expect(evaluateWorkload(compose, audit)).toEqual([]);
    const both = fakeRule({
      ...addsCapabilities,
      id: 'adds-capabilities-everywhere',
      dialects: ['kubernetes', 'compose'],
    });
    const findings = evaluateWorkload(compose, resolveAudit({ rules: [both], now }));
    expect(findings[0]?.message).toBe('service says: a adds NET_RAW');
  });

  it('reads the justification annotation from the pod template and the workload once', () => {
    const record = { exemption: 'capability', container: 'a', subject: 'NET_RAW', reason };
    const value = JSON.stringify([record]);
    const pod = podView({ containers: twoContainers }, 'spec.template.spec', {
      justificationValues: [value, value],
    });
    expect(pod.justifications.records).toEqual([record]);
    expect(JUSTIFICATIONS_ANNOTATION).toBe('hardened-workloads.io/justifications');
  });
});
