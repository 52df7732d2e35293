import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { JustificationRecord } from '../../posture';
import type { ComponentLabel } from '../internal/component-errors';
import { assertNoViolations, componentPath, logFindings, rejectArgs } from '../internal/component-errors';
import { applyWithUnknowns, knownAtConstruction, knownAtResolution } from '../internal/deferred-values';
import { auditDocument, hardenedAudit } from '../internal/rendered-audit';
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

/** A workload rendered and audited before its component registers anything. */
export interface WorkloadPlan {
  readonly document: KubeDocument;
  readonly justifications: readonly JustificationRecord[];
  /**
   * The findings of the rendered object once its inputs resolve (`unknown` for what a preview cannot
   * know), logged on the component: warnings for unknowns, errors for violations found only then.
   */
  findings(component: pulumi.Resource): pulumi.Output<readonly Finding[]>;
}

/**
 * Renders a workload and audits the result with the hardened-level rules, synchronously, so a
 * component can call it before `super()`. Throws a `pulumi.ResourceError` naming the component, the
 * rule and the field; no child resource exists yet.
 */
export function planWorkload(
  label: ComponentLabel,
  args: HardenedWorkloadArgs,
  build: (template: RenderedTemplate) => KubeDocument,
  extras: PodTemplateExtras = {},
): WorkloadPlan {
  let document: KubeDocument;
  let justifications: readonly JustificationRecord[];
  try {
    if ((args as unknown) === null || typeof args !== 'object') throw new TypeError('args are required');
    const template = renderPodTemplate(label.name, args, componentPath(label), extras);
    document = build(template);
    justifications = template.rendered.justifications;
  } catch (error) {
    throw rejectArgs(label, error);
  }
  const audit = hardenedAudit({
    ...(args.environment !== undefined && { environment: args.environment }),
    ...(args.now !== undefined && { now: args.now }),
  });
  // Pulumi names the object when metadata.name is unset; findings then name the component.
  const audited = { ...document, metadata: { name: label.name, ...document.metadata } };
  const known = knownAtConstruction(audited);
  const atConstruction = auditDocument(known.value, known.pendingPaths, audit);
  assertNoViolations(label, atConstruction);
  return {
    document,
    justifications,
    findings(component) {
      if (known.pendingPaths.length === 0) {
        logFindings(label, atConstruction, component);
        return pulumi.output(atConstruction);
      }
      return applyWithUnknowns(audited, (resolved) => {
        const settled = knownAtResolution(resolved);
        const findings = auditDocument(settled.value, settled.pendingPaths, audit);
        logFindings(label, findings, component);
        return findings;
      });
    },
  };
}
