import { ApiObject, Chart, Names } from 'cdk8s';
import { Construct } from 'constructs';
import type { SeccompLocalhostExemption } from '../posture/exemption';
import type { GeneratedSeccompProfile, SeccompProfileRequest } from '../seccomp';
import {
  generateSeccompProfile,
  operatorLocalhostProfile,
  seccompOperatorResource,
  seccompProfileExemption,
  SeccompProfileError,
} from '../seccomp';

/** Props of a {@link HardenedSeccompProfile}: what to add to the runtime default, and why. */
export interface HardenedSeccompProfileProps extends Omit<SeccompProfileRequest, 'name'> {
  /** The profile's name (a DNS label). @default - derived from the construct path */
  readonly name?: string;
  /** The namespace of the operator resource, which workloads using it must share. @default - the chart's namespace, else `default` */
  readonly namespace?: string;
}

/**
 * A reviewed custom seccomp profile: Docker's default plus named, justified system calls, delivered
 * to the nodes by the Security Profiles Operator (a `SeccompProfile` resource).
 *
 * @remarks Containers use it through `exemptions: [profile.exemption]`, which sets `Localhost` with the
 * operator's node path and records the profile's hash, so the audit reports it as generated and
 * reviewed. The operator must be installed in the cluster; it reports the node path it wrote in
 * `.status.localhostProfile` (`operator/<namespace>/<name>.json` since v0.4).
 */
export class HardenedSeccompProfile extends Construct {
  /** The generated profile in every format, with its review diff. */
  public readonly profile: GeneratedSeccompProfile;
  /** The `localhostProfile` path pods use. */
  public readonly localhostProfile: string;
  /** The exemption that puts the profile on a container. */
  public readonly exemption: SeccompLocalhostExemption;
  /** The operator's `SeccompProfile` resource. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: HardenedSeccompProfileProps) {
    super(scope, id);
    const name = props.name ?? Names.toDnsLabel(this);
    const namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    try {
      this.profile = generateSeccompProfile({ ...props, name });
    } catch (error) {
      if (error instanceof SeccompProfileError)
        throw new SeccompProfileError(`${this.node.path}: ${error.message}`);
      throw error;
    }
    this.localhostProfile = operatorLocalhostProfile(name, namespace);
    this.exemption = seccompProfileExemption(this.profile, this.localhostProfile);
    const resource = seccompOperatorResource(this.profile, namespace);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      metadata: resource.metadata,
      spec: resource.spec,
    });
  }
}
