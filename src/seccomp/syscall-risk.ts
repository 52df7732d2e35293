import type { Capability } from '../posture/capabilities';

/**
 * System calls whose kernel implementation itself requires a capability that the hardened posture
 * drops. Allowing one in a profile changes nothing for a drop-ALL container (the kernel still
 * answers EPERM), so the generator refuses it rather than let a reviewer believe it does something.
 * Docker's default profile gates each of these on the same capability.
 */
export const CAPABILITY_GATED_SYSCALLS: Readonly<Record<string, Capability>> = Object.freeze({
  mount: 'SYS_ADMIN',
  umount: 'SYS_ADMIN',
  umount2: 'SYS_ADMIN',
  fsconfig: 'SYS_ADMIN',
  fsmount: 'SYS_ADMIN',
  fsopen: 'SYS_ADMIN',
  fspick: 'SYS_ADMIN',
  move_mount: 'SYS_ADMIN',
  mount_setattr: 'SYS_ADMIN',
  pivot_root: 'SYS_ADMIN',
  quotactl: 'SYS_ADMIN',
  quotactl_fd: 'SYS_ADMIN',
  sethostname: 'SYS_ADMIN',
  setdomainname: 'SYS_ADMIN',
  lookup_dcookie: 'SYS_ADMIN',
  fanotify_init: 'SYS_ADMIN',
  swapon: 'SYS_ADMIN',
  swapoff: 'SYS_ADMIN',
  reboot: 'SYS_BOOT',
  kexec_load: 'SYS_BOOT',
  kexec_file_load: 'SYS_BOOT',
  chroot: 'SYS_CHROOT',
  init_module: 'SYS_MODULE',
  finit_module: 'SYS_MODULE',
  delete_module: 'SYS_MODULE',
  acct: 'SYS_PACCT',
  iopl: 'SYS_RAWIO',
  ioperm: 'SYS_RAWIO',
  settimeofday: 'SYS_TIME',
  stime: 'SYS_TIME',
  clock_settime: 'SYS_TIME',
  clock_settime64: 'SYS_TIME',
  clock_adjtime: 'SYS_TIME',
  clock_adjtime64: 'SYS_TIME',
  vhangup: 'SYS_TTY_CONFIG',
  open_by_handle_at: 'DAC_READ_SEARCH',
});

/**
 * System calls that work without any capability but open a well-known escape or exploitation path
 * (new namespaces, kernel programs, other processes' memory, kernel logs, page-fault handling).
 * Adding one is a design review: the justification needs `approvedBy`.
 */
export const HIGH_RISK_SYSCALLS: Readonly<Record<string, string>> = Object.freeze({
  unshare: 'creates namespaces (an unprivileged user namespace reopens most kernel attack surface)',
  clone: 'with namespace flags, creates namespaces like unshare',
  clone3: 'creates namespaces like unshare, with flags seccomp cannot inspect',
  setns: 'joins other namespaces',
  bpf: 'loads programs into the kernel',
  perf_event_open: 'reads kernel and hardware performance data, a frequent exploit primitive',
  userfaultfd: 'stalls kernel page faults, a frequent exploit primitive',
  ptrace: "reads and writes other processes' memory and registers",
  process_vm_readv: "reads other processes' memory",
  process_vm_writev: "writes other processes' memory",
  kcmp: 'compares kernel objects of other processes (kernel address leaks)',
  pidfd_getfd: 'takes file descriptors from other processes',
  process_madvise: "changes other processes' memory management",
  syslog: 'reads kernel logs (kernel address leaks)',
  open_tree: 'clones mount trees',
  personality: 'changes the execution domain (disables address-space randomisation with some flags)',
  vm86: 'enters virtual 8086 mode',
  vm86old: 'enters virtual 8086 mode',
  uselib: 'loads a shared library the legacy way',
  modify_ldt: 'changes the local descriptor table',
  nfsservctl: 'controls the kernel NFS daemon',
});

/**
 * System calls Docker's default profile blocks, beyond the ones its rules name (from Docker's
 * "significant syscalls blocked by the default profile" list). With the rules' own names they are
 * the syscalls the generator knows; an unknown name is refused, since runtimes skip a name they do
 * not know and a typo would add nothing while the review says otherwise.
 */
export const OTHER_BLOCKED_SYSCALLS: readonly string[] = Object.freeze([
  'add_key',
  'create_module',
  'get_kernel_syms',
  'keyctl',
  'move_pages',
  'nfsservctl',
  'pivot_root',
  'query_module',
  'request_key',
  'swapoff',
  'swapon',
  'sysfs',
  '_sysctl',
  'uselib',
  'userfaultfd',
  'ustat',
  'vm86',
  'vm86old',
  'kexec_load',
  'kexec_file_load',
]);
