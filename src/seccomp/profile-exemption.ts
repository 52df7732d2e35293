import type { SeccompLocalhostExemption } from '../posture/exemption';
import type { Justification } from '../posture/justification';
import type { GeneratedSeccompProfile } from './generate-profile';

/**
 * The `seccompLocalhost` exemption that puts a generated profile on a container: the justification
 * sums up every added system call's own (reasons, tickets, approvers, the earliest expiry), and the
 * record carries the profile's hash, so the audit knows it was generated and reviewed.
 *
 * @param localhostProfile - where the node or host finds the profile: for Kubernetes the path under
 * the kubelet's seccomp directory (`operatorLocalhostProfile(...)` for the Security Profiles
 * Operator), for Compose the profile file relative to the project.
 */
export function seccompProfileExemption(
  profile: GeneratedSeccompProfile,
  localhostProfile: string,
): SeccompLocalhostExemption {
  return Object.freeze({
    kind: 'seccompLocalhost',
    localhostProfile,
    profileSha256: profile.sha256,
    justification: Object.freeze(combinedJustification(profile)),
  });
}

function combinedJustification(profile: GeneratedSeccompProfile): Justification {
  const added = profile.diff.added;
  const unique = (values: (string | undefined)[]) => [
    ...new Set(values.filter((v): v is string => v !== undefined)),
  ];
  const tickets = unique(added.map((a) => a.justification.ticket));
  const approvers = unique(added.map((a) => a.justification.approvedBy));
  const expiries = unique(added.map((a) => a.justification.expires)).sort();
  return {
    reason: `generated seccomp profile "${profile.name}" adds to the runtime default: ${added
      .map((a) => `${a.syscall} (${a.justification.reason})`)
      .join('; ')}`,
    ...(tickets.length > 0 && { ticket: tickets.join(', ') }),
    ...(approvers.length > 0 && { approvedBy: approvers.join(', ') }),
    ...(expiries[0] !== undefined && { expires: expiries[0] }),
  };
}
