import type { AuditReport, Finding, InputError } from '../audit';

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
    ...(finding.acceptance && { acceptance: finding.acceptance }),
  };
}

/** A refused input as the JSON and SARIF reports list it: where, the problem, and the fix. */
export function refusalJson(error: InputError): Record<string, unknown> {
  return {
    file: error.file ?? null,
    line: error.line ?? null,
    column: error.column ?? null,
    field: error.field ?? null,
    problem: error.problem,
    hint: error.hint ?? null,
  };
}

/**
 * The JSON report: one object with `findings`, `summary` (counted as `errors`, `warnings`,
 * `justified`: warnings are not violations; `refused`: inputs not read), what was `skipped`, and
 * what was `refused` with its cause.
 */
export function renderJson(report: AuditReport): string {
  const { files, documents, workloads, skipped, errors } = report.inputs;
  const summary = Object.fromEntries(Object.entries(report.summary).filter(([key]) => key !== 'violations'));
  return `${JSON.stringify(
    {
      findings: report.findings.map(findingJson),
      summary,
      inputs: {
        files,
        documents,
        workloads,
        skipped,
        refused: errors.map(refusalJson),
        ...(report.inputs.baseline !== undefined && {
          baseline: {
            file: report.inputs.baseline.file,
            expired: report.inputs.baseline.expired,
            unmatched: report.inputs.baseline.unmatched.map(({ entry, line }) => ({
              ...entry,
              line: line ?? null,
            })),
          },
        }),
      },
    },
    null,
    2,
  )}\n`;
}
