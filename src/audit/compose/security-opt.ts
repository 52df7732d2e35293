/**
 * Docker's `--security-opt` values as Compose writes them, in both the `key=value` and the older
 * `key:value` form (`no-new-privileges:true`, `seccomp=unconfined`, `label:type:svirt_t`).
 */

/** One parsed security option, with where it sits in the list. */
export interface SecurityOpt {
  /** The option's name, e.g. `seccomp`; checked against {@link SECURITY_OPT_KEYS}. */
  readonly key: string;
  /** The value; `true` for a bare flag such as `no-new-privileges`. */
  readonly value: string;
  /** The option as written, for messages. */
  readonly text: string;
  /** Its position in the service's `security_opt` list, for locating its line. */
  readonly index: number;
}

/** The options Docker knows; anything else is a typo that would silently weaken the posture. */
export const SECURITY_OPT_KEYS: readonly string[] = Object.freeze([
  'no-new-privileges',
  'seccomp',
  'apparmor',
  'label',
  'systempaths',
  'credentialspec',
  'mask',
  'unmask',
]);

/** Splits `key=value` / `key:value` at whichever separator comes first. */
export function parseSecurityOpt(text: string, index: number): SecurityOpt {
  const trimmed = text.trim();
  const cut = trimmed.search(/[=:]/);
  if (cut < 0) return { key: trimmed, value: 'true', text, index };
  return { key: trimmed.slice(0, cut), value: trimmed.slice(cut + 1), text, index };
}

/** Whether `no-new-privileges` is on: a bare flag or any true spelling. */
export function isNoNewPrivileges(opt: SecurityOpt): boolean {
  return opt.key === 'no-new-privileges' && /^(true|1|yes|on)?$/i.test(opt.value.trim());
}

/** A confinement (seccomp or AppArmor) switched off: `seccomp=unconfined`, `apparmor=unconfined`. */
export interface ComposeUnconfinedProfile {
  /** Pod terms for "no profile". */
  readonly type: 'Unconfined';
}

/** The runtime's default AppArmor profile named explicitly: `apparmor=docker-default`. */
export interface ComposeRuntimeDefaultProfile {
  /** Pod terms for the runtime's default profile. */
  readonly type: 'RuntimeDefault';
}

/** A custom profile: `seccomp=<file>` or `apparmor=<profile>`. */
export interface ComposeLocalhostProfile {
  /** Pod terms for a custom profile. */
  readonly type: 'Localhost';
  /** The seccomp profile file or the AppArmor profile name, as written. */
  readonly localhostProfile: string;
}

/** What the security options amount to, in pod terms. */
export interface SecurityOptSettings {
  /**
   * Whether `no-new-privileges` is on.
   * @remarks Docker's default is off, so setuid binaries can raise privileges unless the option is set.
   */
  readonly noNewPrivileges: boolean;
  /**
   * The seccomp profile the options select.
   * @default - absent: Docker's default profile
   */
  readonly seccomp?: ComposeUnconfinedProfile | ComposeLocalhostProfile;
  /**
   * The option that selects {@link seccomp} (the last seccomp option), for reading its file and
   * locating its line. @default - absent: Docker's default profile
   */
  readonly seccompOpt?: SecurityOpt;
  /**
   * The AppArmor profile the options select.
   * @default - absent: Docker's default profile (docker-default) where AppArmor is enabled
   */
  readonly appArmor?: ComposeUnconfinedProfile | ComposeRuntimeDefaultProfile | ComposeLocalhostProfile;
  /**
   * SELinux labels set with `label=key:value` (`label=disable` reads as type `spc_t`, unconfined).
   * @default - absent: the runtime's labels
   */
  readonly seLinuxOptions?: Readonly<Record<string, string>>;
  /**
   * Whether `systempaths=unconfined` or `unmask` exposes the masked /proc and /sys paths
   * (Kubernetes `procMount: Unmasked`).
   */
  readonly unmaskedProcPaths: boolean;
  /** Options Docker does not know: typos that would silently leave the posture weaker than intended. */
  readonly unknown: readonly SecurityOpt[];
}

// Docker's name for its default seccomp profile (moby's SeccompProfileDefault).
const SECCOMP_BUILTIN = 'builtin';

// Docker runs a container with SELinux labelling disabled as the unconfined spc_t type.
const SELINUX_DISABLED_TYPE = 'spc_t';

/** Interprets a parsed option list. The last of repeated options wins, as in Docker. */
export function securityOptSettings(opts: readonly SecurityOpt[]): SecurityOptSettings {
  let noNewPrivileges = false;
  let seccomp: SecurityOptSettings['seccomp'];
  let seccompOpt: SecurityOpt | undefined;
  let appArmor: SecurityOptSettings['appArmor'];
  const seLinux: Record<string, string> = {};
  let unmaskedProcPaths = false;
  const unknown: SecurityOpt[] = [];
  for (const opt of opts) {
    switch (opt.key) {
      case 'no-new-privileges':
        noNewPrivileges = isNoNewPrivileges(opt);
        break;
      case 'seccomp':
        // `builtin` names Docker's default profile: Compose sends it as is and the engine loads its own.
        seccompOpt = opt.value === SECCOMP_BUILTIN ? undefined : opt;
        seccomp =
          opt.value === SECCOMP_BUILTIN
            ? undefined
            : opt.value === 'unconfined'
              ? { type: 'Unconfined' }
              : { type: 'Localhost', localhostProfile: opt.value };
        break;
      case 'apparmor':
        appArmor =
          opt.value === 'unconfined'
            ? { type: 'Unconfined' }
            : opt.value === 'docker-default'
              ? { type: 'RuntimeDefault' }
              : { type: 'Localhost', localhostProfile: opt.value };
        break;
      case 'label': {
        if (opt.value === 'disable') seLinux.type = SELINUX_DISABLED_TYPE;
        else {
          const cut = opt.value.indexOf(':');
          // label=user:..., role:..., type:..., level:...; anything else (filetype, nested) is custom policy too.
          if (cut > 0) seLinux[opt.value.slice(0, cut)] = opt.value.slice(cut + 1);
          else seLinux[opt.value] = 'true';
        }
        break;
      }
      case 'systempaths':
        unmaskedProcPaths = opt.value === 'unconfined';
        break;
      case 'unmask':
        unmaskedProcPaths = unmaskedProcPaths || opt.value.trim() !== '';
        break;
      case 'credentialspec':
      case 'mask':
        break;
      default:
        unknown.push(opt);
    }
  }
  return {
    noNewPrivileges,
    ...(seccomp && { seccomp }),
    ...(seccompOpt && { seccompOpt }),
    ...(appArmor && { appArmor }),
    ...(Object.keys(seLinux).length > 0 && { seLinuxOptions: seLinux }),
    unmaskedProcPaths,
    unknown,
  };
}
