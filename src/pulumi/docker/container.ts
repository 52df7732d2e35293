import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { DockerContainerSettings, JustificationRecord } from '../../posture';
import { JUSTIFICATIONS_ANNOTATION, renderComposeService } from '../../posture';
import { freezeDocument, snapshotArgs } from '../internal/args-snapshot';
import { reauditWorkload, refuseTransformationOptions, registerGuardedChild } from '../internal/child-guard';
import { rejectArgs } from '../internal/component-errors';
import { gateOnAudit } from '../internal/registration-gate';
import { hardenedAudit } from '../internal/rendered-audit';
import { DOCKER_CONTAINER_TYPE } from '../internal/resource-workloads';
import { containerAuditOf } from './container-audit';
import type { HardenedContainerArgs } from './container-args';
import { hardenedContainerArgs } from './container-args';

/**
 * A Docker container (`docker.Container`) with the seed's runtime posture: numeric non-root user,
 * read-only root filesystem, tmpfs for the declared writable paths, `--cap-drop ALL`,
 * `no-new-privileges`, Docker's default seccomp profile, never privileged, no Docker socket or host
 * namespaces, memory and CPU limits, ports bound to an explicit address. Relaxed only by justified
 * exemptions, recorded in its labels.
 *
 * @remarks Docker's own defaults are permissive: the image's user (often root), a writable root
 * filesystem, the default capability set, ports on every interface. The component turns each of those
 * around, and an argument that would weaken them is refused with a pointer to the matching exemption.
 */
export class HardenedContainer extends pulumi.ComponentResource {
  /** The type token. */
  public static readonly TYPE = 'hardened-workloads:docker:HardenedContainer';
  /** The container (a child of this component). */
  public readonly container: docker.Container;
  /** The engine-level settings the container was given (`docker run` vocabulary). */
  public readonly settings: DockerContainerSettings;
  /**
   * The Docker Compose service with the same security settings, for review outside Pulumi: write it
   * under `services:` in a file and run `hardened-workloads checklist` (the decision checklist) or
   * `hardened-workloads audit` on it. It has no `pids_limit`: docker.Container (@pulumi/docker 5) has
   * no process-limit argument, so the container runs without one, and the checklist says so.
   */
  public readonly composeService: Readonly<Record<string, unknown>>;
  /** The justifications recorded in the container's labels. */
  public readonly justifications: readonly JustificationRecord[];
  /**
   * The audit of the container's arguments (as the Compose service they are equivalent to) once its
   * inputs resolve; `unknown` entries at preview. docker.Container has no process-limit argument, so
   * the `pids-limit` rule does not judge it (the README states that limit of the provider).
   */
  public readonly findings: pulumi.Output<readonly Finding[]>;

  /** Validates and renders before registering anything; throws a `pulumi.ResourceError` on bad args. */
  constructor(name: string, args: HardenedContainerArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = { type: HardenedContainer.TYPE, name };
    refuseTransformationOptions(label, opts);
    let plan: ReturnType<typeof hardenedContainerArgs>;
    let frozen: HardenedContainerArgs;
    try {
      frozen = (args as unknown) === null || typeof args !== 'object' ? args : snapshotArgs(args, 'args');
      plan = hardenedContainerArgs(name, frozen);
    } catch (error) {
      throw rejectArgs(label, error);
    }
    const audit = containerAuditOf(
      name,
      hardenedAudit({
        ...(frozen.environment !== undefined && { environment: frozen.environment }),
        ...(frozen.now !== undefined && { now: frozen.now }),
      }),
    );
    const logTarget: { resource?: pulumi.Resource } = {};
    const gated = gateOnAudit(label, freezeDocument(plan.containerArgs), audit, () => logTarget.resource);
    super(HardenedContainer.TYPE, name, {}, opts);
    logTarget.resource = this;
    this.settings = plan.settings;
    // docker.Container has no process-limit argument: the service says what really runs.
    const service: Record<string, unknown> = { ...renderComposeService(plan.settings) };
    delete service.pids_limit;
    this.composeService = Object.freeze(service);
    this.justifications = plan.settings.justifications;
    const record = plan.settings.labels[JUSTIFICATIONS_ANNOTATION];
    const inputs = gated.value;
    this.container = registerGuardedChild(
      this,
      label,
      {
        type: DOCKER_CONTAINER_TYPE,
        name,
        expectedInputs: inputs as unknown as Record<string, unknown>,
        justification: record,
        reaudit: reauditWorkload(
          label,
          record,
          `${DOCKER_CONTAINER_TYPE} "${name}"`,
          audit,
          () => logTarget.resource,
        ),
      },
      (childOpts) => new docker.Container(name, inputs, childOpts),
    );
    this.findings = gated.findings;
    this.registerOutputs({ container: this.container, findings: this.findings });
  }
}
