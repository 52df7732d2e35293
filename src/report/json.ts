import type { AuditReport, Finding } from '../audit';

/** A finding as the JSON report prints it: a fixed key order, every key present. */
export function findingJson(finding: Finding): Record<string, unknown> {
  return {
    file: finding.file,
    line: finding.line,
    kind: finding.kind,
    name: finding.name,
    namespace: finding.namespace,
    container: finding.container,
    rule: finding.rule,
    pssCheck: finding.pssCheck,
    severity: finding.severity,
    level: finding.level,
    status: finding.status,
    message: finding.message,
    path: finding.path,
    ...(finding.justification && { justification: finding.justification }),
  };
}

/**
 * The JSON report: one object with `findings`, `summary` (counted as `errors`, `warnings`,
 * `justified`: warnings are not violations) and what was `skipped`.
 */
export function renderJson(report: AuditReport): string {
  const { files, documents, workloads, skipped } = report.inputs;
  const summary = Object.fromEntries(Object.entries(report.summary).filter(([key]) => key !== 'violations'));
  return `${JSON.stringify(
    {
      findings: report.findings.map(findingJson),
      summary,
      inputs: { files, documents, workloads, skipped },
    },
    null,
    2,
  )}\n`;
}
