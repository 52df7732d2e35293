/**
 * What a container's process can actually use, as opposed to what its configuration lists.
 *
 * A capability added back after `drop: [ALL]` lands in the container's bounding set; whether the
 * process can use it depends on who it runs as, on no-new-privileges and on the runtime. The rules
 * below come from the runtimes' own sources and the kernel's execve rules (capabilities(7)):
 *
 * - **Root** (uid 0): every runtime sets effective = permitted = bounding, so an add-back works.
 * - **Docker** (Moby), non-root: only the bounding set is filled (`oci.SetCapabilities`: "Do not set
 *   Effective and Permitted capabilities for non-root users, to match what execve does"; Docker
 *   20.10.14 and later, the CVE-2022-24769 fix, which also emptied the inheritable set; before it
 *   the sets were filled but execve of a binary without file capabilities cleared them for a
 *   non-root user anyway). No ambient set, ever. Measured in `test/runtime` (Docker 20.10, Debian 12):
 *   uid 10001 with `--cap-add NET_BIND_SERVICE` has CapEff 0.
 * - **containerd and CRI-O** (Kubernetes): the CRI has no ambient field (KEP-2763, ambient
 *   capabilities, is provisional and unimplemented), so a non-root container process starts with an
 *   empty permitted set (containerd 1.6.2+/1.5.11+ and CRI-O 1.24+ also leave the inheritable set
 *   empty, the CVE-2022-24769 / CVE-2022-27652 fixes).
 * - **Podman**, non-root: the added capabilities (only those, not the defaults) go into the effective,
 *   permitted, inheritable and ambient sets (`pkg/specgen/generate/security_linux.go`, since Podman
 *   1.x; measured with Podman 4.3 in `test/runtime`: CapEff 0x400). Ambient capabilities survive
 *   execve under no-new-privileges, so there an add-back does take effect.
 * - **File capabilities** (`setcap cap_net_bind_service+ep` on the executable) can raise a
 *   non-root process to a capability of its bounding set at execve, but not under no-new-privileges
 *   (`allowPrivilegeEscalation: false`, `no-new-privileges:true`): the kernel then caps the new
 *   permitted set at the old one (security/commoncap.c, `cap_bprm_creds_from_file`).
 */

import type { Capability } from './capabilities';
import {
  LINUX_CAPABILITIES,
  RUNTIME_DEFAULT_CAPABILITIES,
  isCapability,
  normaliseCapability,
} from './capabilities';

/** The container runtimes whose capability handling differs. */
export type ContainerRuntime = 'docker' | 'containerd' | 'cri-o' | 'podman';

/** Every {@link ContainerRuntime}, in a stable order. */
export const CONTAINER_RUNTIMES: readonly ContainerRuntime[] = Object.freeze([
  'docker',
  'containerd',
  'cri-o',
  'podman',
]);

/**
 * The capabilities each runtime grants a container that drops nothing. Docker and containerd:
 * Moby's `oci/caps/defaults.go`, containerd's `oci/spec.go`. CRI-O 1.18+: `default_capabilities` in
 * crio.conf (AUDIT_WRITE, MKNOD, NET_RAW, SETFCAP and SYS_CHROOT left out). Podman:
 * `default_capabilities` in containers.conf, which distributions set; Debian 12's Podman 4.3.1 grants
 * the same 14 as Docker (measured in test/runtime, case 7c's negative control).
 */
export const RUNTIME_DEFAULT_CAPABILITY_SETS: Readonly<Record<ContainerRuntime, readonly Capability[]>> =
  Object.freeze({
    docker: RUNTIME_DEFAULT_CAPABILITIES,
    containerd: RUNTIME_DEFAULT_CAPABILITIES,
    'cri-o': Object.freeze<Capability[]>([
      'CHOWN',
      'DAC_OVERRIDE',
      'FOWNER',
      'FSETID',
      'KILL',
      'NET_BIND_SERVICE',
      'SETGID',
      'SETPCAP',
      'SETUID',
    ]),
    podman: RUNTIME_DEFAULT_CAPABILITIES,
  });

