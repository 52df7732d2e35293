import type { PssVersion } from '../rules/pss-version';

/** What a rule's CEL is built for. */
export interface ExpressionContext {
  /** The Pod Security Standards version: version-dependent rules follow it as the audit does. */
  readonly version: PssVersion;
  /**
   * CEL (bool) telling whether the cluster's exemptions admit a finding of `ruleId`. `subject` is
   * CEL (string) naming what the finding is about (a capability, a host path, a namespace kind);
   * without it the entry covers the rule for the workload. `false` when the policy has no params.
   */
  exempt(ruleId: string, subject?: string): string;
}

/** One validation of the policy: compliant when `expression` is true. */
export interface RuleValidation {
  /** CEL (bool): the pod complies with the rule, exemptions applied. */
  readonly expression: string;
  /** CEL (string): the containers and fields at fault, in the audit's wording. */
  readonly messageExpression: string;
}

/** How one rule is written in CEL. */
export interface RuleExpression {
  /** The rule's id in the registry. */
  readonly ruleId: string;
  /** The validation at a version. */
  validation(context: ExpressionContext): RuleValidation;
}

/** Shorthand for a rule file. */
export function defineExpression(
  ruleId: string,
  validation: (context: ExpressionContext) => RuleValidation,
): RuleExpression {
  return Object.freeze({ ruleId, validation });
}
