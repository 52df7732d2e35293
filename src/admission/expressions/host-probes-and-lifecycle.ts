import { CONTAINER, present, sentences, str } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS } from './shared';

const HANDLERS = [
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle.postStart',
  'lifecycle.preStop',
];
const FIELDS = HANDLERS.flatMap((handler) =>
  ['httpGet', 'tcpSocket'].map((action) => `${handler}.${action}.host`),
);

function hostSet(field: string): string {
  return `(${present('c', field)} && c.${field} != '')`;
}

/** host-probes-and-lifecycle: probes and lifecycle handlers set no host. */
export const hostProbesAndLifecycleCel = defineExpression('host-probes-and-lifecycle', () => {
  const bad = FIELDS.map(hostSet).join(' || ');
  return {
    expression: `!${CONTAINERS}.exists(c, ${bad})`,
    messageExpression: sentences(
      CONTAINERS,
      'c',
      bad,
      `${CONTAINER} + 'must not set ' + (${FIELDS.map((f) => `(${hostSet(f)} ? [${str(f)}] : [])`).join(' + ')}).join(', ')`,
    ),
  };
});
