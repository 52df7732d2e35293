import type { GeneratedSeccompProfile } from './generate-profile';
import { DOCKER_DEFAULT_PROFILE_SOURCE } from './docker-default-profile';
import { ASSUMED_MIN_KERNEL } from './flatten';

/** The review of a generated profile, as Markdown: what it adds to the runtime default, and why. */
export function renderSeccompReview(profile: GeneratedSeccompProfile): string {
  const source = DOCKER_DEFAULT_PROFILE_SOURCE;
  const lines = [
    `# Seccomp profile \`${profile.name}\` (${profile.architecture})`,
    '',
    `Docker's default profile (${source.repository}@${source.commit.slice(0, 12)}, ${source.licence}) plus the system calls below.`,
    `OCI profile SHA-256: \`${profile.sha256}\``,
    '',
    '## Added',
    '',
    '| system call | arguments | reason | ticket | approved by | expires |',
    '| --- | --- | --- | --- | --- | --- |',
    ...profile.diff.added.map((a) => {
      const args = a.args?.map(
        (f) =>
          `arg${f.index} ${f.op.replace('SCMP_CMP_', '')} ${f.value}${f.valueTwo !== undefined ? `/${f.valueTwo}` : ''}`,
      );
      const j = a.justification;
      return `| \`${a.syscall}\` | ${args?.join(', ') ?? 'any'} | ${cell(j.reason)} | ${cell(j.ticket)} | ${cell(j.approvedBy)} | ${cell(j.expires)} |`;
    }),
    '',
    '## Removed',
    '',
    profile.diff.removed.length === 0 ? 'Nothing: the generator only adds.' : profile.diff.removed.join(', '),
    '',
    `## Conditions of the base, resolved for a container with the posture's capabilities (kernel ${ASSUMED_MIN_KERNEL}+)`,
    '',
    '| system calls | condition | in the OCI profile | because |',
    '| --- | --- | --- | --- |',
    ...profile.diff.conditionsResolved.map(
      (c) => `| ${c.names.join(', ')} | ${c.condition} | ${c.kept ? 'yes' : 'no'} | ${c.because} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

function cell(text: string | undefined): string {
  return text === undefined ? '' : text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}
