import * as kplus from 'cdk8s-plus-28';
import type { ContainerExemption, HardenedContainerSpec, WritablePathInput } from '../posture';
import { assertValidExemptions, copyOwnData, normaliseWritablePaths } from '../posture';
import { rejectProps } from './reject-props';
import type { HardenedSeccompProfile } from './seccomp-profile';

/** Props of a {@link HardenedContainer}: every cdk8s-plus container prop except the security context. */
export interface HardenedContainerProps extends Omit<kplus.ContainerProps, 'securityContext'> {
  /**
   * Directories the container may write to. Each becomes an emptyDir mount; `{ medium: 'Memory' }`
   * backs it with tmpfs and `sizeLimit` bounds it.
   *
   * @remarks The root filesystem is read-only: these paths and declared persistent volumes are
   * the only writable places, so what the container can change at run time is reviewable.
   * @default - none
   */
  readonly writablePaths?: readonly WritablePathInput[];
  /**
   * Justified relaxations of the default posture for this container (a capability added back,
   * a custom seccomp profile, ...). Each needs a justification, or it does not compile.
   *
   * @remarks Each one is recorded in the workload's justification annotation, so audits list it
   * as `justified` with its reason instead of dropping it.
   * @default - none: the whole default posture
   */
  readonly exemptions?: readonly ContainerExemption[];
  /**
   * A generated seccomp profile to run under instead of the runtime default: the container gets its
   * `seccompLocalhost` exemption (the operator's node path, the profile's hash and its justifications).
   * @default - the runtime default profile
   */
  readonly seccompProfile?: HardenedSeccompProfile;
}

const hardenedSpecs = new WeakMap<kplus.Container, HardenedContainerSpec>();

/** The posture a container was declared with, or undefined for a plain cdk8s-plus container. */
export function hardenedSpecOf(container: kplus.Container): HardenedContainerSpec | undefined {
  return hardenedSpecs.get(container);
}

/**
 * Declares the posture of a container (used for init containers, which cdk8s-plus builds itself).
 * Checks exemptions and writable paths now, so mistakes fail at construction.
 */
export function registerHardenedContainer(
  container: kplus.Container,
  props: Pick<HardenedContainerProps, 'writablePaths' | 'exemptions' | 'seccompProfile'>,
): void {
  const where = `container "${container.name}"`;
  const declared = withSeccompProfile(props, where);
  // Production rules (no Unconfined seccomp) are applied by the workload, which knows its
  // environment. The validated copies are what the workload renders: a later change to the
  // caller's objects changes nothing.
  const exemptions =
    declared === undefined
      ? undefined
      : (assertValidExemptions(declared, {
          environment: 'non-production',
          now: new Date(),
          where,
        }) as readonly ContainerExemption[]);
  const writablePaths =
    props.writablePaths === undefined
      ? undefined
      : copyOwnData(props.writablePaths, `${where}: writablePaths`);
  normaliseWritablePaths(writablePaths, where);
  hardenedSpecs.set(container, {
    name: container.name,
    ...(writablePaths !== undefined && { writablePaths }),
    ...(exemptions !== undefined && { exemptions }),
  });
}

// A generated profile is one more exemption; a second seccomp choice for one container is refused.
function withSeccompProfile(
  props: Pick<HardenedContainerProps, 'exemptions' | 'seccompProfile'>,
  where: string,
): readonly ContainerExemption[] | undefined {
  const profile = props.seccompProfile;
  if (profile === undefined) return props.exemptions;
  if ((props.exemptions ?? []).some((e) => (e as { kind?: unknown }).kind === 'seccompLocalhost')) {
    throw new RangeError(
      `${where}: give either seccompProfile or a "seccompLocalhost" exemption, not both: a container runs one profile`,
    );
  }
  return [...(props.exemptions ?? []), profile.exemption];
}

/**
 * A cdk8s-plus container with the default runtime posture: `allowPrivilegeEscalation: false`,
 * `readOnlyRootFilesystem: true`, `privileged: false`, `capabilities.drop: [ALL]`,
 * `runAsNonRoot: true`, relaxed only by justified exemptions.
 *
 * @remarks The security context is rendered by the workload that holds the container (the single
 * pod renderer of the core), so a HardenedContainer attached to a plain cdk8s-plus workload is
 * not hardened. Attach it to a Hardened workload (`attachContainer`) or let the workload create
 * it (`addContainer`).
 */
export class HardenedContainer extends kplus.Container {
  /** Directories the container may write to. */
  public readonly writablePaths: readonly WritablePathInput[];
  /** The justified relaxations of this container. */
  public readonly exemptions: readonly ContainerExemption[];

  public constructor(props: HardenedContainerProps) {
    rejectProps(props, 'HardenedContainer', {
      securityContext: 'the posture is rendered for you; relax it with a justified entry in "exemptions"',
    });
    super(props);
    this.writablePaths = props.writablePaths ?? [];
    this.exemptions = withSeccompProfile(props, `container "${this.name}"`) ?? [];
    registerHardenedContainer(this, props);
  }
}
