import { DEFAULT_POSTURE, SEED_CONTROLS } from 'hardened-workloads';

test('the default posture is the seed posture, as frozen data', () => {
  expect(DEFAULT_POSTURE).toEqual({
    user: { uid: 10001, gid: 10001, fsGroup: 10001 },
    runAsNonRoot: true,
    dropCapabilities: ['ALL'],
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    seccompProfile: 'RuntimeDefault',
    privileged: false,
    mountsContainerRuntimeSocket: false,
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
    hostPathVolumes: false,
    hostPorts: false,
    automountServiceAccountToken: false,
    environment: 'production',
  });
  expect(Object.isFrozen(DEFAULT_POSTURE)).toBe(true);
  expect(Object.isFrozen(DEFAULT_POSTURE.user)).toBe(true);
  expect(() => {
    (DEFAULT_POSTURE.user as { uid: number }).uid = 0;
  }).toThrow(TypeError);
});

test('the seed names eight controls', () => {
  expect(SEED_CONTROLS.map((c) => c.id)).toEqual([
    'non-root-user',
    'drop-capabilities',
    'no-privilege-escalation',
    'read-only-root-filesystem',
    'declared-writable-paths',
    'default-seccomp',
    'not-privileged',
    'no-docker-socket',
  ]);
});
