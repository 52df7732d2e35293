import { at } from '../pod-view';
import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

/**
 * Restricted Fields: services.*.pids_limit, services.*.deploy.resources.limits.pids
 * Allowed Values: a positive number
 */
export const pidsLimit = defineRule({
  id: 'pids-limit',
  title: 'Services have a process limit',
  severity: 'warning',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.pids_limit', 'services.*.deploy.resources.limits.pids'],
  allowedValues: 'a positive number',
  references: { cisDocker: ['5.29'] },
  rationale:
    'Without a PIDs cgroup limit, a fork bomb in one container exhausts the process table of the whole host. ' +
    'Kubernetes sets this per node (kubelet podPidsLimit), which is why no pod field carries it; Docker ' +
    'needs it per container.',
  remediation: 'Set pids_limit (or deploy.resources.limits.pids), e.g. 256.',
  exampleFix: 'services:\n  api:\n    pids_limit: 256',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose === undefined) return [];
    const values = [compose.service.pids_limit, at(compose.service, 'deploy', 'resources', 'limits', 'pids')];
    if (values.some((value) => Number(value) > 0)) return [];
    return [
      {
        message: `${servicePhrase(compose.name)} must set pids_limit to a positive number`,
        path: `${compose.path}.pids_limit`,
        container: compose.name,
      },
    ];
  },
});
