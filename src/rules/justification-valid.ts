import type { JustificationRecord } from '../posture';
import { JUSTIFICATIONS_ANNOTATION, justificationProblems, needsApproval } from '../posture';
import type { RuleContext } from './rule';
import { defineRule } from './rule';

/** What makes a recorded justification unacceptable (empty when it holds). */
export function recordProblems(
  record: JustificationRecord,
  context: Pick<RuleContext, 'now' | 'environment' | 'maxExemptionDays'>,
): string[] {
  const problems = justificationProblems(record, {
    requireApproval: needsApproval(record.exemption, record.subject),
    now: context.now,
    ...(context.maxExemptionDays !== undefined && { maxApprovedDays: context.maxExemptionDays }),
  });
  // Anything but the documented non-production value is production.
  if (record.exemption === 'seccompUnconfined' && context.environment !== 'non-production') {
    problems.push('seccomp Unconfined is refused in production, justified or not');
  }
  return problems;
}

export const justificationValid = defineRule({
  id: 'justification-valid',
  title: 'Recorded justifications are readable, substantive, approved where required and unexpired',
  severity: 'error',
  level: 'baseline',
  pssCheck: null,
  dialects: ['kubernetes', 'compose', 'persistent-volume'],
  restrictedFields: [`metadata.annotations["${JUSTIFICATIONS_ANNOTATION}"]`],
  allowedValues: 'a JSON array of justification records, each with a reason of 20+ characters',
  references: {},
  rationale:
    'A justification is what lets a reviewer accept a relaxation of the posture. One that is a placeholder, ' +
    'unapproved for a high-risk relaxation, expired, or unreadable justifies nothing, and a manifest must not ' +
    'be able to exempt itself with one.',
  remediation:
    'Fix the record: give a reason of at least 20 characters that says why, add approvedBy (a person or group, ' +
    'in visible text) for high-risk exemptions (privileged, Docker socket, Unconfined seccomp, host namespaces, ' +
    'hostPath, capabilities outside Pod Security baseline, SELinux types outside the container types), keep ' +
    "them within the posture's maxExemptionDays when set, and renew or remove expired ones.",
  exampleFix: `metadata:\n  annotations:\n    ${JUSTIFICATIONS_ANNOTATION}: '[{"exemption":"writableRootFilesystem","container":"web","reason":"the legacy server rewrites its own config under /etc at start","ticket":"SEC-123"}]'`,
  justifiedBy: [],
  check(pod, context) {
    const path = `metadata.annotations["${JUSTIFICATIONS_ANNOTATION}"]`;
    const violations = pod.justifications.problems.map((problem) => ({ message: problem, path }));
    pod.justifications.records.forEach((record) => {
      const problems = recordProblems(record, context);
      if (problems.length > 0) {
        const scope =
          record.container !== undefined ? ` for container ${JSON.stringify(record.container)}` : '';
        violations.push({
          message: `justification of "${record.exemption}"${record.subject ? ` (${record.subject})` : ''}${scope} is not valid: ${problems.join('; ')}`,
          path,
        });
      }
    });
    return violations;
  },
});
