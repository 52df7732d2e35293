/**
 * The keys the Compose Specification allows (schema/compose-spec.json of compose-spec/compose-spec
 * at 170098ba, June 2026). Every one is known, so a valid file never gets a false "unknown key";
 * any `x-` key is an extension and always allowed.
 */

/** Top-level keys of a Compose file. */
export const COMPOSE_TOP_LEVEL_KEYS: readonly string[] = Object.freeze([
  'version',
  'name',
  'include',
  'services',
  'models',
  'networks',
  'volumes',
  'secrets',
  'configs',
]);

/** Keys of a service. */
export const COMPOSE_SERVICE_KEYS: readonly string[] = Object.freeze([
  'develop',
  'deploy',
  'annotations',
  'attach',
  'build',
  'blkio_config',
  'cap_add',
  'cap_drop',
  'cgroup',
  'cgroup_parent',
  'command',
  'configs',
  'container_name',
  'cpu_count',
  'cpu_percent',
  'cpu_shares',
  'cpu_quota',
  'cpu_period',
  'cpu_rt_period',
  'cpu_rt_runtime',
  'cpus',
  'cpuset',
  'credential_spec',
  'depends_on',
  'device_cgroup_rules',
  'devices',
  'dns',
  'dns_opt',
  'dns_search',
  'domainname',
  'entrypoint',
  'env_file',
  'label_file',
  'environment',
  'expose',
  'extends',
  'provider',
  'external_links',
  'extra_hosts',
  'gpus',
  'group_add',
  'healthcheck',
  'hostname',
  'image',
  'init',
  'ipc',
  'isolation',
  'labels',
  'links',
  'logging',
  'mac_address',
  'mem_limit',
  'mem_reservation',
  'mem_swappiness',
  'memswap_limit',
  'network_mode',
  'models',
  'networks',
  'oom_kill_disable',
  'oom_score_adj',
  'pid',
  'pids_limit',
  'platform',
  'ports',
  'post_start',
  'pre_stop',
  'privileged',
  'profiles',
  'pull_policy',
  'pull_refresh_after',
  'read_only',
  'restart',
  'runtime',
  'scale',
  'security_opt',
  'shm_size',
  'secrets',
  'sysctls',
  'stdin_open',
  'stop_grace_period',
  'stop_signal',
  'storage_opt',
  'tmpfs',
  'tty',
  'ulimits',
  'use_api_socket',
  'user',
  'uts',
  'userns_mode',
  'volumes',
  'volumes_from',
  'working_dir',
]);

/** Whether a key is an extension (`x-...`), which Compose ignores. */
export function isExtensionKey(key: string): boolean {
  return key.startsWith('x-');
}

/** The known key closest to a misspelt one, when it is close enough to be the likely intent. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the word, at least 2 edits: "cap_drops" -> "cap_drop", not "foo" -> "pid".
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
