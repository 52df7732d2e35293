import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

/**
 * Restricted Fields: services.*.userns_mode
 * Allowed Values: undefined, or anything but "host"
 */
export const noHostUserNamespace = defineRule({
  id: 'no-host-user-namespace',
  title: "Services do not share the host's user namespace",
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.userns_mode'],
  allowedValues: 'undefined, or any mode other than host',
  references: { cisDocker: ['5.31'] },
  rationale:
    'The seed: user namespaces "map container users to different host users" and "reduce risk from daemon and ' +
    'runtime vulnerabilities". userns_mode: host opts a service out of the daemon\'s user-namespace remapping, ' +
    'so root in the container is root on the host.',
  remediation: 'Remove userns_mode: host.',
  exampleFix: 'services:\n  api:\n    user: "10001:10001"',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose?.service.userns_mode !== 'host') return [];
    return [
      {
        message: `${servicePhrase(compose.name)} must not set userns_mode: host`,
        path: `${compose.path}.userns_mode`,
        container: compose.name,
      },
    ];
  },
});
