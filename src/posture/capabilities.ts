/**
 * Linux capabilities, in kernel bit order: the index of a name is its bit in
 * `/proc/<pid>/status` masks such as `CapEff` and `CapBnd`.
 */
export const LINUX_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
] as const;

/** A Linux capability name, without the `CAP_` prefix (the form Kubernetes and Docker use). */
export type Capability = (typeof LINUX_CAPABILITIES)[number];

/**
 * Capabilities a container runtime grants by default, which Pod Security "baseline" lets a
 * container add back (policy/check_capabilities_baseline.go).
 */
export const PSS_BASELINE_CAPABILITIES = Object.freeze([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
] as const satisfies readonly Capability[]);

/** A capability Pod Security baseline lets a container add back (one of {@link PSS_BASELINE_CAPABILITIES}). */
export type BaselineCapability = (typeof PSS_BASELINE_CAPABILITIES)[number];

/** The only capability Pod Security "restricted" lets a container add after dropping ALL. */
export const PSS_RESTRICTED_ADDABLE_CAPABILITIES: readonly Capability[] = Object.freeze(['NET_BIND_SERVICE']);

const KNOWN = new Set<string>(LINUX_CAPABILITIES);

/** Whether `name` is a Linux capability name (without the `CAP_` prefix, upper case). */
export function isCapability(name: string): name is Capability {
  return KNOWN.has(name);
}

/**
 * Normalises a capability as users write it (`net_bind_service`, `CAP_NET_BIND_SERVICE`) to
 * the Kubernetes form (`NET_BIND_SERVICE`). `ALL` is kept as is. Unknown names are returned
 * upper-cased so that a rule can still name them.
 */
export function normaliseCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/** Decodes a hexadecimal capability mask (as in `/proc/self/status`) into capability names. */
export function capabilitiesInMask(hexMask: string): Capability[] {
  let mask = BigInt(`0x${hexMask.trim() || '0'}`);
  const found: Capability[] = [];
  for (let bit = 0; mask > 0n; bit++, mask >>= 1n) {
    const name = LINUX_CAPABILITIES[bit];
    if ((mask & 1n) === 1n && name !== undefined) found.push(name);
  }
  return found;
}

/**
 * The capabilities Docker and containerd grant a container unless it drops them (Moby's
 * `oci/caps/defaults.go`, containerd's default spec; CIS Docker 5.4 lists the same set). CRI-O's
 * default set is smaller; this is the larger, common case.
 */
export const RUNTIME_DEFAULT_CAPABILITIES: readonly Capability[] = Object.freeze([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
