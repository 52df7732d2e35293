import { EXEMPTION_KINDS, JUSTIFICATIONS_ANNOTATION } from '../posture';
import type { Dialect } from './pod-view';
import type { Rule } from './rule';
import { LEVELS } from './rule';
import { formatPssVersion } from './pss-version';

const REFERENCE_NAMES: Readonly<Record<string, string>> = {
  cisDocker: 'CIS Docker',
  polaris: 'Polaris',
  kubeLinter: 'kube-linter',
  checkov: 'Checkov',
  kubesec: 'kubesec',
  trivy: 'Trivy',
};

/** The docs anchor of a rule in docs/rules.md. */
export function ruleAnchor(rule: Pick<Rule, 'id'>): string {
  return `docs/rules.md#${rule.id}`;
}

/** The references of a rule as `Tool id, id; Tool id`. */
export function formatReferences(rule: Rule): string {
  return Object.entries(rule.references)
    .filter((entry): entry is [string, readonly string[]] => Array.isArray(entry[1]) && entry[1].length > 0)
    .map(([tool, ids]) => `${REFERENCE_NAMES[tool] ?? tool} ${ids.join(', ')}`)
    .join('; ');
}

/** How to justify a rule's findings, or why it cannot be. */
export function justificationHelp(rule: Rule): string {
  if (rule.justifiedBy.length === 0) return 'Not justifiable: fix the workload.';
  const kinds = rule.justifiedBy.map((kind) => {
    const info = EXEMPTION_KINDS[kind];
    return `\`${kind}\` (${info.description}${info.highRisk ? '; high risk: `approvedBy` required' : ''})`;
  });
  return `With an exemption of kind ${kinds.join(' or ')}, recorded in the \`${JUSTIFICATIONS_ANNOTATION}\` annotation.`;
}

/** docs/rules.md, generated from the rule registry: never edit the file by hand. */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  const lines: string[] = [
    '# Rules',
    '',
    '<!-- Generated from the rule registry by `npm run docs:rules`; a test fails when this file is stale. -->',
    '',
    'Levels are cumulative: `restricted` includes `baseline`, `hardened` includes both. `baseline` and `restricted`',
    'are the Kubernetes Pod Security Standards; `hardened` adds the rest of the runtime posture.',
    '',
    '| Rule | Level | Severity | Pod Security check | Title |',
    '| --- | --- | --- | --- | --- |',
    ...rules.map(
      (rule) =>
        `| [\`${rule.id}\`](#${rule.id}) | ${rule.level} | ${rule.severity} | ${rule.pssCheck ?? '—'} | ${rule.title} |`,
    ),
    '',
  ];
  for (const level of LEVELS) {
    const ofLevel = rules.filter((rule) => rule.level === level);
    if (ofLevel.length === 0) continue;
    lines.push(`## ${level[0]?.toUpperCase() ?? ''}${level.slice(1)}`, '');
    for (const rule of ofLevel) lines.push(...ruleSection(rule));
  }
  lines.push(
    '## Justifying an exemption',
    '',
    'A relaxation of the posture is written as an exemption with a justification: a `reason` of at least 20',
    'characters that is not a placeholder, and optionally `ticket`, `approvedBy` and `expires` (ISO date). The',
    'high-risk kinds (privileged, the Docker socket, Unconfined seccomp, host namespaces, hostPath) also need',
    '`approvedBy`, and Unconfined seccomp is refused in the production environment. The constructs record each',
    `justification in the \`${JUSTIFICATIONS_ANNOTATION}\` annotation (a label for Docker), as a JSON array:`,
    '',
    '```yaml',
    'metadata:',
    '  annotations:',
    `    ${JUSTIFICATIONS_ANNOTATION}: >-`,
    '      [{"exemption":"writableRootFilesystem","container":"web",',
    '        "reason":"the legacy server rewrites its own config under /etc at start","ticket":"SEC-123"}]',
    '```',
    '',
    'The audit reads it back: a matching finding is reported with status `justified`, never dropped; an',
    'invalid or expired record is itself a violation (`justification-valid`). A record for a host path or',
    'the Docker socket also names the `container` and the `mode` (`read-only` or `read-write`) it was reviewed',
    'for, and covers only that mount: the same socket mounted into another container, or a host path reviewed',
    'read-only and mounted writable, stays a violation. A justification covers only what takes effect: a',
    'capability added to a non-root container under no-new-privileges stays in its bounding set, and a',
    'justification for it is an error ([`capability-add-back-ineffective`](#capability-add-back-ineffective)).',
    '',
    '| Exemption kind | Relaxes | Approval |',
    '| --- | --- | --- |',
    ...Object.entries(EXEMPTION_KINDS).map(
      ([kind, info]) =>
        `| \`${kind}\` | ${info.description} | ${info.highRisk ? '`approvedBy` required' : '—'} |`,
    ),
    '',
  );
  return lines.join('\n');
}

function ruleSection(rule: Rule): string[] {
  const references = formatReferences(rule);
  return [
    `### \`${rule.id}\``,
    '',
    `**${rule.title}.** Level \`${rule.level}\`, severity \`${rule.severity}\`` +
      (rule.pssCheck ? `, Pod Security check \`${rule.pssCheck}\`` : '') +
      (rule.sinceVersion ? ` (since ${formatPssVersion(rule.sinceVersion)})` : '') +
      (rule.overrides?.length
        ? `; replaces ${rule.overrides.map((id) => `[\`${id}\`](#${id})`).join(', ')}`
        : '') +
      `. Applies to ${rule.dialects.map((d) => DIALECT_NAMES[d]).join(' and ')}.`,
    '',
    `- Restricted fields: ${rule.restrictedFields.map((f) => `\`${f}\``).join(', ')}`,
    `- Allowed values: ${rule.allowedValues}`,
    ...(references ? [`- References: ${references}`] : []),
    `- Justification: ${justificationHelp(rule)}`,
    '',
    `Why: ${rule.rationale}`,
    '',
    `Fix: ${rule.remediation}`,
    '',
    '```yaml',
    rule.exampleFix,
    '```',
    '',
  ];
}

const DIALECT_NAMES: Readonly<Record<Dialect, string>> = {
  kubernetes: 'Kubernetes workloads',
  compose: 'Compose services',
  'persistent-volume': 'Kubernetes PersistentVolumes',
};
