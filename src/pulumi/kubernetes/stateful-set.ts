import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { JustificationRecord } from '../../posture';
import type { HardenedWorkloadArgs } from './args';
import { planWorkload } from './workload-plan';

/** A persistent volume per pod (a claim template); containers mount it with `volumeMounts`. */
export interface PersistentVolumeArgs {
  /** The volume name that `volumeMounts[].volume` refers to. */
  readonly name: string;
  /** Requested size, e.g. `10Gi`. */
  readonly storage: pulumi.Input<string>;
  /** The storage class to provision from. @default - the cluster's default storage class */
  readonly storageClassName?: pulumi.Input<string>;
  /** How the volume may be mounted. @default ['ReadWriteOnce'] */
  readonly accessModes?: readonly ('ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod')[];
}

/** Arguments of a {@link HardenedStatefulSet}. */
export interface HardenedStatefulSetArgs extends HardenedWorkloadArgs {
  /** How many pods run. @default 1 */
  readonly replicas?: pulumi.Input<number>;
  /** The headless Service that governs the set. @default - the component name */
  readonly serviceName?: pulumi.Input<string>;
  /** Per-pod persistent volumes: the declared places, besides writable paths, the pods may write. @default - none */
  readonly persistentVolumes?: readonly PersistentVolumeArgs[];
}

/**
 * A Kubernetes StatefulSet with the seed's runtime posture (see {@link HardenedDeployment}).
 *
 * @remarks The security context is not an argument: it is rendered by the same pod renderer as the
 * cdk8s constructs, so a stack cannot weaken it by accident; every relaxation is a justified
 * exemption that the audit and the checklist show to reviewers.
 */
export class HardenedStatefulSet extends pulumi.ComponentResource {
  /** The type token. */
  public static readonly TYPE = 'hardened-workloads:kubernetes:HardenedStatefulSet';
  /** The StatefulSet (a child of this component). */
  public readonly statefulSet: k8s.apps.v1.StatefulSet;
  /** The justifications recorded on the StatefulSet and its pod template. */
  public readonly justifications: readonly JustificationRecord[];
  /** The audit of the rendered StatefulSet once its inputs resolve; `unknown` entries at preview. */
  public readonly findings: pulumi.Output<readonly Finding[]>;

  /** Validates and renders before registering anything; throws a `pulumi.ResourceError` on a violation. */
  constructor(name: string, args: HardenedStatefulSetArgs, opts?: pulumi.ComponentResourceOptions) {
    const claimsOf = (a: Partial<HardenedStatefulSetArgs> | undefined) => a?.persistentVolumes ?? [];
    const plan = planWorkload(
      { type: HardenedStatefulSet.TYPE, name },
      args,
      opts,
      (t, a) => {
        const claims = claimsOf(a);
        return {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: t.metadata,
          spec: {
            replicas: a.replicas ?? 1,
            serviceName: a.serviceName ?? name,
            selector: t.selector,
            template: t.template,
            ...(claims.length > 0 && {
              volumeClaimTemplates: claims.map((c) => ({
                metadata: { name: c.name },
                spec: {
                  accessModes: [...(c.accessModes ?? ['ReadWriteOnce'])],
                  ...(c.storageClassName !== undefined && { storageClassName: c.storageClassName }),
                  resources: { requests: { storage: c.storage } },
                },
              })),
            }),
          },
        };
      },
      (a) => ({ claimNames: claimsOf(a).map((c) => c.name) }),
    );
    super(HardenedStatefulSet.TYPE, name, {}, opts);
    this.justifications = plan.justifications;
    this.statefulSet = plan.register(this, 'kubernetes:apps/v1:StatefulSet', k8s.apps.v1.StatefulSet);
    this.findings = plan.findings;
    this.registerOutputs({ statefulSet: this.statefulSet, findings: this.findings });
  }
}
