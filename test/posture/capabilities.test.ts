import {
  LINUX_CAPABILITIES,
  capabilitiesInMask,
  isCapability,
  normaliseCapability,
} from 'hardened-workloads';

test('capabilities are in kernel bit order', () => {
  expect(LINUX_CAPABILITIES.indexOf('NET_BIND_SERVICE')).toBe(10);
  expect(LINUX_CAPABILITIES.indexOf('SYS_ADMIN')).toBe(21);
  expect(LINUX_CAPABILITIES.indexOf('CHECKPOINT_RESTORE')).toBe(40);
});

test.each([
  ['0000000000000000', []],
  ['0000000000000400', ['NET_BIND_SERVICE']],
  [
    '00000000a80425fb',
    [
      'CHOWN',
      'DAC_OVERRIDE',
      'FOWNER',
      'FSETID',
      'KILL',
      'SETGID',
      'SETUID',
      'SETPCAP',
      'NET_BIND_SERVICE',
      'NET_RAW',
      'SYS_CHROOT',
      'MKNOD',
      'AUDIT_WRITE',
      'SETFCAP',
    ],
  ],
])('capabilitiesInMask(%s)', (mask, names) => {
  expect(capabilitiesInMask(mask)).toEqual(names);
});

test('normaliseCapability accepts the forms users write', () => {
  expect(normaliseCapability('cap_net_bind_service')).toBe('NET_BIND_SERVICE');
  expect(normaliseCapability(' NET_RAW ')).toBe('NET_RAW');
  expect(normaliseCapability('all')).toBe('ALL');
  expect(isCapability('NET_BIND_SERVICE')).toBe(true);
  expect(isCapability('ALL')).toBe(false);
});
