import { asArray } from '../pod-view';
import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

/**
 * Restricted Fields: services.*.volumes_from
 * Allowed Values: undefined/empty
 */
export const noVolumesFrom = defineRule({
  id: 'no-volumes-from',
  title: "Services do not mount another container's volumes",
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.volumes_from'],
  allowedValues: 'undefined/empty',
  references: { cisDocker: ['5.5'] },
  rationale:
    'volumes_from mounts every volume of another container, with its mode: whatever that container binds from ' +
    'the host (the Docker socket, a host directory) arrives here without appearing in this service, so no ' +
    'host-path check can see it.',
  remediation: 'Declare the volumes this service needs under volumes:, each one explicitly.',
  exampleFix: 'services:\n  api:\n    volumes:\n      - data:/data:ro',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose === undefined) return [];
    const sources = asArray(compose.service.volumes_from).map(String);
    if (sources.length === 0) return [];
    return [
      {
        message: `${servicePhrase(compose.name)} must not set volumes_from ${sources.map((s) => JSON.stringify(s)).join(', ')}`,
        path: `${compose.path}.volumes_from`,
        container: compose.name,
      },
    ];
  },
});
