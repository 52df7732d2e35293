import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
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

/** Props of a {@link HardenedStatefulSet}: the cdk8s-plus props, with the posture options instead of the security ones. */
export interface HardenedStatefulSetProps
  extends Omit<kplus.StatefulSetProps, ReplacedPodProps>, HardenedWorkloadProps {
  /**
   * Persistent volumes, one claim per pod (volume claim templates), mounted where asked.
   *
   * @remarks With a read-only root filesystem these are, with the writable paths, the only
   * places the workload can write; persistentVolumeClaim is allowed by Pod Security restricted.
   * @default - none
   */
  readonly persistentVolumes?: readonly PersistentVolume[];
}

/** A persistent volume of a {@link HardenedStatefulSet}: a volume claim template and its mount. */
export interface PersistentVolume {
  /** The claim template name; also the volume name in the pod. */
  readonly name: string;
  /** Where the volume is mounted. */
  readonly mountPath: string;
  /** Requested size, as a Kubernetes quantity (`10Gi`). */
  readonly storage: string;
  /** The storage class to provision from. @default - the cluster's default storage class */
  readonly storageClassName?: string;
  /** How the volume may be mounted. @default ['ReadWriteOnce'] */
  readonly accessModes?: readonly string[];
  /** Containers that mount it. @default - every container (not init containers) */
  readonly containers?: readonly string[];
}

/**
 * A cdk8s-plus StatefulSet with the whole default runtime posture. Persistent data is declared with `persistentVolumes` (volume claim templates).
 *
 * @remarks Empty props render: pod `runAsNonRoot`, `runAsUser`/`runAsGroup`/`fsGroup` 10001,
 * `seccompProfile: RuntimeDefault`, `automountServiceAccountToken: false`; every container,
 * init containers included: `allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`,
 * `privileged: false`, `capabilities.drop: [ALL]`, `runAsNonRoot: true`. Relaxations need a
 * justified exemption. At synth the construct audits its own rendered object (JSON patches
 * applied) at the hardened level and fails the synth, naming the rule and field, if anything
 * weakened it afterwards.
 */
export class HardenedStatefulSet extends kplus.StatefulSet {
  // Undefined while the cdk8s-plus constructor adds the containers given as props.
  private hardening: PodHardening | undefined;
  private readonly persistentVolumes: readonly PersistentVolume[];

  public constructor(scope: Construct, id: string, props: HardenedStatefulSetProps) {
    const { persistentVolumes, ...rest } = props;
    const split = splitHardenedProps(rest, 'HardenedStatefulSet');
    super(scope, id, split.base);
    this.persistentVolumes = checkPersistentVolumes(persistentVolumes ?? [], this.node.path);
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
    const spec = hardenedPodSpec(this.hardening, super._toPodSpec());
    if (this.persistentVolumes.length === 0) return spec;
    const known = new Set(spec.containers.map((c) => c.name));
    for (const volume of this.persistentVolumes) {
      for (const name of volume.containers ?? []) {
        if (!known.has(name)) {
          throw new Error(
            `${this.node.path}: persistent volume "${volume.name}" names container "${name}", which the pod does not have`,
          );
        }
      }
    }
    return {
      ...spec,
      containers: spec.containers.map((container) => {
        const mounts = this.persistentVolumes
          .filter((v) => v.containers === undefined || v.containers.includes(container.name))
          .map((v) => ({ name: v.name, mountPath: v.mountPath }));
        return mounts.length === 0
          ? container
          : { ...container, volumeMounts: [...(container.volumeMounts ?? []), ...mounts] };
      }),
    };
  }

  /** @internal */
  public override _toKube(): k8s.StatefulSetSpec {
    const spec = super._toKube();
    if (this.persistentVolumes.length === 0) return spec;
    return {
      ...spec,
      volumeClaimTemplates: this.persistentVolumes.map((v) => ({
        metadata: { name: v.name },
        spec: {
          accessModes: [...(v.accessModes ?? ['ReadWriteOnce'])],
          ...(v.storageClassName !== undefined && { storageClassName: v.storageClassName }),
          resources: { requests: { storage: k8s.Quantity.fromString(v.storage) } },
        },
      })),
    };
  }
}

function checkPersistentVolumes(
  volumes: readonly PersistentVolume[],
  where: string,
): readonly PersistentVolume[] {
  const names = new Set<string>();
  volumes.forEach((v, index) => {
    const field = `${where}: persistentVolumes[${index}]`;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v.name))
      throw new RangeError(`${field}.name ${JSON.stringify(v.name)} must be a DNS label`);
    if (names.has(v.name)) throw new RangeError(`${field}.name "${v.name}" is declared twice`);
    names.add(v.name);
    if (typeof v.mountPath !== 'string' || !v.mountPath.startsWith('/'))
      throw new RangeError(`${field}.mountPath must be an absolute path`);
    if (!/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.test(v.storage))
      throw new RangeError(`${field}.storage ${JSON.stringify(v.storage)} is not a quantity such as "10Gi"`);
  });
  return volumes;
}
