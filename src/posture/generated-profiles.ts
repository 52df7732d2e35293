/*
 * The hashes of the seccomp profiles generateSeccompProfile() produced in this process. An
 * exemption's `profileSha256` says "this profile was generated and reviewed": the constructs and
 * components accept it only for a profile generated here, so that a hash written by hand cannot claim
 * a review that never happened. Generation is deterministic, so a program that uses a profile
 * generates it (and its hash) in the same run.
 */

const generated = new Set<string>();

/** Records the hash of a profile generateSeccompProfile() just produced. @internal */
export function recordGeneratedSeccompProfile(sha256: string): void {
  generated.add(sha256);
}

/** Whether generateSeccompProfile() produced a profile with this hash in this process. @internal */
export function isGeneratedSeccompProfile(sha256: string): boolean {
  return generated.has(sha256);
}
