import type { CapabilityInputs } from 'hardened-workloads/posture';
import {
  CONTAINER_RUNTIMES,
  LINUX_CAPABILITIES,
  RUNTIME_DEFAULT_CAPABILITY_SETS,
  capabilitiesInMask,
  effectiveCapabilities,
} from 'hardened-workloads/posture';

const base: CapabilityInputs = {
  user: 'non-root',
  privileged: false,
  added: ['NET_BIND_SERVICE'],
  dropped: ['ALL'],
  noNewPrivileges: true,
  runtime: 'docker',
};

describe('effectiveCapabilities', () => {
  test('a non-root add-back under no-new-privileges is bounding only under Docker, containerd and CRI-O', () => {
    for (const runtime of ['docker', 'containerd', 'cri-o'] as const) {
      const sets = effectiveCapabilities({ ...base, runtime });
      expect(sets).toMatchObject({
        bounding: ['NET_BIND_SERVICE'],
        permitted: [],
        effective: [],
        ambient: [],
        fileCapabilitiesCanRaise: false,
        ineffectiveAdds: ['NET_BIND_SERVICE'],
      });
    }
  });

  test('the lab measurement: uid 10001 + cap-add NET_BIND_SERVICE under Docker is CapBnd 0x400, CapEff 0', () => {
    const sets = effectiveCapabilities(base);
    expect(sets.bounding).toEqual(capabilitiesInMask('0000000000000400'));
    expect(sets.effective).toEqual(capabilitiesInMask('0000000000000000'));
  });

  test('Podman puts a non-root add-back in the ambient set, so it takes effect (CapEff 0x400 in the lab)', () => {
    const sets = effectiveCapabilities({ ...base, runtime: 'podman' });
    expect(sets.ambient).toEqual(['NET_BIND_SERVICE']);
    expect(sets.effective).toEqual(capabilitiesInMask('0000000000000400'));
    expect(sets.ineffectiveAdds).toEqual([]);
  });

  test('Podman gives a non-root user only its add-backs, never the runtime defaults', () => {
    const sets = effectiveCapabilities({ ...base, dropped: [], added: ['NET_RAW'], runtime: 'podman' });
    expect(sets.bounding).toEqual(expect.arrayContaining(['CHOWN', 'NET_RAW']));
    expect(sets.effective).toEqual(['NET_RAW']);
  });

  test('root uses its whole bounding set on every runtime', () => {
    for (const runtime of CONTAINER_RUNTIMES) {
      const sets = effectiveCapabilities({ ...base, user: 'root', runtime });
      expect(sets.effective).toEqual(['NET_BIND_SERVICE']);
      expect(sets.ineffectiveAdds).toEqual([]);
    }
  });

  test('without no-new-privileges a file capability can still raise a non-root process: not reported as a no-op', () => {
    const sets = effectiveCapabilities({ ...base, noNewPrivileges: false });
    expect(sets.effective).toEqual([]);
    expect(sets.fileCapabilitiesCanRaise).toBe(true);
    expect(sets.ineffectiveAdds).toEqual([]);
  });

  test('an unknown user (the image decides) is never reported as a no-op', () => {
    const sets = effectiveCapabilities({ ...base, user: 'unknown' });
    expect(sets.userKnown).toBe(false);
    expect(sets.ineffectiveAdds).toEqual([]);
  });

  test('without drop ALL the bounding set is the runtime default set minus drops plus adds', () => {
    const sets = effectiveCapabilities({
      ...base,
      user: 'root',
      dropped: ['cap_net_raw'],
      added: ['sys_time'],
    });
    const expected = [...RUNTIME_DEFAULT_CAPABILITY_SETS.docker.filter((c) => c !== 'NET_RAW'), 'SYS_TIME'];
    expect([...sets.bounding].sort()).toEqual(expected.sort());
    expect(
      effectiveCapabilities({ ...base, user: 'root', dropped: [], added: [], runtime: 'cri-o' }).bounding,
    ).not.toContain('NET_RAW');
  });

  test('privileged (or add ALL) fills the bounding set; a non-root process still uses none of it under Docker', () => {
    const privileged = effectiveCapabilities({
      ...base,
      privileged: true,
      added: [],
      noNewPrivileges: false,
    });
    expect(privileged.bounding).toEqual([...LINUX_CAPABILITIES]);
    expect(privileged.effective).toEqual([]);
    const all = effectiveCapabilities({ ...base, user: 'root', added: ['ALL'] });
    expect(all.effective).toEqual([...LINUX_CAPABILITIES]);
  });

  test('unknown capability names are ignored, several add-backs are each reported', () => {
    const sets = effectiveCapabilities({ ...base, added: ['NOT_A_CAP', 'CHOWN', 'net_bind_service'] });
    expect(sets.bounding).toEqual(['CHOWN', 'NET_BIND_SERVICE']);
    expect(sets.ineffectiveAdds).toEqual(['CHOWN', 'NET_BIND_SERVICE']);
  });
});
