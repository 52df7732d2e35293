import type { Rule } from '../rule';
import { allowPrivilegeEscalation } from './allow-privilege-escalation';
import { apparmorProfile } from './apparmor-profile';
import { capabilitiesBaseline } from './capabilities-baseline';
import { capabilitiesRestricted } from './capabilities-restricted';
import { hostNamespaces } from './host-namespaces';
import { hostPathVolumes } from './host-path-volumes';
import { hostPorts } from './host-ports';
import { hostProbesAndLifecycle } from './host-probes-and-lifecycle';
import { privileged } from './privileged';
import { procMount } from './proc-mount';
import { procMountRestricted } from './proc-mount-restricted';
import { restrictedVolumes } from './restricted-volumes';
import { runAsNonRoot } from './run-as-non-root';
import { runAsUser } from './run-as-user';
import { seccompProfileBaseline } from './seccomp-profile-baseline';
import { seccompProfileRestricted } from './seccomp-profile-restricted';
import { selinuxOptions } from './selinux-options';
import { sysctls } from './sysctls';
import { windowsHostProcess } from './windows-host-process';

export { APPARMOR_ANNOTATION_PREFIX } from './apparmor-profile';
export { safeSysctls } from './safe-sysctls';
export {
  allowPrivilegeEscalation,
  apparmorProfile,
  capabilitiesBaseline,
  capabilitiesRestricted,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndLifecycle,
  privileged,
  procMount,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileBaseline,
  seccompProfileRestricted,
  selinuxOptions,
  sysctls,
  windowsHostProcess,
};

/** The Pod Security Standards checks (baseline, then restricted), in upstream order. */
export const PSS_RULES: readonly Rule[] = Object.freeze([
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  apparmorProfile,
  selinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  hostProbesAndLifecycle,
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  procMountRestricted,
]);
