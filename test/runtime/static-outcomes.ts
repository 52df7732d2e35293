/**
 * Static rows of a runtime case: a control verified on the input itself (the audit's verdict, an
 * audit rule, a manifest field), each with the outcome of its negative control. Pure, so that the
 * unit run checks the same outcomes on the library's output (static-outcomes.test.ts).
 */
import type { AuditReport } from 'hardened-workloads/audit';
import { AUDIT_LEVEL, auditText, describeVerdict, reportedRules, verdictPasses } from './audit-checks';
import type { AuditNegative, CaseAudit, NegativeControl } from './cases';
import type { StaticControl } from './static-controls';

/** A control verified on the input itself, with the negative control's outcome. */
export interface StaticOutcome {
  readonly control: string;
  readonly via: string;
  readonly expected: string;
  readonly observed: string;
  readonly negative: string;
  readonly pass: boolean;
}

/** A static control on the input and on its negative control: PASS only if it holds and bites. */
export function staticOutcome<I>(c: StaticControl<I>, input: I): StaticOutcome {
  const own = c.observe(input);
  const neg = c.observe(c.negative.make(input));
  return {
    control: c.control,
    via: c.via,
    expected: c.expected,
    observed: own.observed,
    negative: `${c.negative.name}: ${neg.observed}${neg.pass ? ' (DID NOT FAIL)' : ''}`,
    pass: own.pass && !neg.pass,
  };
}

/**
 * The audit's verdict on the input (must pass with no error or warning) and, on every negative
 * control that names audit rules, whether the audit reports them all.
 */
export function auditOutcome<I>(
  audit: CaseAudit<I>,
  negatives: readonly NegativeControl<I>[],
  input: I,
): StaticOutcome {
  const report: AuditReport = auditText(audit.text(input));
  const variants: AuditNegative<I>[] = [
    ...negatives.flatMap((n) =>
      n.auditRules === undefined ? [] : [{ name: n.name, make: n.make, auditRules: n.auditRules }],
    ),
    ...(audit.auditOnlyNegatives ?? []),
  ];
  const bites = variants.map((n) => ({
    name: n.name,
    ...reportedRules(auditText(audit.text(n.make(input))), n.auditRules),
  }));
  return {
    control: audit.control,
    via: `hardened-workloads audit at level ${AUDIT_LEVEL}, in process: auditPaths`,
    expected: 'pass: no error, no warning',
    observed: describeVerdict(report),
    negative:
      bites.length === 0
        ? 'NONE: no negative control is audited'
        : bites
            .map(
              (b) =>
                `${b.name}: ${b.shown}${b.missing.length > 0 ? ` (MISSING ${b.missing.join(', ')})` : ''}`,
            )
            .join('; '),
    pass: verdictPasses(report) && bites.length > 0 && bites.every((b) => b.missing.length === 0),
  };
}
