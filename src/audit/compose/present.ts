import { JUSTIFICATIONS_ANNOTATION } from '../../posture';
import type { JsonObject } from '../../rules/pod-view';
import { asArray } from '../../rules/pod-view';
import { servicePhrase } from '../../rules/hardened';
import type { Rule, Violation } from '../../rules/rule';
import type { SecurityOpt } from './security-opt';
import { parseSecurityOpt } from './security-opt';
import type { UnconfiningSeccompFile } from './seccomp-file';

/** What a presenter knows about the service behind a finding. */
export interface ComposeFindingContext {
  /** The service's name. */
  readonly name: string;
  /** The service's mapping, as parsed. */
  readonly service: JsonObject;
  /** e.g. `services.api` */
  readonly path: string;
  /** Compose origin of each pod volume, by index (see TranslatedService). */
  readonly volumeOrigins: readonly string[];
  /** The seccomp profile file that makes the service Unconfined in effect. @default - none */
  readonly unconfiningSeccompFile?: UnconfiningSeccompFile;
}

/** A Compose phrasing of a finding: the message and the Compose path. */
export type ComposePresenter = (violation: Violation, context: ComposeFindingContext) => PresentedFinding;

/** A rule's violation reworded for a Compose file. */
export interface PresentedFinding {
  /** The message in Compose terms, e.g. `service "api" must set cap_drop: [ALL]`. */
  readonly message: string;
  /** The Compose key at fault, e.g. `services.api.cap_drop`. */
  readonly path: string;
}

/** Rules that already speak Compose (the Compose-only rules) need no rewriting. */
export const NATIVE = 'native';

const svc = (c: ComposeFindingContext) => servicePhrase(c.name);
const at = (c: ComposeFindingContext, key: string) => `${c.path}.${key}`;

function securityOpts(c: ComposeFindingContext, key: string): SecurityOpt[] {
  return asArray(c.service.security_opt)
    .map((raw, index) => parseSecurityOpt(String(raw), index))
    .filter((opt) => opt.key === key);
}

/** `must not set security_opt "x"`, naming the options of one kind that caused the finding. */
function forbiddenOpt(key: string, suffix = ''): ComposePresenter {
  return (v, c) => {
    const opts = securityOpts(c, key);
    const first = opts[0];
    if (first === undefined) return { message: `${svc(c)}: ${v.message}`, path: at(c, 'security_opt') };
    const listed = opts.map((o) => JSON.stringify(o.text)).join(', ');
    return {
      message: `${svc(c)} must not set security_opt ${listed}${suffix}`,
      path: at(c, `security_opt[${first.index}]`),
    };
  };
}

/** The Compose declaration behind a pod volume or volumeMount named in a violation path. */
function volumeOrigin(v: Violation, c: ComposeFindingContext): string {
  const match = /\.(?:volumes|volumeMounts)\[(\d+)\]/.exec(v.path);
  return (match && c.volumeOrigins[Number(match[1])]) ?? at(c, 'volumes');
}

function describeMount(v: Violation, c: ComposeFindingContext): string {
  const origin = volumeOrigin(v, c);
  return origin.endsWith('.use_api_socket') ? 'use_api_socket: true' : origin.slice(c.path.length + 1);
}

/** The short-syntax text of the mount (`"./data:/data:rshared"`), or its origin for long syntax. */
function mountText(v: Violation, c: ComposeFindingContext): string {
  const index = /\.volumes\[(\d+)\]$/.exec(volumeOrigin(v, c))?.[1];
  const raw = index === undefined ? undefined : asArray(c.service.volumes)[Number(index)];
  return typeof raw === 'string' ? JSON.stringify(raw) : `the ${describeMount(v, c)} mount`;
}

/** `seccomp=unconfined`, or a profile file that amounts to it: the file, why, and the fix. */
const unconfinedSeccomp: ComposePresenter = (v, c) => {
  const file = c.unconfiningSeccompFile;
  if (file === undefined) return forbiddenOpt('seccomp')(v, c);
  return {
    message:
      `${svc(c)} must not set security_opt ${JSON.stringify(file.opt.text)}: the profile ${JSON.stringify(file.path)}: ` +
      `${file.reason} (seccomp Unconfined in effect); make it deny by default ("defaultAction": "SCMP_ACT_ERRNO"), ` +
      "or drop the option for Docker's default profile",
    path: at(c, `security_opt[${file.opt.index}]`),
  };
};

