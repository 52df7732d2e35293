import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

/**
 * Restricted Fields: services.*.uts
 * Allowed Values: undefined, or anything but "host"
 */
export const noHostUtsNamespace = defineRule({
  id: 'no-host-uts-namespace',
  title: "Services do not share the host's UTS namespace",
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.uts'],
  allowedValues: 'undefined, or any mode other than host',
  references: { cisDocker: ['5.21'] },
  rationale:
    'The seed asks whether a container needs host networking or host PID; the UTS namespace is the host ' +
    'namespace Kubernetes cannot share at all, so no pod field expresses it. With uts: host a container ' +
    "sees, and with CAP_SYS_ADMIN changes, the host's hostname.",
  remediation: 'Remove uts: host.',
  exampleFix: 'services:\n  api:\n    hostname: api',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose?.service.uts !== 'host') return [];
    return [
      {
        message: `${servicePhrase(compose.name)} must not set uts: host`,
        path: `${compose.path}.uts`,
        container: compose.name,
      },
    ];
  },
});
