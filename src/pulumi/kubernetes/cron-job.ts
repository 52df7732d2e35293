import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { JustificationRecord } from '../../posture';
import type { HardenedJobArgs } from './job';
import { jobPodSpec, jobSpec } from './job-spec';
import { planWorkload } from './workload-plan';

/** Arguments of a {@link HardenedCronJob}. */
export interface HardenedCronJobArgs extends HardenedJobArgs {
  /** Cron schedule, e.g. `"0 3 * * *"`. */
  readonly schedule: pulumi.Input<string>;
  /** What to do when a run is due and the previous one is still going. @default 'Forbid' (a slow run never overlaps the next) */
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  /** IANA time zone of the schedule, e.g. `Europe/Paris`. @default - the controller's time zone */
  readonly timeZone?: pulumi.Input<string>;
}

/**
 * A Kubernetes CronJob with the seed's runtime posture (see {@link HardenedDeployment}).
 *
 * @remarks The security context is not an argument: it is rendered by the same pod renderer as the
 * cdk8s constructs, so a stack cannot weaken it by accident; every relaxation is a justified
 * exemption that the audit and the checklist show to reviewers.
 */
export class HardenedCronJob extends pulumi.ComponentResource {
  /** The type token. */
  public static readonly TYPE = 'hardened-workloads:kubernetes:HardenedCronJob';
  /** The CronJob (a child of this component). */
  public readonly cronJob: k8s.batch.v1.CronJob;
  /** The justifications recorded on the CronJob and its pod template. */
  public readonly justifications: readonly JustificationRecord[];
  /** The audit of the rendered CronJob once its inputs resolve; `unknown` entries at preview. */
  public readonly findings: pulumi.Output<readonly Finding[]>;

  /** Validates and renders before registering anything; throws a `pulumi.ResourceError` on a violation. */
  constructor(name: string, args: HardenedCronJobArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = planWorkload(
      { type: HardenedCronJob.TYPE, name },
      args,
      opts,
      (t, a) => {
        if ((a.schedule as unknown) === undefined)
          throw new RangeError(`schedule is required, e.g. "0 3 * * *"`);
        return {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: t.metadata,
          spec: {
            schedule: a.schedule,
            concurrencyPolicy: a.concurrencyPolicy ?? 'Forbid',
            ...(a.timeZone !== undefined && { timeZone: a.timeZone }),
            jobTemplate: { spec: jobSpec(a, t) },
          },
        };
      },
      (a) => ({ podSpec: jobPodSpec(a) }),
    );
    super(HardenedCronJob.TYPE, name, {}, opts);
    this.justifications = plan.justifications;
    this.cronJob = plan.register(this, 'kubernetes:batch/v1:CronJob', k8s.batch.v1.CronJob);
    this.findings = plan.findings;
    this.registerOutputs({ cronJob: this.cronJob, findings: this.findings });
  }
}
