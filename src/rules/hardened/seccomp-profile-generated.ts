import { containersPhrase, isWindowsPod } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { composeService } from './compose-service';
import { effectiveLocalhostProfile } from './seccomp-localhost-justified';

/**
 * A Localhost seccomp profile is reviewed when its justification record carries the hash of a
 * generated profile (`profileSha256`); where the audit reads the profile file (a Compose
 * `seccomp=<file>`), the hash must be that file's. A hand-written profile may allow far more than the runtime
 * default (a Docker-format file read by containerd loses its conditions): it is reported, and only
 * generating it clears the report.
 */
export const seccompProfileGenerated = defineRule({
  id: 'seccomp-profile-generated',
  title: 'A custom seccomp profile is generated and reviewed, not hand-written',
  severity: 'warning',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.securityContext.seccompProfile.localhostProfile',
    'spec.containers[*].securityContext.seccompProfile.localhostProfile',
  ],
  allowedValues: 'a Localhost profile whose seccompLocalhost record carries profileSha256',
  references: { cisDocker: ['5.22'] },
  rationale:
    'A hand-written profile is reviewed by no one and can be far weaker than the runtime default: containerd ' +
    'reads a Docker-format profile as OCI and drops its capability conditions, so mount, bpf or reboot become ' +
    'allowed. A generated profile is the runtime default plus named, justified system calls, with a diff for review.',
  remediation:
    'Generate the profile with generateSeccompProfile (or HardenedSeccompProfile) from the system calls the ' +
    'application needs, and use seccompProfileExemption(profile, path) so the record carries its hash.',
  exampleFix:
    "const profile = generateSeccompProfile({ name: 'keyring-client', add: [{ syscall: 'add_key', justification }] });\n" +
    "exemptions: [seccompProfileExemption(profile, operatorLocalhostProfile('keyring-client', 'shop'))]",
  justifiedBy: [],
  check(pod) {
    if (isWindowsPod(pod)) return [];
    const violations: Violation[] = [];
    const file = composeService(pod)?.seccompProfileFile;
    for (const container of pod.containers) {
      const profile = effectiveLocalhostProfile(pod, container);
      if (profile === undefined) continue;
      const claimed = pod.justifications.records.flatMap((r) =>
        r.exemption === 'seccompLocalhost' &&
        (r.container === undefined || r.container === container.name) &&
        typeof r.profileSha256 === 'string'
          ? [r.profileSha256]
          : [],
      );
      // Where the audit read the profile file (a Compose file's), the claim must be that file's hash.
      if (claimed.some((sha256) => file === undefined || file.generatedSha256.includes(sha256))) continue;
      violations.push({
        message:
          claimed.length > 0 && file !== undefined
            ? `${containersPhrase([container.name])} uses the seccomp profile ${JSON.stringify(profile.name)}, which is not the generated profile its justification names (profileSha256 ${claimed.map((h) => h.slice(0, 12)).join(', ')}...): ` +
              `write that profile's Docker form to ${JSON.stringify(file.path)}, or generate it again`
            : `${containersPhrase([container.name])} uses the hand-written, unreviewed seccomp profile ${JSON.stringify(profile.name)}: generate it (runtime default plus the justified system calls)`,
        path: profile.path,
        container: container.name,
      });
    }
    return violations;
  },
});
