import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import type { AuditReport, Finding, InputError } from '../audit';
import type { Rule } from '../rules';
import { ruleAnchor } from '../rules';

/** GitHub code scanning ranks alerts by this score (0-10): errors are high, warnings medium. */
const SECURITY_SEVERITY: Readonly<Record<Rule['severity'], string>> = {
  error: '8.0',
  warning: '5.0',
  info: '0.0',
};
// SARIF has no `info` level: its `note` is the one that never fails a scan.
const SARIF_LEVEL: Readonly<Record<Rule['severity'], string>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** How to render SARIF. */
export interface SarifOptions {
  /** The tool version. */
  readonly version: string;
  /** The directory artifact URIs are relative to (the repository root in CI). */
  readonly cwd: string;
  /** The rules the audit ran, in order: SARIF's `tool.driver.rules`. */
  readonly rules: readonly Rule[];
}

/**
 * The report as SARIF 2.1.0, the format GitHub code scanning uploads: every active rule with its
 * help (rationale, remediation, example fix), every finding as a result at its file and line, and
 * justified findings as results suppressed in source, with the justification.
 */
export function renderSarif(report: AuditReport, options: SarifOptions): string {
  const rules = [...options.rules];
  // A finding from a rule outside the active set (a custom rule list) still needs its descriptor.
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hardened-workloads',
            version: options.version,
            semanticVersion: options.version,
            // No informationUri or helpUri: the package has no published home page to point at; the
            // whole rule documentation is in each descriptor's help.
            rules: rules.map((rule) => ruleDescriptor(rule)),
          },
        },
        results: report.findings.map((finding) => result(finding, index.get(finding.rule), options.cwd)),
        columnKind: 'utf16CodeUnits',
        // A refused input means the scan did not cover the repository: say so where tools look.
        invocations: [
          {
            executionSuccessful: report.inputs.errors.length === 0,
            ...(report.inputs.errors.length > 0 && {
              toolExecutionNotifications: report.inputs.errors.map((error) =>
                notification(error, options.cwd),
              ),
            }),
          },
        ],
        // What was read and what was not: a run that skipped documents must not read like a full pass.
        properties: {
          files: report.summary.files,
          documents: report.summary.documents,
          workloads: report.summary.workloads,
          skipped: report.summary.skipped,
          refused: report.inputs.errors.length,
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function ruleDescriptor(rule: Rule): Record<string, unknown> {
  const text = `${rule.rationale}\n\nRemediation: ${rule.remediation}\n\nExample fix:\n${rule.exampleFix}`;
  const markdown = [
    `**${rule.title}**`,
    '',
    rule.rationale,
    '',
    `**Remediation:** ${rule.remediation}`,
    '',
    '**Example fix:**',
    '',
    '```yaml',
    rule.exampleFix,
    '```',
    ...(rule.justifiedBy.length > 0
      ? [
          '',
          `An exemption can be justified (${rule.justifiedBy.join(', ')}): see ${ruleAnchor(rule)} in the package.`,
        ]
      : []),
  ].join('\n');
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text, markdown },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      tags: ['security', 'kubernetes', rule.level, ...(rule.pssCheck !== null ? ['pod-security'] : [])],
      precision: 'very-high',
      'problem.severity': rule.severity === 'info' ? 'recommendation' : rule.severity,
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

function result(finding: Finding, ruleIndex: number | undefined, cwd: string): Record<string, unknown> {
  const logical = {
    name: finding.name,
    fullyQualifiedName: [finding.namespace, finding.kind, finding.name, finding.container]
      .filter((part) => part !== null)
      .join('/'),
    kind: 'resource',
  };
  const physical =
    finding.file === null
      ? undefined
      : {
          artifactLocation: { uri: artifactUri(finding.file, cwd) },
          region: { startLine: finding.line ?? 1 },
        };
  return {
    ruleId: finding.rule,
    ...(ruleIndex !== undefined && { ruleIndex }),
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ ...(physical && { physicalLocation: physical }), logicalLocations: [logical] }],
    partialFingerprints: { 'hardenedWorkloadsFinding/v1': fingerprint(finding) },
    properties: { status: finding.status, path: finding.path, pssCheck: finding.pssCheck },
    ...(finding.status === 'accepted' &&
      finding.acceptance && {
        suppressions: [
          {
            kind: 'external',
            status: 'accepted',
            justification: `${finding.acceptance.reason} (approved by ${finding.acceptance.approvedBy}; baseline ${finding.acceptance.baseline})`,
          },
        ],
      }),
    ...(finding.status === 'justified' &&
      finding.justification && {
        suppressions: [
          {
            kind: 'inSource',
            status: 'accepted',
            justification: finding.justification.reason,
          },
        ],
      }),
  };
}

/** A refused input as a SARIF notification: an error at the file and line, with the hint. */
function notification(error: InputError, cwd: string): Record<string, unknown> {
  const region = {
    ...(error.line !== undefined && { startLine: error.line }),
    ...(error.line !== undefined && error.column !== undefined && { startColumn: error.column }),
  };
  return {
    level: 'error',
    message: { text: error.hint === undefined ? error.message : `${error.message}; ${error.hint}` },
    descriptor: { id: 'input-refused' },
    ...(error.file !== undefined &&
      !error.file.startsWith('<') && {
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(error.file, cwd) },
              ...(Object.keys(region).length > 0 && { region }),
            },
          },
        ],
      }),
  };
}

/** A relative, forward-slash URI, as code scanning matches files in the repository. */
export function artifactUri(file: string, cwd: string): string {
  const path = isAbsolute(file) ? relative(cwd, file) : file;
  return path
    .split(sep)
    .join('/')
    .replace(/^\.\//, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

// Stable while lines move: the alert follows the workload and field, not the line number.
function fingerprint(finding: Finding): string {
  return createHash('sha256')
    .update(
      [finding.rule, finding.file, finding.kind, finding.namespace, finding.name, finding.path].join(
        '\u0000',
      ),
    )
    .digest('hex')
    .slice(0, 32);
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
