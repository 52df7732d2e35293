import * as kplus from 'cdk8s-plus-28';
import type { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { HardenedContainer, HardenedContainerProps } from './hardened-container';
import type { HardenedWorkloadProps, ReplacedPodProps } from './hardened-workload';
import {
  createHardenedContainer,
  declareInitContainer,
  hardenWorkload,
  hardenedPodSpec,
  splitHardenedProps,
} from './hardened-workload';
import type { PodHardening } from './pod-hardening';

/** Props of a {@link HardenedDeployment}: the cdk8s-plus props, with the posture options instead of the security ones. */
export interface HardenedDeploymentProps
  extends Omit<kplus.DeploymentProps, ReplacedPodProps>, HardenedWorkloadProps {}

/**
 * A cdk8s-plus Deployment with the whole default runtime posture. Use it as a cdk8s-plus Deployment: ports, env, probes, resources, volumes and `exposeViaService` work as there.
 *
 * @remarks Empty props render: pod `runAsNonRoot`, `runAsUser`/`runAsGroup`/`fsGroup` 10001,
 * `seccompProfile: RuntimeDefault`, `automountServiceAccountToken: false`; every container,
 * init containers included: `allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`,
 * `privileged: false`, `capabilities.drop: [ALL]`, `runAsNonRoot: true`. Relaxations need a
 * justified exemption. At synth the construct audits its own rendered object (JSON patches
 * applied) at the hardened level and fails the synth, naming the rule and field, if anything
 * weakened it afterwards.
 */
export class HardenedDeployment extends kplus.Deployment {
  // Undefined while the cdk8s-plus constructor adds the containers given as props.
  private hardening: PodHardening | undefined;

  public constructor(scope: Construct, id: string, props: HardenedDeploymentProps = {}) {
    const split = splitHardenedProps(props, 'HardenedDeployment');
    super(scope, id, split.base);
    this.hardening = hardenWorkload(this, this.apiObject, split.options);
  }

  /** Adds a container with the default posture (relaxed only by its justified exemptions). */
  public override addContainer(props: HardenedContainerProps): HardenedContainer {
    const container = createHardenedContainer(props);
    this.attachContainer(container);
    return container;
  }

  /**
   * Attaches a container. A {@link HardenedContainer} gets the posture; a plain cdk8s-plus
   * container is rendered as it is, and the synth fails if it breaks the posture.
   */
  public override attachContainer(container: kplus.Container): void {
    super.attachContainer(container);
    this.hardening?.refresh();
  }

  /** Adds an init container with the default posture. */
  public override addInitContainer(props: HardenedContainerProps): kplus.Container {
    const container = declareInitContainer((plain) => super.addInitContainer(plain), props);
    this.hardening?.refresh();
    return container;
  }

  /** @internal */
  public override _toPodSpec(): k8s.PodSpec {
    return hardenedPodSpec(this.hardening, super._toPodSpec());
  }
}
