import type { Finding, Workload } from 'hardened-workloads/audit';
import { evaluateWorkload, resolveAudit } from 'hardened-workloads/audit';
import type { JustificationRecord } from 'hardened-workloads/posture';
import { JUSTIFICATIONS_ANNOTATION } from 'hardened-workloads/posture';
import type { Rule, RuleContext, Violation } from 'hardened-workloads/rules';
import { LATEST_PSS_VERSION, podView } from 'hardened-workloads/rules';

/** A fixed clock, so that justification expiry never depends on the day the tests run. */
export const NOW = new Date('2026-06-01T00:00:00Z');

export const CONTEXT: RuleContext = {
  level: 'hardened',
  pssVersion: LATEST_PSS_VERSION,
  environment: 'production',
  now: NOW,
};

/** A compliant container, to which a case adds or overrides fields. */
export function container(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, image: 'registry.example.com/app:1.0', ...extra };
}

/** Runs one rule on a pod spec (at `spec`), with optional pod annotations. */
export function runRule(
  rule: Rule,
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {},
): readonly Violation[] {
  return rule.check(podView(spec, 'spec', { annotations }), CONTEXT);
}

/** The findings of one rule on a Pod carrying the given justification records. */
export function findingsWith(
  rule: Rule,
  spec: Record<string, unknown>,
  records: readonly JustificationRecord[],
): Finding[] {
  const workload: Workload = {
    kind: 'Pod',
    name: 'p',
    pod: podView(spec, 'spec', { justificationValues: [JSON.stringify(records)] }),
  };
  return evaluateWorkload(workload, resolveAudit({ rules: [rule], now: NOW }));
}

/** A justification record with a substantive reason and an approver. */
export function record(fields: Omit<JustificationRecord, 'reason'>): JustificationRecord {
  return {
    reason: 'reviewed by the platform team for this workload',
    approvedBy: 'security-team',
    ...fields,
  };
}

export { JUSTIFICATIONS_ANNOTATION };
