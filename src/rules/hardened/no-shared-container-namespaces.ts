import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

const NAMESPACE_KEYS = ['network_mode', 'pid', 'ipc'] as const;

/**
 * Restricted Fields: services.*.network_mode, services.*.pid, services.*.ipc
 * Allowed Values: undefined, or anything but "container:..." and "service:..."
 */
export const noSharedContainerNamespaces = defineRule({
  id: 'no-shared-container-namespaces',
  title: "Services do not join another container's namespaces",
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: NAMESPACE_KEYS.map((key) => `services.*.${key}`),
  allowedValues: 'undefined, or a mode other than container:<name> and service:<name>',
  references: { cisDocker: ['5.9', '5.16'] },
  rationale:
    'network_mode, pid or ipc of "container:<name>" or "service:<name>" joins that container\'s namespace: ' +
    'the service sees its processes (and can ptrace them with the same uid), its loopback services or its ' +
    'shared memory. Whatever the other container was granted becomes reachable from this one.',
  remediation:
    'Remove the container:/service: mode; talk to the other service over a Compose network. For debugging, ' +
    'run a throw-away container with --pid=container:<name> instead of writing it into the file.',
  exampleFix: 'services:\n  api:\n    networks: [backend]',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose === undefined) return [];
    const violations: Violation[] = [];
    for (const key of NAMESPACE_KEYS) {
      const value = compose.service[key];
      if (typeof value !== 'string' || !/^(container|service):/.test(value)) continue;
      violations.push({
        message: `${servicePhrase(compose.name)} must not set ${key}: ${JSON.stringify(value)} (it shares that container's namespace)`,
        path: `${compose.path}.${key}`,
        container: compose.name,
        subject: value,
      });
    }
    return violations;
  },
});