const hostMount: ComposePresenter = (v, c) => ({
  // `hostPath volume "volumes[0]" must not mount X` -> `service "api" must not mount X (volumes[0])`.
  message: `${v.message.replace(/^hostPath volume "[^"]*"/, svc(c))} (${describeMount(v, c)})`,
  path: volumeOrigin(v, c),
});

const bindMount: ComposePresenter = (v, c) => {
  const type = /\.volumes\[\d+\]\.([A-Za-z]+)$/.exec(v.path)?.[1];
  return {
    message:
      type === undefined || type === 'hostPath'
        ? `${svc(c)} must not bind-mount host path ${JSON.stringify(v.subject ?? '')} (${describeMount(v, c)})`
        : `${svc(c)} must not mount a volume of type ${JSON.stringify(type)} (${describeMount(v, c)})`,
    path: volumeOrigin(v, c),
  };
};

const addedCapability: ComposePresenter = (v, c) => ({
  message: `${svc(c)} must not set cap_add ${JSON.stringify(v.subject ?? '')}`,
  path: at(c, 'cap_add'),
});

const userText = (c: ComposeFindingContext) =>
  c.service.user === undefined || c.service.user === null
    ? 'no user'
    : `user ${JSON.stringify(c.service.user)}`;

const HOST_NAMESPACE_KEYS: Readonly<Record<string, string>> = {
  hostNetwork: 'network_mode',
  hostPID: 'pid',
  hostIPC: 'ipc',
};

const LIMIT_KEYS: Readonly<Record<string, string>> = { cpu: 'cpus', memory: 'mem_limit' };

/**
 * How each rule's finding reads for a Compose service, by rule id. A rule missing here falls back
 * to its Kubernetes message, prefixed with the service, at the service's path.
 */
