import type { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import type { k8s } from 'cdk8s-plus-28';
import {
  assertUnprivilegedPortStart,
  DEFAULT_POSTURE,
  assertMaxExemptionDays,
  assertPostureEnvironment,
  assertValidExemptions,
  copyOwnData,
} from '../posture';
import type { HardenedContainerProps } from './hardened-container';
import { HardenedContainer, registerHardenedContainer } from './hardened-container';
import type { PodExemption } from '../posture';
import type { HardenedPodOptions } from './pod-hardening';
import { PodHardening } from './pod-hardening';
import { rejectProps } from './reject-props';

/** Pod props of cdk8s-plus that a hardened workload replaces with its own. */
export type ReplacedPodProps = 'securityContext' | 'hostNetwork' | 'containers' | 'initContainers';

/** What every hardened workload accepts on top of the cdk8s-plus props it keeps. */
export interface HardenedWorkloadProps extends HardenedPodOptions {
  /**
   * The containers, each with the default posture. More can be added with `addContainer`.
   * @default - none: add at least one before synth
   */
  readonly containers?: readonly HardenedContainerProps[];
  /**
   * Init containers, with the same posture as the others.
   * @default - none
   */
  readonly initContainers?: readonly HardenedContainerProps[];
}

/** The parts of hardened props, split for the cdk8s-plus base class and for the hardening. */
export interface SplitHardenedProps<B> {
  readonly base: B & {
    readonly securityContext: kplus.PodSecurityContextProps;
    readonly containers: HardenedContainerProps[];
    readonly initContainers: HardenedContainerProps[];
  };
  readonly options: HardenedPodOptions;
}

/** Splits hardened props; refuses, for JavaScript callers, the cdk8s-plus props they replace. */
export function splitHardenedProps<P extends HardenedWorkloadProps>(
  props: P,
  construct: string,
): SplitHardenedProps<Omit<P, keyof HardenedWorkloadProps>> {
  rejectProps(props, construct, {
    securityContext: 'set "user" for the pod ids; the rest of the posture is rendered for you',
    hostNetwork: 'host networking needs a justified { kind: "hostNetwork" } entry in "podExemptions"',
  });
  const {
    containers,
    initContainers,
    user,
    podExemptions,
    userNamespaces,
    unprivilegedPortStart,
    pinAppArmorRuntimeDefault,
    environment,
    maxExemptionDays,
    ...base
  } = props;
  // Checked now, so that a typo fails where it was written; the copies are what renders.
  assertPostureEnvironment(environment, construct);
  assertMaxExemptionDays(maxExemptionDays, construct);
  if (unprivilegedPortStart !== undefined) assertUnprivilegedPortStart(unprivilegedPortStart, construct);
  const ownPodExemptions =
    podExemptions === undefined
      ? undefined
      : assertValidExemptions(podExemptions, {
          environment: environment ?? DEFAULT_POSTURE.environment,
          now: new Date(),
          where: `${construct}: podExemptions`,
          ...(maxExemptionDays !== undefined && { maxExemptionDays }),
        });
  const ownUser = user === undefined ? undefined : copyOwnData(user, `${construct}: user`);
  return {
    // cdk8s-plus's own view of the pod ids matches what the renderer writes.
    base: {
      ...base,
      // cdk8s-plus adds these through the workload's addContainer/addInitContainer overrides.
      containers: [...(containers ?? [])],
      initContainers: [...(initContainers ?? [])],
      securityContext: {
        ensureNonRoot: true,
        user: ownUser?.uid ?? DEFAULT_POSTURE.user.uid,
        group: ownUser?.gid ?? DEFAULT_POSTURE.user.gid,
        fsGroup: ownUser?.fsGroup ?? DEFAULT_POSTURE.user.fsGroup,
      },
    },
    options: {
      ...(ownUser !== undefined && { user: ownUser }),
      ...(ownPodExemptions !== undefined && { podExemptions: ownPodExemptions as PodExemption[] }),
      ...(userNamespaces !== undefined && { userNamespaces }),
      ...(unprivilegedPortStart !== undefined && { unprivilegedPortStart }),
      ...(pinAppArmorRuntimeDefault !== undefined && { pinAppArmorRuntimeDefault }),
      ...(environment !== undefined && { environment }),
      ...(maxExemptionDays !== undefined && { maxExemptionDays }),
    },
  };
}

/** The cdk8s-plus workload members the hardening helpers use. */
export interface HardenableWorkload extends kplus.AbstractPod {
  readonly podMetadata: kplus.AbstractPod['podMetadata'];
  addContainer(props: HardenedContainerProps): kplus.Container;
  addInitContainer(props: HardenedContainerProps): kplus.Container;
}

/** Creates the hardening of a workload, once its cdk8s-plus constructor has run. */
export function hardenWorkload(
  workload: HardenableWorkload,
  apiObject: ApiObject,
  options: HardenedPodOptions,
): PodHardening {
  const hardening = new PodHardening(
    {
      pod: workload,
      workloadMetadata: workload.metadata,
      podMetadata: workload.podMetadata,
      apiObject,
      automountServiceAccountToken: workload.automountServiceAccountToken,
    },
    options,
  );
  hardening.refresh();
  return hardening;
}

/** The pod spec of a hardened workload: the posture merged into what cdk8s-plus rendered. */
export function hardenedPodSpec(hardening: PodHardening | undefined, spec: k8s.PodSpec): k8s.PodSpec {
  if (hardening === undefined)
    throw new Error('a hardened workload was rendered before its constructor finished');
  return hardening.harden(spec);
}

/** `addContainer` of a hardened workload: the container gets the posture. */
export function createHardenedContainer(props: HardenedContainerProps): HardenedContainer {
  return new HardenedContainer(props);
}

/**
 * `addInitContainer` of a hardened workload: cdk8s-plus builds init containers itself, so the
 * posture is declared on the container it returns.
 */
export function declareInitContainer(
  addPlain: (props: kplus.ContainerProps) => kplus.Container,
  props: HardenedContainerProps,
): kplus.Container {
  rejectProps(props, 'init container', {
    securityContext: 'the posture is rendered for you; relax it with a justified entry in "exemptions"',
  });
  const { writablePaths, exemptions, seccompProfile, ...plain } = props;
  const container = addPlain(plain);
  registerHardenedContainer(container, {
    ...(writablePaths !== undefined && { writablePaths }),
    ...(exemptions !== undefined && { exemptions }),
    ...(seccompProfile !== undefined && { seccompProfile }),
  });
  return container;
}
