import { atPath, containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { asText, isSet } from './field-values';
import { containerFields } from './restricted-fields';

/** Where a container names a handler that the kubelet, on the node, connects to. */
const HANDLERS = [
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle.postStart',
  'lifecycle.preStop',
] as const;
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

const HOST_FIELDS = HANDLERS.flatMap((handler) => ACTIONS.map((action) => `${handler}.${action}.host`));
// Split once: the check reads every one of them in every container.
const HOST_FIELD_KEYS = HOST_FIELDS.map((field) => ({ field, keys: field.split('.') }));

/**
 * Pod Security `hostProbesAndHostLifecycle` (baseline): probes and lifecycle hooks target only the pod itself.
 *
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].{livenessProbe,
 * readinessProbe,startupProbe,lifecycle.postStart,lifecycle.preStop}.{httpGet,tcpSocket}.host
 * Allowed Values: undefined/""
 */
export const hostProbesAndLifecycle = defineRule({
  id: 'host-probes-and-lifecycle',
  title: 'Probes and lifecycle hooks target only the pod itself',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'hostProbesAndHostLifecycle',
  sinceVersion: { major: 1, minor: 34 },
  dialects: ['kubernetes'],
  restrictedFields: containerFields(...HOST_FIELDS),
  allowedValues: 'undefined/""',
  references: {},
  rationale:
    'The kubelet runs probes and lifecycle handlers from the node. A `host` field points that request at any ' +
    'address the node can reach, so a pod could make the kubelet probe internal services on its behalf.',
  remediation: 'Remove the host field: probes and lifecycle handlers then target the pod IP.',
  exampleFix: 'livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080',
  justifiedBy: [],
  check(pod) {
    const violations: Violation[] = [];
    for (const c of pod.containers) {
      for (const { field, keys } of HOST_FIELD_KEYS) {
        const host = atPath(c.spec, keys);
        if (!isSet(host) || host === '') continue;
        violations.push({
          message: `${containersPhrase([c.name])} must not set ${field} (${JSON.stringify(asText(host))})`,
          path: `${c.path}.${field}`,
          container: c.name,
        });
      }
    }
    return violations;
  },
});
