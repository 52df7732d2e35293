import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { JustificationRecord } from '../../posture';
import type { HardenedWorkloadArgs } from './args';
import { planWorkload } from './workload-plan';

/** Arguments of a {@link HardenedDeployment}. */
export interface HardenedDeploymentArgs extends HardenedWorkloadArgs {
  /** How many pods run; two, so one can be replaced without an outage. @default 2 */
  readonly replicas?: pulumi.Input<number>;
}

/**
 * A Kubernetes Deployment with the seed's runtime posture: non-root ids, no capabilities, no privilege
 * escalation, a read-only root filesystem, RuntimeDefault seccomp, no API token; relaxed only by
 * justified exemptions, which are recorded in its annotations. Its rendered object is audited with
 * the hardened-level rules before anything is registered.
 *
 * @remarks The security context is not an argument: it is rendered by the same pod renderer as the
 * cdk8s constructs, so a stack cannot weaken it by accident, and every relaxation carries a reason
 * (and, for host-level access, an approver) that the audit and the checklist show to reviewers.
 * Pod fields the posture owns (`securityContext`, `hostNetwork`, `hostPID`, `hostIPC`) are refused
 * rather than merged.
 */
export class HardenedDeployment extends pulumi.ComponentResource {
  /** The type token. */
  public static readonly TYPE = 'hardened-workloads:kubernetes:HardenedDeployment';
  /** The Deployment (a child of this component). */
  public readonly deployment: k8s.apps.v1.Deployment;
  /** The justifications recorded on the Deployment and its pod template. */
  public readonly justifications: readonly JustificationRecord[];
  /** The audit of the rendered Deployment once its inputs resolve; `unknown` entries at preview. */
  public readonly findings: pulumi.Output<readonly Finding[]>;

  /** Validates and renders before registering anything; throws a `pulumi.ResourceError` on a violation. */
  constructor(name: string, args: HardenedDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = planWorkload({ type: HardenedDeployment.TYPE, name }, args, opts, (t, a) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: t.metadata,
      spec: { replicas: a.replicas ?? 2, selector: t.selector, template: t.template },
    }));
    super(HardenedDeployment.TYPE, name, {}, opts);
    this.justifications = plan.justifications;
    this.deployment = plan.register(this, 'kubernetes:apps/v1:Deployment', k8s.apps.v1.Deployment);
    this.findings = plan.findings;
    this.registerOutputs({ deployment: this.deployment, findings: this.findings });
  }
}
