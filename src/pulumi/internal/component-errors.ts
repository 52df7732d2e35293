import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import { captureCreationStack, creationSite } from '../../audit/creation-site';
import type { ExemptionOptions } from '../../audit/refusal';
import { findingRefusal, formatRefusal } from '../../audit/refusal';

// The components take container and pod exemptions alike in an `exemptions` list.
const COMPONENT_EXEMPTION_OPTIONS: ExemptionOptions = { container: 'exemptions', pod: 'exemptions' };

/** How a component names itself in messages: its type token's last part and its Pulumi name. */
export interface ComponentLabel {
  /** The type token, e.g. `hardened-workloads:kubernetes:HardenedDeployment`. */
  readonly type: string;
  readonly name: string;
}

/** `HardenedDeployment "api"`. */
export function describeComponent(label: ComponentLabel): string {
  return `${label.type.split(':').pop() ?? label.type} "${label.name}"`;
}

/** `HardenedDeployment/api`: the prefix the posture renderers put before a container name. */
export function componentPath(label: ComponentLabel): string {
  return `${label.type.split(':').pop() ?? label.type}/${label.name}`;
}

/**
 * Turns what the posture renderers throw (a JustificationError, a RangeError naming the field) into the
 * error Pulumi shows without a stack trace, naming the component.
 */
export function rejectArgs(label: ComponentLabel, error: unknown): pulumi.ResourceError {
  if (pulumi.ResourceError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new pulumi.ResourceError(
    `${describeComponent(label)} (${label.type}): ${message}`,
    undefined,
    /* hideStack */ true,
  );
}

/** Error-severity violations: what stops a component. */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.status === 'violation' && f.severity === 'error');
}

/**
 * The message of a component whose rendered object breaks the rules: rule, field and culprit per
 * line, each with its fix (for a component, the exemption to write), then where the user's program
 * created it when that is on the stack (the component checks its arguments in its constructor).
 */
export function violationMessage(label: ComponentLabel, violations: readonly Finding[]): string {
  const component = label.type.startsWith('hardened-workloads:');
  const lines = violations.map((f) => {
    const { fix } = findingRefusal(f, COMPONENT_EXEMPTION_OPTIONS);
    const refusal = { reason: `rule ${f.rule} at ${f.path}: ${f.message}` };
    return formatRefusal(component && fix !== undefined ? { ...refusal, fix } : refusal).replace(/^/gm, '  ');
  });
  const createdAt = creationSite(captureCreationStack());
  return (
    `${describeComponent(label)} (${label.type}) would break the hardened posture:\n${lines.join('\n')}\n` +
    (component
      ? ''
      : 'Remove the setting, or relax it with a justified exemption recorded in the justification annotation: see docs/rules.md\n') +
    (createdAt === undefined ? '' : `Created at ${createdAt}\n`)
  ).trimEnd();
}

/** Throws a ResourceError when a finding is an error-severity violation. */
export function assertNoViolations(label: ComponentLabel, findings: readonly Finding[]): void {
  const violations = blockingFindings(findings);
  if (violations.length > 0) {
    throw new pulumi.ResourceError(violationMessage(label, violations), undefined, true);
  }
}

/**
 * Logs what a component could not settle: unknown values (preview) and warnings as warnings, and
 * error violations found only once outputs resolved as errors, which fail the update.
 */
export function logFindings(
  label: ComponentLabel,
  findings: readonly Finding[],
  resource: pulumi.Resource | undefined,
): void {
  const violations = blockingFindings(findings);
  if (violations.length > 0) void pulumi.log.error(violationMessage(label, violations), resource);
  for (const f of findings) {
    if (f.status === 'unknown') {
      void pulumi.log.warn(
        `${describeComponent(label)}: ${f.message} (status unknown, not a pass)`,
        resource,
      );
    } else if (f.status === 'violation' && f.severity === 'warning') {
      void pulumi.log.warn(
        `${describeComponent(label)}: rule ${f.rule} at ${f.path}: ${f.message}`,
        resource,
      );
    }
  }
}