export const COMPOSE_PRESENTERS: Readonly<Record<string, ComposePresenter | typeof NATIVE>> = Object.freeze({
  'host-namespaces': (v, c) => {
    const field = Object.keys(HOST_NAMESPACE_KEYS).find((k) => v.path.endsWith(`.${k}`)) ?? 'hostNetwork';
    const key = HOST_NAMESPACE_KEYS[field] ?? 'network_mode';
    return { message: `${svc(c)} must not set ${key}: host`, path: at(c, key) };
  },
  privileged: (_, c) => ({ message: `${svc(c)} must not set privileged: true`, path: at(c, 'privileged') }),
  'capabilities-baseline': addedCapability,
  'host-path-volumes': bindMount,
  'apparmor-profile': forbiddenOpt('apparmor'),
  'selinux-options': forbiddenOpt('label'),
  'proc-mount': forbiddenOpt('systempaths'),
  'seccomp-profile-baseline': unconfinedSeccomp,
  sysctls: (v, c) => ({
    message: `${svc(c)} must not set ${v.message.replace(/^pod must not set forbidden /, '')} in sysctls`,
    path: at(c, 'sysctls'),
  }),
  'justification-valid': (v, c) => ({
    message: `${svc(c)}: ${v.message}`,
    path: `${c.path}.labels["${JUSTIFICATIONS_ANNOTATION}"]`,
  }),
  'allow-privilege-escalation': (_, c) => ({
    message: `${svc(c)} must set security_opt "no-new-privileges:true"`,
    path: at(c, 'security_opt'),
  }),
  'capabilities-restricted': (v, c) =>
    v.path.endsWith('.drop')
      ? { message: `${svc(c)} must set cap_drop: [ALL]`, path: at(c, 'cap_drop') }
      : addedCapability(v, c),
  'restricted-volumes': bindMount,
  'run-as-non-root': (_, c) => {
    const name = typeof c.service.user === 'string' ? c.service.user.split(':')[0] : undefined;
    const reason =
      name !== undefined && name !== '' && !/^\d+$/.test(name)
        ? `: the name ${JSON.stringify(name)} cannot be verified as non-root`
        : ` (${userText(c)})`;
    return {
      message: `${svc(c)} must set user to a numeric non-zero uid, e.g. "10001:10001"${reason}`,
      path: at(c, 'user'),
    };
  },
  'run-as-user': (_, c) => ({
    message: `${svc(c)} must not run as uid 0 (${userText(c)})`,
    path: at(c, 'user'),
  }),
  'seccomp-profile-restricted': unconfinedSeccomp,
  'proc-mount-restricted': forbiddenOpt('systempaths'),
  'read-only-root-filesystem': (_, c) => ({
    message: `${svc(c)} must set read_only: true`,
    path: at(c, 'read_only'),
  }),
  'explicit-non-root-ids': (_, c) => ({
    message: `${svc(c)} must set user to non-zero numeric ids "uid:gid", e.g. "10001:10001" (${userText(c)})`,
    path: at(c, 'user'),
  }),
  'no-container-runtime-socket': hostMount,
  'no-sensitive-host-paths': hostMount,
  'no-shared-mount-propagation': (v, c) => ({
    message: `${svc(c)} must not mount ${mountText(v, c)} with shared propagation (${describeMount(v, c)})`,
    path: volumeOrigin(v, c),
  }),
  'capabilities-justified': (v, c) => ({
    message: `${svc(c)} must not set cap_add ${JSON.stringify(v.subject ?? '')} without a justification`,
    path: at(c, 'cap_add'),
  }),
  'capability-add-back-ineffective': (v, c) => ({
    message: v.message.replace(/^container "[^"]*"/, svc(c)).replace(' adds capability ', ' adds cap_add '),
    path: at(c, 'cap_add'),
  }),
  'seccomp-localhost-justified': forbiddenOpt('seccomp', ' without a justification'),
  'seccomp-profile-generated': (v, c) => {
    // The last seccomp option is the one Docker applies.
    const applied = securityOpts(c, 'seccomp').at(-1);
    if (applied === undefined) return { message: `${svc(c)}: ${v.message}`, path: at(c, 'security_opt') };
    return {
      message: v.message
        .replace(/^container "[^"]*"/, svc(c))
        .replace(JSON.stringify(applied.value), JSON.stringify(applied.text)),
      path: at(c, `security_opt[${applied.index}]`),
    };
  },
  'custom-mac-profile-justified': (v, c) =>
    forbiddenOpt(v.exemption === 'seLinuxOptions' ? 'label' : 'apparmor', ' without a justification')(v, c),
  'resource-limits': (v, c) => {
    const missing = Object.keys(LIMIT_KEYS).filter((k) => v.message.includes(`resources.limits.${k}`));
    const keys = missing.map((k) => LIMIT_KEYS[k] ?? k);
    return {
      message: `${svc(c)} must set ${keys.join(' and ')} (or deploy.resources.limits)`,
      path: at(c, keys[0] ?? 'mem_limit'),
    };
  },
  'image-tag-pinned': (v, c) => ({
    message: v.message.replace(/^container "[^"]*"/, svc(c)),
    path: at(c, 'image'),
  }),
  'no-root-group': (v, c) =>
    v.path.startsWith(`${c.path}.group_add`)
      ? { message: v.message, path: v.path }
      : { message: `${svc(c)} must not add the root group (group_add)`, path: at(c, 'group_add') },
  'no-host-user-namespace': NATIVE,
  'no-host-uts-namespace': NATIVE,
  'published-ports-bound': NATIVE,
  'no-host-devices': NATIVE,
  'pids-limit': NATIVE,
  'compose-variables-set': NATIVE,
  'no-shared-container-namespaces': NATIVE,
  'no-volumes-from': NATIVE,
  'no-host-cgroup-namespace': NATIVE,
  'tmpfs-no-exec': NATIVE,
  'project-file-binds': NATIVE,
});

/** The `present` function of a Compose workload: findings in Compose's own vocabulary. */
export function composePresenter(
  context: ComposeFindingContext,
): (violation: Violation, rule: Rule) => Violation {
  return (violation, rule) => {
    const presenter = COMPOSE_PRESENTERS[rule.id];
    if (presenter === NATIVE) return violation;
    const presented =
      presenter === undefined
        ? { message: `${svc(context)}: ${violation.message}`, path: context.path }
        : presenter(violation, context);
    return { ...violation, ...presented };
  };
}
