import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { SeccompLocalhostExemption } from '../../posture/exemption';
import type { GeneratedSeccompProfile, SeccompProfileRequest } from '../../seccomp';
import {
  generateSeccompProfile,
  operatorLocalhostProfile,
  seccompOperatorResource,
  seccompProfileExemption,
} from '../../seccomp';
import { rejectArgs } from '../internal/component-errors';

/** Arguments of a {@link HardenedSeccompProfile}. */
export interface HardenedSeccompProfileArgs extends Omit<SeccompProfileRequest, 'name'> {
  /** The profile's name (a DNS label). @default - the component's name */
  readonly name?: string;
  /** The namespace of the operator resource, which workloads using it must share. */
  readonly namespace: string;
}

/**
 * A reviewed custom seccomp profile: Docker's default plus named, justified system calls, delivered
 * to the nodes by the Security Profiles Operator (a `SeccompProfile` custom resource).
 *
 * @remarks Workloads use it through `exemptions: [profile.exemption]`. The profile is generated and
 * checked synchronously, before anything is registered: a refused addition fails the program.
 */
export class HardenedSeccompProfile extends pulumi.ComponentResource {
  /** The type token. */
  public static readonly TYPE = 'hardened-workloads:kubernetes:HardenedSeccompProfile';
  /** The generated profile in every format, with its review diff. */
  public readonly profile: GeneratedSeccompProfile;
  /** The `localhostProfile` path pods use. */
  public readonly localhostProfile: string;
  /** The exemption that puts the profile on a container. */
  public readonly exemption: SeccompLocalhostExemption;
  /** The operator resource (a child of this component). */
  public readonly resource: k8s.apiextensions.CustomResource;

  /** Throws a `pulumi.ResourceError` when the profile cannot be generated. */
  constructor(name: string, args: HardenedSeccompProfileArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = { type: HardenedSeccompProfile.TYPE, name };
    const profileName = args.name ?? name;
    let profile: GeneratedSeccompProfile;
    try {
      profile = generateSeccompProfile({ ...args, name: profileName });
    } catch (error) {
      throw rejectArgs(label, error);
    }
    super(HardenedSeccompProfile.TYPE, name, {}, opts);
    this.profile = profile;
    this.localhostProfile = operatorLocalhostProfile(profileName, args.namespace);
    this.exemption = seccompProfileExemption(profile, this.localhostProfile);
    const resource = seccompOperatorResource(profile, args.namespace);
    this.resource = new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: resource.apiVersion,
        kind: resource.kind,
        metadata: { ...resource.metadata, annotations: { ...resource.metadata.annotations } },
        spec: JSON.parse(JSON.stringify(resource.spec)) as Record<string, unknown>,
      },
      { parent: this },
    );
    this.registerOutputs({ localhostProfile: this.localhostProfile });
  }
}
