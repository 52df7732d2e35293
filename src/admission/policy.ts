import { resolveAudit } from '../audit/evaluate';
import type { Level, PssVersion, Rule } from '../rules';
import { formatPssVersion, LATEST_PSS_VERSION } from '../rules';
import type { ExpressionContext } from './context';
import { NOT_IN_CLUSTER, RULE_EXPRESSIONS } from './expressions';
import type { PolicyVariable } from './variables';
import { exemptionLookup, exemptionVariables, MATCHED_RESOURCES, podVariables } from './variables';

/** What a binding does with a failed validation. `Deny` and `Warn` cannot be combined. */
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';
/** What an expression error or missing params does: refuse (Fail) or let through (Ignore). */
export type FailurePolicy = 'Fail' | 'Ignore';

/** A Kubernetes label selector. */
export interface LabelSelector {
  /** Labels a namespace must carry, all of them. @default - none */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** Label requirements, all of which must hold. @default - none */
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** One requirement of a {@link LabelSelector}, as Kubernetes writes it. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label's value is compared with `values`. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /** The values for `In` and `NotIn`. @default - none */
  readonly values?: readonly string[];
}

/** Where the cluster's exemptions live: one ConfigMap in a namespace the platform team controls. */
export interface ExemptionsParams {
  /** The platform namespace. */
  readonly namespace: string;
  /** The ConfigMap's name. @default 'hardened-workloads-exemptions' */
  readonly name?: string;
}

/** The label a namespace carries to be enforced (see HardenedNamespace's `admission` option). */
export const ADMISSION_NAMESPACE_LABEL = 'hardened-workloads.io/admission';

/** Options of {@link admissionPolicy}. */
export interface AdmissionPolicyOptions {
  /** The level enforced. @default 'hardened' */
  readonly level?: Level;
  /** The Pod Security Standards version. @default LATEST_PSS_VERSION */
  readonly pssVersion?: PssVersion;
  /** The binding's actions; start with `['Audit']` (or `['Warn', 'Audit']`), then `['Deny']`. @default ['Deny'] */
  readonly validationActions?: readonly ValidationAction[];
  /** Which namespaces are enforced. @default - namespaces labelled `hardened-workloads.io/admission: enforce` */
  readonly namespaceSelector?: LabelSelector;
  /** @default 'Fail' */
  readonly failurePolicy?: FailurePolicy;
  /**
   * The exemptions ConfigMap; without it nothing is exempted. Level hardened only (Pod Security never
   * exempts a workload), and not with failurePolicy Ignore (an error would admit). @default - no exemptions
   */
  readonly exemptions?: ExemptionsParams;
  /** The policy's name. @default `hardened-workloads-<level>` */
  readonly name?: string;
}

/** A rule the cluster cannot check, and why. */
export interface NotEnforcedRule {
  /** The rule id. */
  readonly rule: string;
  /** Why the cluster does not check it. */
  readonly reason: string;
}

/** The rules active at a level and version, split by where they can be checked. */
export interface ClusterRules {
  /** Rules the policy checks in CEL. */
  readonly checked: Rule[];
  /** Rules the cluster does not check, each with its reason. */
  readonly notEnforced: NotEnforcedRule[];
  /** Rules that only apply to Compose services. */
  readonly composeOnly: string[];
}

/** The CEL of one policy. */
export interface PolicyValidations {
  /** Its named sub-expressions (`spec.variables`). */
  readonly variables: PolicyVariable[];
  /** Its validations (`spec.validations`). */
  readonly validations: Record<string, unknown>[];
}

/** The generated objects. */
export interface AdmissionPolicySet {
  /** ValidatingAdmissionPolicy and binding of the rules of severity error, then of the warnings. */
  readonly objects: readonly Record<string, unknown>[];
  /** Rules of the level that the cluster does not check. */
  readonly notEnforced: readonly NotEnforcedRule[];
  /** The rules each policy checks, by policy name. */
  readonly rulesByPolicy: Readonly<Record<string, readonly string[]>>;
  /** Rules of the level that only apply to Compose services (no pod field expresses them). */
  readonly composeOnly: readonly string[];
}

/** The default name of the exemptions ConfigMap. */
export const DEFAULT_EXEMPTIONS_NAME = 'hardened-workloads-exemptions';
/** Annotation on the policy listing the rules it does not check. */
export const NOT_ENFORCED_ANNOTATION = 'hardened-workloads.io/not-enforced';

/** The rules active at a level and version, split into those CEL checks and those it cannot. */
export function clusterRules(level: Level, pssVersion: PssVersion): ClusterRules {
  const checked: Rule[] = [];
  const notEnforced: NotEnforcedRule[] = [];
  const composeOnly: string[] = [];
  for (const rule of resolveAudit({ level, pssVersion }).rules) {
    if (!rule.dialects.includes('kubernetes')) {
      if (rule.dialects.includes('compose')) composeOnly.push(rule.id);
      else
        notEnforced.push({
          rule: rule.id,
          reason: `judges ${rule.dialects.join(', ')} objects, not pods, which this policy does not match`,
        });
      continue;
    }
    if (RULE_EXPRESSIONS.has(rule.id)) checked.push(rule);
    else
      notEnforced.push({
        rule: rule.id,
        reason: NOT_IN_CLUSTER[rule.id] ?? 'no CEL expression written for it',
      });
  }
  return { checked, notEnforced, composeOnly };
}

