import type { ExemptionKind } from './exemption';
import type { MountMode } from './justification-record';
import { DEFAULT_DOCKER_SOCKET, EXEMPTION_KINDS } from './exemption';

/**
 * One exemption of a kind, written as TypeScript on one line, for messages that tell the user what
 * to write: `{ kind: 'capability', capability: 'NET_BIND_SERVICE', justification: { reason: '…' } }`.
 * The subject (capability, host path, host port) is filled in when the finding names it; the
 * justification asks for `approvedBy` where the kind is a design review; a host path mounted
 * writable says `readOnly: false`, since that is the mode it must be reviewed for.
 */
export function exemptionExample(kind: ExemptionKind, subject?: string, mode?: MountMode): string {
  const fields = [`kind: '${kind}'`, ...kindFields(kind, subject === '' ? undefined : subject)];
  // A host path renders read-only unless the exemption says otherwise: a writable mount needs it said.
  if (kind === 'hostPath' && mode === 'read-write') fields.push('readOnly: false');
  const justification = EXEMPTION_KINDS[kind].highRisk
    ? "{ reason: '…', approvedBy: '…' }"
    : "{ reason: '…' }";
  return `{ ${fields.join(', ')}, justification: ${justification} }`;
}

function kindFields(kind: ExemptionKind, subject: string | undefined): string[] {
  switch (kind) {
    case 'capability':
      return [`capability: ${quote(subject ?? 'NET_BIND_SERVICE')}`];
    case 'hostPath':
      return [`hostPath: ${quote(subject ?? '/path/on/host')}`];
    case 'dockerSocket':
      return subject === undefined || subject === DEFAULT_DOCKER_SOCKET
        ? []
        : [`hostPath: ${quote(subject)}`];
    case 'hostPort':
      return [`containerPort: ${subject !== undefined && /^\d+$/.test(subject) ? subject : '8080'}`];
    case 'seccompLocalhost':
      return ["localhostProfile: 'profiles/app.json'"];
    case 'appArmorLocalhost':
      return ["localhostProfile: 'app-profile'"];
    case 'seLinuxOptions':
      return ["options: { type: 'container_t' }"];
    default:
      return [];
  }
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
