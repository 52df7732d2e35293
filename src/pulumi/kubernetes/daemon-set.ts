import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { JustificationRecord } from '../../posture';
import type { HardenedWorkloadArgs } from './args';
import { planWorkload } from './workload-plan';

/** Arguments of a {@link HardenedDaemonSet}. */
export type HardenedDaemonSetArgs = HardenedWorkloadArgs;

/**
 * A Kubernetes DaemonSet with the seed's runtime posture (see {@link HardenedDeployment}). Node agents
 * often want host access: each piece of it (host namespaces, host paths, capabilities) is a separate,
 * justified exemption.
 *
 * @remarks A DaemonSet runs on every node, so one weakened pod template is a weakness on every node:
 * each host-level exemption needs an `approvedBy` (a design review) and is recorded in the annotations.
 */
export class HardenedDaemonSet extends pulumi.ComponentResource {
  /** The type token. */
  public static readonly TYPE = 'hardened-workloads:kubernetes:HardenedDaemonSet';
  /** The DaemonSet (a child of this component). */
  public readonly daemonSet: k8s.apps.v1.DaemonSet;
  /** The justifications recorded on the DaemonSet and its pod template. */
  public readonly justifications: readonly JustificationRecord[];
  /** The audit of the rendered DaemonSet once its inputs resolve; `unknown` entries at preview. */
  public readonly findings: pulumi.Output<readonly Finding[]>;

  /** Validates and renders before registering anything; throws a `pulumi.ResourceError` on a violation. */
  constructor(name: string, args: HardenedDaemonSetArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = planWorkload({ type: HardenedDaemonSet.TYPE, name }, args, opts, (t) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: t.metadata,
      spec: { selector: t.selector, template: t.template },
    }));
    super(HardenedDaemonSet.TYPE, name, {}, opts);
    this.justifications = plan.justifications;
    this.daemonSet = plan.register(this, 'kubernetes:apps/v1:DaemonSet', k8s.apps.v1.DaemonSet);
    this.findings = plan.findings;
    this.registerOutputs({ daemonSet: this.daemonSet, findings: this.findings });
  }
}