/** The variables and validations of one policy. */
export function policyValidations(
  rules: readonly Rule[],
  pssVersion: PssVersion,
  withExemptions: boolean,
): PolicyValidations {
  const context: ExpressionContext = {
    version: pssVersion,
    exempt: (ruleId, subject) => (withExemptions ? exemptionLookup(ruleId, subject) : 'false'),
  };
  const validations = rules.map((rule) => {
    const expression = RULE_EXPRESSIONS.get(rule.id);
    if (expression === undefined) throw new Error(`rule ${rule.id} has no CEL expression`);
    const built = expression.validation(context);
    return {
      expression: built.expression,
      // Parenthesised: `'id: ' + a ? b : c` would read as `('id: ' + a) ? b : c`.
      messageExpression: `${JSON.stringify(`${rule.id}: `)} + (${built.messageExpression})`,
      message: `${rule.id}: ${rule.title} (hardened-workloads explain ${rule.id})`,
      reason: 'Forbidden',
    };
  });
  return { variables: [...podVariables(), ...(withExemptions ? exemptionVariables() : [])], validations };
}

function assertActions(actions: readonly ValidationAction[]): void {
  if (actions.length === 0) throw new RangeError('validationActions must name at least one action');
  if (actions.includes('Deny') && actions.includes('Warn'))
    throw new RangeError('validationActions cannot combine Deny and Warn');
}

/**
 * The ValidatingAdmissionPolicy and binding enforcing a level in the cluster, generated from the
 * rule registry: one validation per rule. Warning rules get their own policy, bound with `Warn`
 * where the main binding denies, so that a warning never refuses a pod (as in the audit).
 */
export function admissionPolicy(options: AdmissionPolicyOptions = {}): AdmissionPolicySet {
  const level = options.level ?? 'hardened';
  const pssVersion = options.pssVersion ?? LATEST_PSS_VERSION;
  const actions = options.validationActions ?? ['Deny'];
  assertActions(actions);
  if (options.exemptions !== undefined && level !== 'hardened')
    throw new RangeError(
      `exemptions apply to the hardened level only: at ${level} the cluster enforces the Pod Security Standard as Pod Security admission does, which never exempts a workload; drop the exemptions or use level hardened`,
    );
  if (options.exemptions !== undefined && options.failurePolicy === 'Ignore')
    throw new RangeError(
      "failurePolicy Ignore with exemptions would admit a pod whenever an expression errors or the exemptions ConfigMap is missing; keep failurePolicy Fail (roll out with validationActions ['Audit'] instead)",
    );
  const name = options.name ?? `hardened-workloads-${level}`;
  const { checked, notEnforced, composeOnly } = clusterRules(level, pssVersion);
  const warningActions = [...new Set(actions.map((a) => (a === 'Deny' ? 'Warn' : a)))];
  const groups = [
    { name, rules: checked.filter((r) => r.severity === 'error'), actions },
    {
      name: `${name}-warnings`,
      rules: checked.filter((r) => r.severity === 'warning'),
      actions: warningActions,
    },
  ].filter((group) => group.rules.length > 0);
  const objects: Record<string, unknown>[] = [];
  const rulesByPolicy: Record<string, string[]> = {};
  for (const group of groups) {
    rulesByPolicy[group.name] = group.rules.map((r) => r.id);
    objects.push(
      ...policyAndBinding(group.name, group.rules, group.actions, options, level, pssVersion, notEnforced),
    );
  }
  return { objects, notEnforced, rulesByPolicy, composeOnly };
}

function policyAndBinding(
  name: string,
  rules: readonly Rule[],
  actions: readonly ValidationAction[],
  options: AdmissionPolicyOptions,
  level: Level,
  pssVersion: PssVersion,
  notEnforced: readonly NotEnforcedRule[],
): Record<string, unknown>[] {
  const exemptions = options.exemptions;
  const { variables, validations } = policyValidations(rules, pssVersion, exemptions !== undefined);
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: {
      name,
      annotations: {
        'hardened-workloads.io/level': level,
        'hardened-workloads.io/pss-version': formatPssVersion(pssVersion),
        ...(notEnforced.length > 0 && {
          [NOT_ENFORCED_ANNOTATION]: notEnforced.map((n) => n.rule).join(','),
        }),
      },
    },
    spec: {
      failurePolicy: options.failurePolicy ?? 'Fail',
      ...(exemptions !== undefined && { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } }),
      matchConstraints: {
        resourceRules: MATCHED_RESOURCES.map((group) => ({
          apiGroups: [group.apiGroup],
          apiVersions: ['*'],
          operations: ['CREATE', 'UPDATE'],
          resources: [...group.resources],
        })),
      },
      matchConditions: [
        {
          // Metadata-only updates (labels, owner references) of a pod admitted earlier are not re-judged.
          name: 'pod-spec-written',
          expression: `request.operation != 'UPDATE' || oldObject == null || !has(oldObject.spec) || !has(object.spec) || object.spec != oldObject.spec`,
        },
      ],
      variables,
      validations,
    },
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: {
      policyName: name,
      validationActions: [...actions],
      ...(exemptions !== undefined && {
        paramRef: {
          name: exemptions.name ?? DEFAULT_EXEMPTIONS_NAME,
          namespace: exemptions.namespace,
          // Without the ConfigMap a Deny binding refuses (never admits unchecked). A missing params object
          // is a configuration error that failurePolicy Fail turns into a denial whatever the actions say:
          // an Audit or Warn binding allows instead, so a rollout blocks nothing before the ConfigMap exists.
          parameterNotFoundAction: actions.includes('Deny') ? 'Deny' : 'Allow',
        },
      }),
      matchResources: {
        namespaceSelector: options.namespaceSelector ?? {
          matchLabels: { [ADMISSION_NAMESPACE_LABEL]: 'enforce' },
        },
      },
    },
  };
  return [policy, binding];
}
