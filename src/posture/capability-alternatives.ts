/** How a fix is worded: Kubernetes fields or Compose/Docker keys. */
export type FixVocabulary = 'kubernetes' | 'compose';

/**
 * What a non-root process does instead of a capability that cannot take effect for it: the reason
 * people add the capability, and the setting that meets it with none. Used in findings, the
 * checklist and the docs.
 */
export function capabilityAlternative(capability: string, vocabulary: FixVocabulary): string {
  const k8s = vocabulary === 'kubernetes';
  switch (capability) {
    case 'NET_BIND_SERVICE':
      return k8s
        ? 'to bind a port below 1024, set the safe sysctl net.ipv4.ip_unprivileged_port_start to that port in ' +
            'spec.securityContext.sysctls (the option unprivilegedPortStart: 80 of the Hardened* workloads), or listen ' +
            'on a port of 1024 or more behind the Service (port: 80, targetPort: 8080)'
        : 'to bind a port below 1024, set sysctls: {net.ipv4.ip_unprivileged_port_start: 80} (the option ' +
            'unprivilegedPortStart of HardenedContainer), or listen on a port of 1024 or more and publish it ' +
            '(ports: "127.0.0.1:80:8080")';
    case 'CHOWN':
    case 'FOWNER':
    case 'FSETID':
      return k8s
        ? 'to own the files it writes, let fsGroup make its volumes group-owned and group-writable, and build the ' +
            'image with the files owned by runAsUser/runAsGroup (COPY --chown)'
        : 'to own the files it writes, write to tmpfs mounts (mode 1777 unless set) or volumes owned by its user, ' +
            'and build the image with the files owned by that user (COPY --chown)';
    case 'SETUID':
    case 'SETGID':
      return k8s
        ? 'instead of switching user at start (gosu, su-exec, a master process that drops to a worker user), run as ' +
            'the target user directly: runAsUser and runAsGroup'
        : 'instead of switching user at start (gosu, su-exec, a master process that drops to a worker user), run as ' +
            'the target user directly: user: "uid:gid"';
    case 'DAC_OVERRIDE':
    case 'DAC_READ_SEARCH':
      return k8s
        ? 'to read or write files it does not own, write only to declared writable paths (emptyDir volumes made ' +
            'group-writable by fsGroup) and make the image files readable by runAsGroup'
        : 'to read or write files it does not own, write only to declared writable paths (tmpfs or volumes owned by ' +
            'its user) and make the image files readable by its group (user: "uid:gid")';
    case 'KILL':
      return 'processes of the same user signal each other without CAP_KILL: drop the add-back';
    default:
      return k8s
        ? 'a capability a non-root process must really use needs a root container (a "runAsRoot" exemption whose ' +
            'justification states that the capability must be effective)'
        : 'a capability a non-root process must really use needs a root container (user: "0:0" under a "runAsRoot" ' +
            'exemption whose justification states that the capability must be effective)';
  }
}
