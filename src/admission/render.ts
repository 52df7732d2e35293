import { stringify } from 'yaml';
import type { AdmissionPolicySet } from './policy';

/** The objects as a multi-document YAML stream, opened by a comment saying what is and is not enforced. */
export function renderAdmissionYaml(set: AdmissionPolicySet, title: string): string {
  const header = [
    `# ${title}`,
    ...Object.entries(set.rulesByPolicy).map(
      ([policy, rules]) => `# ${policy}: ${rules.length} rules: ${rules.join(', ')}`,
    ),
    ...(set.notEnforced.length === 0
      ? ['# Every rule of the level is checked in the cluster.']
      : [
          '# Not checked in the cluster (run `hardened-workloads audit` in CI for these):',
          ...set.notEnforced.map((n) => `#   ${n.rule}: ${n.reason}`),
        ]),
    ...(set.composeOnly.length === 0
      ? []
      : [`# Compose-only rules (no pod field expresses them): ${set.composeOnly.join(', ')}`]),
  ];
  const documents = set.objects.map((object) => stringify(object, { lineWidth: 0 }).trimEnd());
  return `${header.join('\n')}\n---\n${documents.join('\n---\n')}\n`;
}