/** Who the container's process runs as, as far as the configuration says. */
export type ProcessUser = 'root' | 'non-root' | 'unknown';

/** What decides a container's capability sets. */
export interface CapabilityInputs {
  /** Root (uid 0), non-root (a non-zero uid, or runAsNonRoot), or unknown (the image decides). */
  readonly user: ProcessUser;
  /** Privileged mode: every capability in the bounding set. */
  readonly privileged: boolean;
  /** `capabilities.add` / `cap_add`, as written (any spelling). */
  readonly added: readonly string[];
  /** `capabilities.drop` / `cap_drop`, as written (any spelling; `ALL` drops everything). */
  readonly dropped: readonly string[];
  /** no-new-privileges (`allowPrivilegeEscalation: false`, `security_opt: no-new-privileges:true`). */
  readonly noNewPrivileges: boolean;
  /** The runtime that starts the container. */
  readonly runtime: ContainerRuntime;
}

/** A container's capability sets at the start of its process, and what they mean for add-backs. */
export interface EffectiveCapabilities {
  /** The bounding set: the most the process, or anything it runs, could ever hold. */
  readonly bounding: readonly Capability[];
  /** The permitted set when the process starts (also its effective set: runtimes set both alike). */
  readonly permitted: readonly Capability[];
  /** The effective set: what the kernel checks when the process acts. */
  readonly effective: readonly Capability[];
  /** The ambient set: what survives execve of an ordinary (non-setuid, no file capability) binary. */
  readonly ambient: readonly Capability[];
  /** Whether the user is known; with an unknown user (the image decides) the sets assume non-root. */
  readonly userKnown: boolean;
  /**
   * Whether an executable with file capabilities could still raise the process to capabilities of its
   * bounding set (non-root without no-new-privileges).
   */
  readonly fileCapabilitiesCanRaise: boolean;
  /**
   * Added capabilities the process cannot use, by any route: in the bounding set only, with
   * no-new-privileges closing the file-capability route. Empty for root or an unknown user.
   */
  readonly ineffectiveAdds: readonly Capability[];
}

/** A sorted copy without duplicates, in kernel bit order. */
function ordered(capabilities: Iterable<Capability>): Capability[] {
  const set = new Set(capabilities);
  return LINUX_CAPABILITIES.filter((c) => set.has(c));
}

function known(names: readonly string[]): Capability[] {
  const found: Capability[] = [];
  for (const name of names) {
    const normal = normaliseCapability(name);
    if (isCapability(normal)) found.push(normal);
  }
  return found;
}

/** Computes a container's bounding, permitted, effective and ambient sets (see the module comment). */
export function effectiveCapabilities(inputs: CapabilityInputs): EffectiveCapabilities {
  const dropped = inputs.dropped.map(normaliseCapability);
  const addedNames = inputs.added.map(normaliseCapability);
  const added = known(addedNames);
  let bounding: Capability[];
  if (inputs.privileged || addedNames.includes('ALL')) bounding = [...LINUX_CAPABILITIES];
  else if (dropped.includes('ALL')) bounding = ordered(added);
  else {
    const kept = RUNTIME_DEFAULT_CAPABILITY_SETS[inputs.runtime].filter((c) => !dropped.includes(c));
    bounding = ordered([...kept, ...added]);
  }
  const root = inputs.user === 'root';
  let ambient: Capability[] = [];
  let permitted: Capability[];
  if (root) permitted = bounding;
  else if (inputs.runtime === 'podman') {
    // Podman gives a non-root user its cap-add list (not the defaults), ambient included.
    ambient = ordered(added.filter((c) => bounding.includes(c)));
    permitted = ambient;
  } else permitted = [];
  const fileCapabilitiesCanRaise = !root && !inputs.noNewPrivileges;
  const ineffectiveAdds =
    inputs.user === 'non-root' && !fileCapabilitiesCanRaise
      ? ordered(added.filter((c) => !permitted.includes(c)))
      : [];
  return {
    bounding,
    permitted,
    effective: permitted,
    ambient,
    userKnown: inputs.user !== 'unknown',
    fileCapabilitiesCanRaise,
    ineffectiveAdds,
  };
}
