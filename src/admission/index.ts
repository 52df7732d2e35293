export * from './policy';
export type { ExpressionContext, RuleExpression, RuleValidation } from './context';
export { RULE_EXPRESSIONS, NOT_IN_CLUSTER } from './expressions';
export { WORKLOAD_LABEL, escapeSubject } from './variables';
export type { PolicyVariable } from './variables';
export * from './exemptions';
