import type { PssVersion } from '../pss-version';
import { atLeast } from '../pss-version';
import { asObject, containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { isSet, quote } from './field-values';
import { containerFields } from './restricted-fields';

const ALLOWED_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
/** v1.31 admits the type that container engines (podman in a pod, buildkit) run under. */
const ALLOWED_TYPES_1_31 = [...ALLOWED_TYPES, 'container_engine_t'];

function allowedTypes(version: PssVersion): readonly string[] {
  return atLeast(version, 31) ? ALLOWED_TYPES_1_31 : ALLOWED_TYPES;
}

/** What is wrong with one seLinuxOptions object (empty when it is allowed). */
function problems(options: unknown, version: PssVersion): string[] {
  const opts = asObject(options);
  const found: string[] = [];
  const type = opts.type ?? '';
  if (typeof type !== 'string' || !allowedTypes(version).includes(type)) found.push(`type ${quote(type)}`);
  if (isSet(opts.user) && opts.user !== '') found.push('user may not be set');
  if (isSet(opts.role) && opts.role !== '') found.push('role may not be set');
  return found;
}

/**
 * Pod Security `seLinuxOptions` (baseline): SELinux options keep the container types.
 *
 * Restricted Fields: spec.securityContext.seLinuxOptions.{type,user,role},
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seLinuxOptions.{type,user,role}
 * Allowed Values: type: undefined/"", container_t, container_init_t, container_kvm_t, and from v1.31
 * container_engine_t; user and role: undefined/""
 */
export const selinuxOptions = defineRule({
  id: 'selinux-options',
  title: 'SELinux options keep the container types',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'seLinuxOptions',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.securityContext.seLinuxOptions.type',
    'spec.securityContext.seLinuxOptions.user',
    'spec.securityContext.seLinuxOptions.role',
    ...containerFields(
      'securityContext.seLinuxOptions.type',
      'securityContext.seLinuxOptions.user',
      'securityContext.seLinuxOptions.role',
    ),
  ],
  allowedValues:
    'type: undefined/"", container_t, container_init_t, container_kvm_t, container_engine_t (v1.31+); ' +
    'user, role: undefined/""',
  references: {
    cisDocker: ['5.3'],
    polaris: ['linuxHardening'],
    trivy: ['KSV-0025'],
  },
  rationale:
    'SELinux labels confine a container to its own files. A custom type (such as spc_t, "super privileged ' +
    'container") or a custom user or role escapes that confinement.',
  remediation:
    'Remove seLinuxOptions, or keep type to container_t (or container_init_t, container_kvm_t, ' +
    'container_engine_t) and leave user and role unset; record a justified "seLinuxOptions" exemption otherwise.',
  exampleFix: 'securityContext:\n  seLinuxOptions:\n    type: container_t',
  justifiedBy: ['seLinuxOptions'],
  check(pod, context) {
    const violations: Violation[] = [];
    const optionsViolation = (owner: string, options: unknown, path: string, container?: string) => {
      if (!isSet(options)) return;
      const found = problems(options, context.pssVersion);
      if (found.length === 0) return;
      // A forbidden type is the subject: only a record for that type (which needs approvedBy) justifies it.
      const type = asObject(options).type;
      const typeForbidden = found[0]?.startsWith('type ') === true;
      violations.push({
        message: `${owner} must not set forbidden securityContext.seLinuxOptions: ${found.join('; ')}`,
        path: `${path}.securityContext.seLinuxOptions`,
        ...(container !== undefined && { container }),
        ...(typeForbidden && { subject: typeof type === 'string' ? type : String(type) }),
      });
    };
    optionsViolation('pod', pod.securityContext.seLinuxOptions, pod.path);
    for (const c of pod.containers) {
      optionsViolation(containersPhrase([c.name]), c.securityContext.seLinuxOptions, c.path, c.name);
    }
    return violations;
  },
});
