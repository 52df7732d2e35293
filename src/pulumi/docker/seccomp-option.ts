import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Exemption, SeccompLocalhostExemption } from '../../posture';
import type { GeneratedSeccompProfile } from '../../seccomp';
import { seccompProfileExemption, seccompProfileSha256 } from '../../seccomp';

// Default actions that stop a call the profile does not list. ALLOW and LOG let it run, TRACE and
// NOTIFY hand it to another process that may let it run.
const DENYING_DEFAULT_ACTIONS: ReadonlySet<string> = new Set([
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_KILL',
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_TRAP',
]);

// Docker's own default profile is under 30 KiB.
const MAX_PROFILE_BYTES = 1024 * 1024;

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
  const text = readProfileFile(file);
  if (typeof text !== 'string') {
    throw new RangeError(
      `${where}: the "seccompLocalhost" exemption names ${JSON.stringify(file)}, which cannot be read (${text.why}): ` +
        `the Docker API takes a profile's content, so the file is read here, as docker run reads it; ${fix}`,
    );
  }
  let profile: unknown;
  try {
    profile = JSON.parse(text);
  } catch {
    profile = undefined;
  }
  const defaultAction = (profile as { defaultAction?: unknown } | undefined)?.defaultAction;
  if (
    profile === null ||
    typeof profile !== 'object' ||
    Array.isArray(profile) ||
    typeof defaultAction !== 'string'
  ) {
    throw new RangeError(
      `${where}: the "seccompLocalhost" exemption names ${JSON.stringify(file)}, which is not a seccomp profile ` +
        `(a JSON object with a "defaultAction"): the engine would refuse it at deploy; ${fix}`,
    );
  }
  if (!DENYING_DEFAULT_ACTIONS.has(defaultAction)) {
    throw new RangeError(
      `${where}: the "seccompLocalhost" exemption names ${JSON.stringify(file)}, whose defaultAction ${JSON.stringify(defaultAction)} ` +
        'lets every system call it does not list run: that is seccomp Unconfined in effect, a "seccompUnconfined" exemption ' +
        '(refused in production); write a profile that denies by default, or use seccompProfile: generateSeccompProfile(...)',
    );
  }
  // The engine gets what was judged: the parsed profile, written again (a duplicate key read once).
  return { renderedOption: `seccomp=${file}`, engineOption: `seccomp=${JSON.stringify(profile)}` };
}

// A FIFO or a device would block or never end: only a regular file of profile size is read.
function readProfileFile(file: string): string | { readonly why: string } {
  try {
    const stat = statSync(resolve(file));
    if (!stat.isFile()) return { why: 'not a regular file' };
    if (stat.size > MAX_PROFILE_BYTES) return { why: `larger than ${MAX_PROFILE_BYTES / 1024 / 1024} MiB` };
    return readFileSync(resolve(file), 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { why: typeof code === 'string' ? code : String(error) };
  }
}

/** The option as the engine must receive it: the Docker API takes a profile's content, never its path. */
export function inlineSeccompOption(option: string, profile: DockerSeccompOption | undefined): string {
  return profile !== undefined && option === profile.renderedOption ? profile.engineOption : option;
}
