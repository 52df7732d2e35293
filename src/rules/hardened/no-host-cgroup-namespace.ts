import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

/**
 * Restricted Fields: services.*.cgroup
 * Allowed Values: undefined, "private"
 */
export const noHostCgroupNamespace = defineRule({
  id: 'no-host-cgroup-namespace',
  title: "Services do not share the host's cgroup namespace",
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.cgroup'],
  allowedValues: 'undefined, or private',
  references: { cisDocker: ['5.1'] },
  rationale:
    "cgroup: host runs the service in the host's cgroup namespace: it sees the host's whole cgroup tree " +
    '(every container and system service) and, with write access to cgroupfs, can escape through it ' +
    "(release_agent). Docker's default on cgroup v2 is a private namespace.",
  remediation: 'Remove cgroup: host (or set cgroup: private).',
  exampleFix: 'services:\n  api:\n    cgroup: private',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose?.service.cgroup !== 'host') return [];
    return [
      {
        message: `${servicePhrase(compose.name)} must not set cgroup: host`,
        path: `${compose.path}.cgroup`,
        container: compose.name,
      },
    ];
  },
});
