import type { Exemption, SeccompLocalhostExemption } from '../../posture';
import { readSeccompProfileFile } from '../../posture/seccomp-profile-file';
import { judgeSeccompProfile } from '../../posture/seccomp-profile-judgement';
import type { GeneratedSeccompProfile } from '../../seccomp';
import { seccompProfileExemption, seccompProfileSha256 } from '../../seccomp';

/** A seccomp option as the renderer writes it (a file) and as the engine must receive it (content). */
export interface DockerSeccompOption {
  /** The `--security-opt` value the renderer writes (`seccomp=<file>`). */
  readonly renderedOption: string;
  /** What the engine receives instead: the profile's Docker-format content. */
  readonly engineOption: string;
}

/** A generated profile as a Docker container carries it: the exemption it records, and the option it replaces. */
export interface DockerSeccompProfile extends DockerSeccompOption {
  /** The `seccompLocalhost` exemption, with the profile's hash. */
  readonly exemption: SeccompLocalhostExemption;
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

/**
 * The profile file of a hand-written `seccompLocalhost` exemption, read as `docker run --security-opt
 * seccomp=<file>` reads it: on the machine that runs the program, relative to its working directory.
 * The engine then receives what the file holds; a file that cannot be read, or is not a seccomp
 * profile, fails here rather than at deploy. The record keeps no hash: the audit reports the profile
 * as hand-written (seccomp-profile-generated).
 */
export function handWrittenSeccompForDocker(
  exemptions: readonly Exemption[] | undefined,
  where: string,
): DockerSeccompOption | undefined {
  const exemption = (exemptions ?? []).find(
    (e): e is SeccompLocalhostExemption => e.kind === 'seccompLocalhost',
  );
  if (exemption === undefined) return undefined;
  const file = exemption.localhostProfile;
  const fix =
    "name the reviewed profile file (relative to the Pulumi program's directory), or use seccompProfile: generateSeccompProfile(...)";
  const read = readSeccompProfileFile(file);
  if ('unreadable' in read) {
    throw new RangeError(
      `${where}: the "seccompLocalhost" exemption names ${JSON.stringify(file)}, which cannot be read (${read.unreadable}): ` +
        `the Docker API takes a profile's content, so the file is read here, as docker run reads it; ${fix}`,
    );
  }
  // One judgement with the Compose audit: the profile read as the engine's Go decoder reads it.
  const judged = judgeSeccompProfile(read.text);
  if (judged.verdict === 'denies') {
    // The engine gets what was judged: the parsed profile, its default action under one key.
    return { renderedOption: `seccomp=${file}`, engineOption: `seccomp=${judged.dockerContent}` };
  }
  if (judged.defaultAction === undefined) {
    throw new RangeError(
      `${where}: the "seccompLocalhost" exemption names ${JSON.stringify(file)}, which is not a seccomp profile ` +
        `(a JSON object with a "defaultAction"): the engine would refuse it at deploy, or run it as no seccomp at all; ${fix}`,
    );
  }
  throw new RangeError(
    `${where}: the "seccompLocalhost" exemption names ${JSON.stringify(file)}, whose defaultAction ${JSON.stringify(judged.defaultAction)} ` +
      'lets every system call it does not list run: that is seccomp Unconfined in effect, a "seccompUnconfined" exemption ' +
      '(refused in production); write a profile that denies by default, or use seccompProfile: generateSeccompProfile(...)',
  );
}

/** The option as the engine must receive it: the Docker API takes a profile's content, never its path. */
export function inlineSeccompOption(option: string, profile: DockerSeccompOption | undefined): string {
  return profile !== undefined && option === profile.renderedOption ? profile.engineOption : option;
}
