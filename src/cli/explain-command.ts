import { EXEMPTION_KINDS, exemptionExample } from '../posture';
import { ruleDocsLink } from '../report';
import { ALL_RULES, findRule, formatPssVersion } from '../rules';
import { paletteFor } from './color';
import type { CliIo } from './io';
import { parseCommand } from './options';
import { UsageError } from './usage-error';

/** `hardened-workloads explain <rule-id>`: everything about one rule. */
export function explainCommand(args: readonly string[], io: CliIo): number {
  const { positionals } = parseCommand('explain', args, {});
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0)
    throw new UsageError('explain takes exactly one rule id', 'explain');
  const rule = findRule(id);
  if (rule === undefined) {
    const near = ALL_RULES.filter((r) => r.id.includes(id) || id.includes(r.id)).map((r) => r.id);
    const suggestion = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '';
    throw new UsageError(`no rule "${id}"${suggestion} (hardened-workloads rules lists them all)`, 'explain');
  }
  const palette = paletteFor(io);
  const references = Object.entries(rule.references)
    .filter((entry): entry is [string, readonly string[]] => Array.isArray(entry[1]) && entry[1].length > 0)
    .map(([tool, ids]) => `${tool} ${ids.join(', ')}`);
  const section = (title: string, body: string): string => `${palette.bold(title)}\n${indent(body)}\n`;
  const justification =
    rule.justifiedBy.length === 0
      ? 'This rule cannot be justified: fix the workload.'
      : rule.justifiedBy
          .map(
            (kind) =>
              `${kind}${EXEMPTION_KINDS[kind].highRisk ? ' (high risk: needs approvedBy)' : ''}\n` +
              `  e.g. ${exemptionExample(kind)}`,
          )
          .join('\n');
  const parts = [
    `${palette.bold(rule.id)}: ${rule.title}\n`,
    section(
      'Level',
      [
        `${rule.level}, severity ${rule.severity}`,
        `Pod Security check: ${rule.pssCheck ?? 'none (beyond the Pod Security Standards)'}`,
        ...(rule.sinceVersion ? [`Since Pod Security ${formatPssVersion(rule.sinceVersion)}`] : []),
        ...(rule.overrides && rule.overrides.length > 0 ? [`Replaces: ${rule.overrides.join(', ')}`] : []),
        `Applies to: ${rule.dialects.join(', ')}`,
      ].join('\n'),
    ),
    section('Restricted fields', rule.restrictedFields.join('\n') || '-'),
    section('Allowed values', rule.allowedValues),
    section('Why', rule.rationale),
    section('Fix', rule.remediation),
    section('Example', rule.exampleFix),
    section('Exemptions that justify it', justification),
    ...(references.length > 0 ? [section('Same control elsewhere', references.join('\n'))] : []),
    section('Documentation', ruleDocsLink(rule.id, io.cwd ?? process.cwd())),
  ];
  io.stdout.write(parts.join('\n'));
  return 0;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}
