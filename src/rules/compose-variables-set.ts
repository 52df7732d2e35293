import { JUSTIFICATIONS_ANNOTATION } from '../posture';
import { composeService, servicePhrase } from './hardened/compose-service';
import type { Violation } from './rule';
import { defineRule } from './rule';

/**
 * The service keys whose value some rule judges (or that decide what another file or mount is).
 * A value of one of these that depends on an unset variable is not known, so it is not admitted.
 */
export const SECURITY_RELEVANT_COMPOSE_KEYS: readonly string[] = Object.freeze([
  'privileged',
  'user',
  'volumes',
  'tmpfs',
  'volumes_from',
  'network_mode',
  'pid',
  'ipc',
  'uts',
  'userns_mode',
  'cgroup',
  'security_opt',
  'cap_add',
  'cap_drop',
  'devices',
  'device_cgroup_rules',
  'read_only',
  'group_add',
  'sysctls',
  'use_api_socket',
  'configs',
  'secrets',
  'container_name',
]);

/**
 * Restricted Fields: every service key a rule reads (privileged, user, volumes, network_mode, pid,
 * ipc, security_opt, cap_add, devices, ...), and the justification label
 * Allowed Values: a value that does not depend on a variable unset where the audit ran
 */
export const composeVariablesSet = defineRule({
  id: 'compose-variables-set',
  title: 'Compose security settings do not depend on unset variables',
  severity: 'error',
  level: 'baseline',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: SECURITY_RELEVANT_COMPOSE_KEYS.map((key) => `services.*.${key}`),
  allowedValues:
    'values that use no variable, or only variables set in .env, --env-file or (with --process-env) the environment',
  references: { cisDocker: ['5.4'] },
  rationale:
    'Compose substitutes ${VAR} from the shell that runs it, then the .env file. A security setting that ' +
    'depends on a variable the audit could not read (privileged: ${PRIV:-false}, a volume of ${DATA_DIR}) ' +
    'is decided by whoever deploys, not by the reviewed file: the audit cannot admit what it cannot see.',
  remediation:
    'Write the value in the Compose file, or set the variable in the .env file next to it (or pass ' +
    "--env-file with the deployment's values) so the audit judges what Compose will run.",
  exampleFix: 'services:\n  api:\n    privileged: false\n    user: "10001:10001"',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose === undefined) return [];
    const violations: Violation[] = [];
    for (const use of compose.unsetVariables) {
      const [key, index] = use.keys;
      if (typeof key !== 'string' || !isSecurityRelevant(compose.service, key, index)) continue;
      const field = [key, ...(typeof index === 'number' ? [index] : [])]
        .map((k) => (typeof k === 'number' ? `[${k}]` : k))
        .join('');
      const names = use.variables.join(', ');
      violations.push({
        message:
          `${servicePhrase(compose.name)}: ${field} depends on ${use.variables.length === 1 ? 'variable' : 'variables'} ` +
          `${names}, unset where the audit ran; set ${use.variables.length === 1 ? 'it' : 'them'} in .env or --env-file, or write the value`,
        path: `${compose.path}.${field}`,
        container: compose.name,
        subject: names,
      });
    }
    return violations;
  },
});

function isSecurityRelevant(
  service: Readonly<Record<string, unknown>>,
  key: string,
  index: unknown,
): boolean {
  if (SECURITY_RELEVANT_COMPOSE_KEYS.includes(key)) return true;
  if (key !== 'labels') return false;
  // Only the justification label decides anything: it turns findings into justified ones.
  if (index === JUSTIFICATIONS_ANNOTATION) return true;
  const labels = service.labels;
  return (
    typeof index === 'number' &&
    Array.isArray(labels) &&
    String(labels[index]).startsWith(`${JUSTIFICATIONS_ANNOTATION}=`)
  );
}
