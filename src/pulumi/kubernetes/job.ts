import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { JustificationRecord } from '../../posture';
import type { HardenedWorkloadArgs } from './args';
import { jobPodSpec, jobSpec } from './job-spec';
import { planWorkload } from './workload-plan';

/** What a Job runs and how it retries; shared by {@link HardenedJob} and {@link HardenedCronJob}. */
export interface HardenedJobArgs extends HardenedWorkloadArgs {
  /** Whether a failed container is restarted in place or the pod is replaced. @default 'Never' */
  readonly restartPolicy?: 'Never' | 'OnFailure';
  /** How many retries before the Job fails. @default 3 */
  readonly backoffLimit?: pulumi.Input<number>;
  /** Seconds after which a still-running Job is stopped. @default - no deadline */
  readonly activeDeadlineSeconds?: pulumi.Input<number>;
  /** Delete the finished Job after this many seconds. @default - kept */
  readonly ttlSecondsAfterFinished?: pulumi.Input<number>;
}

/**
 * A Kubernetes Job with the seed's runtime posture (see {@link HardenedDeployment}).
 *
 * @remarks The security context is not an argument: it is rendered by the same pod renderer as the
 * cdk8s constructs, so a stack cannot weaken it by accident; every relaxation is a justified
 * exemption that the audit and the checklist show to reviewers.
 */
export class HardenedJob extends pulumi.ComponentResource {
  /** The type token. */
  public static readonly TYPE = 'hardened-workloads:kubernetes:HardenedJob';
  /** The Job (a child of this component). */
  public readonly job: k8s.batch.v1.Job;
  /** The justifications recorded on the Job and its pod template. */
  public readonly justifications: readonly JustificationRecord[];
  /** The audit of the rendered Job once its inputs resolve; `unknown` entries at preview. */
  public readonly findings: pulumi.Output<readonly Finding[]>;

  /** Validates and renders before registering anything; throws a `pulumi.ResourceError` on a violation. */
  constructor(name: string, args: HardenedJobArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = planWorkload(
      { type: HardenedJob.TYPE, name },
      args,
      opts,
      (t, a) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: t.metadata, spec: jobSpec(a, t) }),
      (a) => ({ podSpec: jobPodSpec(a) }),
    );
    super(HardenedJob.TYPE, name, {}, opts);
    this.justifications = plan.justifications;
    this.job = plan.register(this, 'kubernetes:batch/v1:Job', k8s.batch.v1.Job);
    this.findings = plan.findings;
    this.registerOutputs({ job: this.job, findings: this.findings });
  }
}
