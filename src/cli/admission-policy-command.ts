import type { LabelSelector, ValidationAction } from '../admission';
import { admissionPolicy, DEFAULT_EXEMPTIONS_NAME } from '../admission';
import { renderAdmissionYaml } from '../admission/render';
import { formatPssVersion } from '../rules';
import type { CliIo } from './io';
import type { OptionValue } from './options';
import { levelOption, parseCommand, pssVersionOption } from './options';
import { UsageError } from './usage-error';

const COMMAND = 'admission-policy';
const ACTIONS: readonly ValidationAction[] = ['Deny', 'Warn', 'Audit'];
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `--validation-actions Deny` or `Warn,Audit`. */
function actionsOption(value: OptionValue): ValidationAction[] {
  if (value === undefined) return ['Deny'];
  const actions = String(value)
    .split(',')
    .map((a) => a.trim());
  for (const action of actions) {
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(
        `--validation-actions takes ${ACTIONS.join(', ')} (comma-separated); got "${action}"`,
        COMMAND,
      );
  }
  if (actions.includes('Deny') && actions.includes('Warn'))
    throw new UsageError(
      '--validation-actions cannot combine Deny and Warn (Kubernetes refuses it)',
      COMMAND,
    );
  return [...new Set(actions)] as ValidationAction[];
}

/** `--namespace-selector 'team=payments,!legacy,env!=dev'`; an empty string selects every namespace. */
export function namespaceSelectorOption(value: OptionValue): LabelSelector | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (text === '') return {};
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelector['matchExpressions']>[number][] = [];
  for (const term of text.split(',').map((t) => t.trim())) {
    const match = /^(!?)([^=!]+?)\s*(?:(!=|=)\s*(.*))?$/.exec(term);
    const [, not, key = '', operator, raw = ''] = match ?? [];
    const labelValue = raw.trim();
    if (
      match === null ||
      !LABEL_KEY.test(key) ||
      (operator !== undefined && not === '!') ||
      !LABEL_VALUE.test(labelValue)
    )
      throw new UsageError(
        `--namespace-selector term "${term}" is not a label requirement: write key=value, key!=value, key or !key`,
        COMMAND,
      );
    if (operator === '=') matchLabels[key] = labelValue;
    else if (operator === '!=') matchExpressions.push({ key, operator: 'NotIn', values: [labelValue] });
    else matchExpressions.push({ key, operator: not === '!' ? 'DoesNotExist' : 'Exists' });
  }
  return {
    ...(Object.keys(matchLabels).length > 0 && { matchLabels }),
    ...(matchExpressions.length > 0 && { matchExpressions }),
  };
}

/** `hardened-workloads admission-policy`: prints the ValidatingAdmissionPolicy and binding of a level. */
export function admissionPolicyCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommand(COMMAND, args, {
    level: { type: 'string' },
    'pss-version': { type: 'string' },
    'validation-actions': { type: 'string' },
    'namespace-selector': { type: 'string' },
    'failure-policy': { type: 'string' },
    'params-namespace': { type: 'string' },
    'params-name': { type: 'string' },
    name: { type: 'string' },
  });
  if (positionals.length > 0)
    throw new UsageError(`${COMMAND} takes no arguments; got "${positionals.join(' ')}"`, COMMAND);
  const level = levelOption(COMMAND, values.level);
  const pssVersion = pssVersionOption(COMMAND, values['pss-version']);
  const failurePolicy = values['failure-policy'] ?? 'Fail';
  if (failurePolicy !== 'Fail' && failurePolicy !== 'Ignore')
    throw new UsageError(`--failure-policy must be Fail or Ignore; got "${String(failurePolicy)}"`, COMMAND);
  const paramsNamespace = values['params-namespace'];
  const paramsName = values['params-name'];
  for (const [flag, value] of [
    ['params-namespace', paramsNamespace],
    ['name', values.name],
  ] as const) {
    if (value !== undefined && !DNS_LABEL.test(String(value)))
      throw new UsageError(
        `--${flag} must be a DNS label (lower case, digits, "-"); got "${String(value)}"`,
        COMMAND,
      );
  }
  if (paramsName !== undefined && paramsNamespace === undefined)
    throw new UsageError(
      '--params-name needs --params-namespace: the exemptions ConfigMap lives there',
      COMMAND,
    );
  if (paramsNamespace !== undefined && level !== 'hardened')
    throw new UsageError(
      `--params-namespace (exemptions) needs --level hardened: at ${level} the cluster enforces the Pod Security Standard, which exempts no workload`,
      COMMAND,
    );
  if (paramsNamespace !== undefined && failurePolicy === 'Ignore')
    throw new UsageError(
      '--failure-policy Ignore cannot be combined with --params-namespace: an expression error or a missing exemptions ConfigMap would admit the pod; keep Fail and roll out with --validation-actions Audit',
      COMMAND,
    );
  const namespaceSelector = namespaceSelectorOption(values['namespace-selector']);
  const set = admissionPolicy({
    level,
    pssVersion,
    validationActions: actionsOption(values['validation-actions']),
    failurePolicy,
    ...(namespaceSelector !== undefined && { namespaceSelector }),
    ...(paramsNamespace !== undefined && {
      exemptions: { namespace: String(paramsNamespace), name: String(paramsName ?? DEFAULT_EXEMPTIONS_NAME) },
    }),
    ...(values.name !== undefined && { name: String(values.name) }),
  });
  const title = `hardened-workloads admission policy: level ${level}, Pod Security ${formatPssVersion(pssVersion)}`;
  io.stdout.write(renderAdmissionYaml(set, title));
  for (const skipped of set.notEnforced) {
    io.stderr.write(`note: ${skipped.rule} is not checked in the cluster: ${skipped.reason}\n`);
  }
  return 0;
}
