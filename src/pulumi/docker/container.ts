import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { DockerContainerSettings, JustificationRecord } from '../../posture';
import { renderComposeService } from '../../posture';
import { rejectArgs } from '../internal/component-errors';
import { auditContainerArgs } from './container-audit';
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
   * `hardened-workloads audit` on it.
   */
  public readonly composeService: Readonly<Record<string, unknown>>;
  /** The justifications recorded in the container's labels. */
  public readonly justifications: readonly JustificationRecord[];
  /**
   * The audit of the container's arguments (as the Compose service they are equivalent to) once its
   * inputs resolve; `unknown` entries at preview. Always holds a `pids-limit` warning: docker.Container
   * has no process-limit argument.
   */
  public readonly findings: pulumi.Output<readonly Finding[]>;

  /** Validates and renders before registering anything; throws a `pulumi.ResourceError` on bad args. */
  constructor(name: string, args: HardenedContainerArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = { type: HardenedContainer.TYPE, name };
    let plan: ReturnType<typeof hardenedContainerArgs>;
    try {
      plan = hardenedContainerArgs(name, args);
    } catch (error) {
      throw rejectArgs(label, error);
    }
    const audit = auditContainerArgs(label, plan.containerArgs, {
      ...(args.environment !== undefined && { environment: args.environment }),
      ...(args.now !== undefined && { now: args.now }),
    });
    super(HardenedContainer.TYPE, name, {}, opts);
    this.settings = plan.settings;
    this.composeService = renderComposeService(plan.settings);
    this.justifications = plan.settings.justifications;
    this.container = new docker.Container(name, plan.containerArgs, { parent: this });
    this.findings = audit.findings(this);
    this.registerOutputs({ container: this.container, findings: this.findings });
  }
}
