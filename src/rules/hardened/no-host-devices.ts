import { asArray } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

/**
 * Restricted Fields: services.*.devices, services.*.device_cgroup_rules
 * Allowed Values: undefined/empty
 */
export const noHostDevices = defineRule({
  id: 'no-host-devices',
  title: 'Services do not get host devices',
  severity: 'warning',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.devices', 'services.*.device_cgroup_rules'],
  allowedValues: 'undefined/empty',
  references: { cisDocker: ['5.18'] },
  rationale:
    'A host device node inside a container bypasses the filesystem and namespace isolation around it (a disk, ' +
    'a GPU, /dev/mem). CIS Docker 5.18 is a manual control, so this is a warning to review, not a failure.',
  remediation:
    'Remove devices and device_cgroup_rules, or review that the service needs exactly these devices.',
  exampleFix: 'services:\n  api:\n    image: registry.example.com/team/api:1.4.2',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose === undefined) return [];
    const violations: Violation[] = [];
    for (const key of ['devices', 'device_cgroup_rules'] as const) {
      const entries = asArray(compose.service[key]).map(describeDevice);
      if (entries.length === 0) continue;
      violations.push({
        message: `${servicePhrase(compose.name)} must not set ${key} ${entries.map((e) => JSON.stringify(e)).join(', ')}`,
        path: `${compose.path}.${key}`,
        container: compose.name,
      });
    }
    return violations;
  },
});

function describeDevice(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  const source = (entry as { source?: unknown } | null)?.source;
  return typeof source === 'string' ? source : JSON.stringify(entry);
}
