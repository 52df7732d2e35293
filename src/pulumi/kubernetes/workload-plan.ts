import type * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import { workloadsFromManifest } from '../../audit';
import type { JustificationRecord } from '../../posture';
import { JUSTIFICATIONS_ANNOTATION } from '../../posture';
import { freezeDocument, snapshotArgs } from '../internal/args-snapshot';
import { guardChild, reauditWorkload, refuseTransformationOptions } from '../internal/child-guard';
import type { ComponentLabel } from '../internal/component-errors';
import { componentPath, describeComponent, rejectArgs } from '../internal/component-errors';
import { podSecurityLevelNeeded } from '../../rules/pod-security-level';
import { seeWorkload } from './namespace-levels';
import { gateOnAudit } from '../internal/registration-gate';
import { recordHardenedWorkload } from '../internal/hardened-workload-registry';
import { auditDocument, hardenedAudit } from '../internal/rendered-audit';
import { resourceAuditOf } from '../internal/resource-audit';
import type { HardenedWorkloadArgs } from './args';
import type { PodTemplateExtras, RenderedTemplate } from './pod-template';
import { renderPodTemplate } from './pod-template';

/** A rendered Kubernetes object whose leaves may be Pulumi inputs. */
export interface KubeDocument {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Record<string, unknown>;
  readonly spec: Record<string, unknown>;
}

/** The inputs a workload component hands to its child resource class. */
export interface ChildInputs {
  readonly metadata: Record<string, unknown>;
  readonly spec: Record<string, unknown>;
}

/** A workload rendered and audited before its component registers anything. */
export interface WorkloadPlan<A> {
  /** The arguments as audited: a frozen copy, taken once. */
  readonly args: A;
  /** What is registered: frozen; its Outputs resolve only once the resolved object passed the audit. */
  readonly document: KubeDocument;
  readonly justifications: readonly JustificationRecord[];
  /**
   * The findings of the rendered object once its inputs resolve (`unknown` for what a preview cannot
   * know), logged on the component: warnings for unknowns, errors for violations found only then.
   */
  readonly findings: pulumi.Output<readonly Finding[]>;
  /**
   * Registers the child, a `Child` built from the audited inputs under the component, so that no
   * transformation changes it unaudited.
   */
  register<R extends pulumi.Resource>(
    component: pulumi.ComponentResource,
    type: string,
    // The inputs are the audited document's: any workload resource class takes them.
    Child: new (name: string, inputs: never, opts: pulumi.CustomResourceOptions) => R,
  ): R;
}

/**
 * Renders a workload and audits the result with the hardened-level rules, synchronously, so a
 * component can call it before `super()`. Throws a `pulumi.ResourceError` naming the component, the
 * rule and the field; no child resource exists yet. The arguments are copied and frozen first, and
 * the component's own `transformations`/`transforms` options are refused.
 */
export function planWorkload<A extends HardenedWorkloadArgs>(
  label: ComponentLabel,
  rawArgs: A,
  opts: pulumi.ComponentResourceOptions | undefined,
  build: (template: RenderedTemplate, args: A) => KubeDocument,
  extras: (args: A) => PodTemplateExtras = () => ({}),
): WorkloadPlan<A> {
  refuseTransformationOptions(label, opts);
  let args: A;
  let document: KubeDocument;
  let justifications: readonly JustificationRecord[];
  let record: string | undefined;
  try {
    if ((rawArgs as unknown) === null || typeof rawArgs !== 'object')
      throw new TypeError('args are required');
    args = snapshotArgs(rawArgs, 'args');
    const template = renderPodTemplate(label.name, args, componentPath(label), extras(args));
    document = freezeDocument(build(template, args));
    justifications = template.rendered.justifications;
    record = template.rendered.annotations[JUSTIFICATIONS_ANNOTATION];
  } catch (error) {
    throw rejectArgs(label, error);
  }
  const namespaceProblem = namespaceLevelProblem(label, document, justifications);
  if (namespaceProblem !== undefined) throw rejectArgs(label, new RangeError(namespaceProblem));
  const audit = hardenedAudit({
    ...(args.environment !== undefined && { environment: args.environment }),
    ...(args.now !== undefined && { now: args.now }),
  });
  let owner: pulumi.Resource | undefined;
  // Pulumi names the object when metadata.name is unset; findings then name the component.
  const gated = gateOnAudit(
    label,
    document,
    (known, pendingPaths, reason) => {
      const doc = known as KubeDocument;
      return auditDocument(
        { ...doc, metadata: { name: label.name, ...doc.metadata } },
        pendingPaths,
        audit,
        reason,
      );
    },
    () => owner,
  );
  const registered = freezeDocument({ ...gated.value });
  return {
    args,
    document: registered,
    justifications,
    findings: gated.findings,
    register<R extends pulumi.Resource>(
      component: pulumi.ComponentResource,
      type: string,
      Child: new (name: string, inputs: never, opts: pulumi.CustomResourceOptions) => R,
    ): R {
      owner = component;
      recordHardenedWorkload(component, registered);
      const inputs: ChildInputs = { metadata: registered.metadata, spec: registered.spec };
      const base = resourceAuditOf(type, label.name, audit);
      const childOpts = guardChild(component, label, {
        type,
        name: label.name,
        expectedInputs: { ...inputs, apiVersion: registered.apiVersion, kind: registered.kind },
        justification: record,
        reaudit: reauditWorkload(label, record, `${type} "${label.name}"`, base, () => owner),
      });
      // Created here, not in a callback: Pulumi maps every frame of this stack for each resource.
      try {
        return new Child(label.name, inputs as never, childOpts);
      } catch (error) {
        throw rejectArgs(label, error);
      }
    },
  };
}

/**
 * A workload whose justified exemptions Pod Security Admission would reject in a HardenedNamespace
 * of the same program (matched by a plain-string name) fails, naming both: the namespace must choose
 * its level with its own justification.
 */
function namespaceLevelProblem(
  label: ComponentLabel,
  document: KubeDocument,
  justifications: readonly JustificationRecord[],
): string | undefined {
  const namespace = (document.metadata as { namespace?: unknown } | undefined)?.namespace;
  if (typeof namespace !== 'string' || justifications.length === 0) return undefined;
  const levels = workloadsFromManifest(document).workloads.map((w) => podSecurityLevelNeeded(w.pod));
  const needed = levels.includes('privileged')
    ? 'privileged'
    : levels.includes('baseline')
      ? 'baseline'
      : undefined;
  if (needed === undefined) return undefined;
  const exemptions = [
    ...new Set(
      justifications.map((r) => `${r.exemption}${r.subject !== undefined ? ` (${r.subject})` : ''}`),
    ),
  ].join(', ');
  return seeWorkload({ namespace, needed, component: describeComponent(label), exemptions });
}
