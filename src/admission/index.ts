export * from './policy';
export type { ExpressionContext, RuleExpression, RuleValidation } from './context';
export { RULE_EXPRESSIONS, NOT_IN_CLUSTER } from './expressions';
export { WORKLOAD_LABEL, escapeKeyComponent, exemptionKey, RFC3339_TIMESTAMP } from './variables';
export type { PolicyVariable, ExemptionKeyParts } from './variables';
export * from './exemptions';
