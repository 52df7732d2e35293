import type { Exemption, SeccompLocalhostExemption } from '../../posture';
import type { GeneratedSeccompProfile } from '../../seccomp';
import { seccompProfileExemption, seccompProfileSha256 } from '../../seccomp';

/** A generated profile as a Docker container carries it: the exemption it records, and the option it replaces. */
export interface DockerSeccompProfile {
  /** The `seccompLocalhost` exemption, with the profile's hash. */
  readonly exemption: SeccompLocalhostExemption;
  /** The `--security-opt` value the renderer writes for it (`seccomp=<name>.json`). */
  readonly renderedOption: string;
  /** What the engine receives instead: the profile's Docker-format content. */
  readonly engineOption: string;
}

/**
 * Checks a generated profile and turns it into its exemption. The hash is computed again from the
 * profile's OCI form: a profile edited after it was generated (or written by hand in that shape) is
 * not the reviewed one, and is refused rather than recorded as generated.
 */
export function seccompProfileExemptionForDocker(
  profile: GeneratedSeccompProfile | undefined,
  exemptions: readonly Exemption[] | undefined,
  where: string,
): DockerSeccompProfile | undefined {
  if (profile === undefined) return undefined;
  // JavaScript callers bypass the types: anything but a generated profile is refused.
  if ((profile as unknown) === null || typeof profile !== 'object' || typeof profile.name !== 'string') {
    throw new TypeError(`${where}: seccompProfile must come from generateSeccompProfile()`);
  }
  if (seccompProfileSha256(profile.oci) !== profile.sha256) {
    throw new RangeError(
      `${where}: seccompProfile "${profile.name}" does not match its hash: it was changed after generateSeccompProfile() reviewed it; generate it again`,
    );
  }
  if ((exemptions ?? []).some((e) => (e as { kind?: unknown }).kind === 'seccompLocalhost')) {
    throw new RangeError(
      `${where}: give either seccompProfile or a "seccompLocalhost" exemption, not both: a container runs one profile`,
    );
  }
  const file = `${profile.name}.json`;
  return {
    exemption: seccompProfileExemption(profile, file),
    renderedOption: `seccomp=${file}`,
    engineOption: `seccomp=${JSON.stringify(profile.docker)}`,
  };
}

/** The option as the engine must receive it: the Docker API takes a profile's content, never its path. */
export function inlineSeccompOption(option: string, profile: DockerSeccompProfile | undefined): string {
  return profile !== undefined && option === profile.renderedOption ? profile.engineOption : option;
}
