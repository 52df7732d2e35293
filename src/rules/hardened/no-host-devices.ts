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
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.devices', 'services.*.device_cgroup_rules'],
  allowedValues: 'undefined/empty',
  references: { cisDocker: ['5.17'] },
  rationale:
    'A host device node inside a container bypasses the filesystem and namespace isolation around it: a block ' +
    'device (/dev/sda, /dev/nvme0n1) is the host disk, /dev/mem, /dev/kmem and /dev/port are kernel memory and ' +
    'I/O ports, and a device_cgroup_rules entry "a *:* rwm" allows every device the container can create. ' +
    'CIS Docker 5.17: host devices are not exposed to containers.',
  remediation:
    'Remove devices and device_cgroup_rules; give the service the data through a volume or a network API instead.',
  exampleFix: 'services:\n  api:\n    image: registry.example.com/team/api:1.4.2',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose === undefined) return [];
    const violations: Violation[] = [];
    for (const key of ['devices', 'device_cgroup_rules'] as const) {
      asArray(compose.service[key]).forEach((entry, index) => {
        const device = describeDevice(entry);
        const danger = key === 'devices' ? deviceDanger(device) : cgroupRuleDanger(device);
        violations.push({
          message: `${servicePhrase(compose.name)} must not set ${key} ${JSON.stringify(device)}${danger}`,
          path: `${compose.path}.${key}[${index}]`,
          container: compose.name,
          subject: device,
        });
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

const KERNEL_MEMORY = /^\/dev\/(mem|kmem|port)$/;
const BLOCK_DEVICE =
  /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|loop\d|dm-\d|md\d|mapper\/|disk\/)/;

// The worst of them are named: the message says why this one is the host.
function deviceDanger(device: string): string {
  const host = device.split(':')[0] ?? device;
  if (KERNEL_MEMORY.test(host)) return ' (kernel memory or I/O ports of the host)';
  if (BLOCK_DEVICE.test(host)) return ' (a block device: the host disk)';
  return '';
}

function cgroupRuleDanger(rule: string): string {
  return /^a\b/.test(rule.trim()) || /\*:\*/.test(rule) ? ' (allows every device)' : '';
}
