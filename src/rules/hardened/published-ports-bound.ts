import { asArray, asObject } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Restricted Fields: services.*.ports[*] (short syntax host address, long syntax host_ip)
 * Allowed Values: a specific host address, e.g. "127.0.0.1:8080:80"
 */
export const publishedPortsBound = defineRule({
  id: 'published-ports-bound',
  title: 'Published ports are bound to a specific host address',
  severity: 'warning',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.ports[*]'],
  allowedValues: 'a host address other than 0.0.0.0 or ::, e.g. 127.0.0.1:8080:80 or host_ip: 127.0.0.1',
  references: { cisDocker: ['5.14'] },
  rationale:
    'A published port without a host address binds 0.0.0.0: every interface of the host, including public ' +
    'ones, and Docker inserts its own firewall rules ahead of the host firewall. Binding the intended ' +
    'interface keeps internal services internal.',
  remediation: 'Prefix each published port with the host address to bind, e.g. "127.0.0.1:8080:80".',
  exampleFix: 'ports:\n  - "127.0.0.1:8080:8080"',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose === undefined) return [];
    const violations: Violation[] = [];
    asArray(compose.service.ports).forEach((port, index) => {
      const hostIp = publishedHostIp(port);
      const shown = shortSyntax(port);
      const path = `${compose.path}.ports[${index}]`;
      if (hostIp === undefined) {
        violations.push({
          message: `${servicePhrase(compose.name)} must bind published port ${JSON.stringify(shown)} to a host address, e.g. "127.0.0.1:${shown}"`,
          path,
          container: compose.name,
        });
      } else if (ALL_INTERFACES.has(hostIp)) {
        violations.push({
          message: `${servicePhrase(compose.name)} must bind published port ${JSON.stringify(shown)} to a specific host address, not every interface`,
          path,
          container: compose.name,
        });
      }
    });
    return violations;
  },
});

/** The host address a Compose port entry binds, or undefined when it names none. */
export function publishedHostIp(port: unknown): string | undefined {
  if (typeof port === 'number') return undefined;
  if (typeof port !== 'string') {
    const hostIp = asObject(port).host_ip;
    return typeof hostIp === 'string' && hostIp !== '' ? hostIp : undefined;
  }
  const spec = port.split('/')[0] ?? '';
  if (spec.startsWith('[')) {
    const end = spec.indexOf(']');
    return end > 0 ? spec.slice(0, end + 1) : undefined;
  }
  const parts = spec.split(':');
  // [[ip:]published:]target: an address only in the three-part form (an unbracketed IPv6 has more).
  return parts.length >= 3 ? parts.slice(0, parts.length - 2).join(':') : undefined;
}

// A long-syntax entry is shown in the short syntax users know: `published:target/protocol`.
function shortSyntax(port: unknown): string {
  if (typeof port === 'string' || typeof port === 'number') return String(port);
  const { published, target, protocol } = asObject(port);
  const part = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const ports = part(published) === '' ? part(target) : `${part(published)}:${part(target)}`;
  return protocol === undefined ? ports : `${ports}/${part(protocol)}`;
}
