/** Unit tests of the probe's parser and posture checks (pure: part of `npx jest`). */
import {
  assertPosture,
  capMask,
  checkPosture,
  formatCaps,
  parseProbeOutput,
  PROBE_SCRIPT,
  probeCommand,
  ProbeParseError,
  PostureViolation,
  type PostureExpectation,
  type ProbeObservation,
} from './probe';

const HARDENED_OUTPUT = [
  'some log line before',
  'HWPROBE-BEGIN',
  'uid\t10001',
  'gid\t10001',
  'groups\t10001',
  'CapPrm\t0000000000000000',
  'CapEff\t0000000000000000',
  'CapBnd\t0000000000000000',
  'CapAmb\t0000000000000000',
  'NoNewPrivs\t1',
  'Seccomp\t2',
  'port_start\t1024',
  "write\t/\tfail\thwprobe: line 8: can't create /.hwprobe.1: Read-only file system",
  'write\t/tmp\tok\t',
  'bind80\tfail\trc=1 nc: bind: Permission denied',
  'HWPROBE-END',
  'Terminated',
].join('\n');

const EXPECTATION: PostureExpectation = {
  uid: 10001,
  gid: 10001,
  capEff: 0n,
  capBnd: 0n,
  noNewPrivs: true,
  seccompFilter: true,
  rootReadOnly: true,
  writablePaths: ['/tmp'],
  readOnlyPaths: [],
  canBindPort80: false,
};

const hardened = (): ProbeObservation => parseProbeOutput(HARDENED_OUTPUT);
const failedControls = (obs: ProbeObservation): string[] =>
  checkPosture(obs, EXPECTATION)
    .filter((r) => !r.pass)
    .map((r) => r.control);

describe('probe', () => {
  test('the command passes the paths as positional arguments of sh -c', () => {
    expect(probeCommand(['/tmp', '/data'])).toEqual([
      '/bin/sh',
      '-c',
      PROBE_SCRIPT,
      'hwprobe',
      '/tmp',
      '/data',
    ]);
  });

  test('parses the probe block out of surrounding logs', () => {
    expect(hardened()).toEqual({
      uid: 10001,
      gid: 10001,
      groups: [10001],
      capPrm: 0n,
      capEff: 0n,
      capBnd: 0n,
      capAmb: 0n,
      noNewPrivs: 1,
      seccomp: 2,
      unprivilegedPortStart: 1024,
      writes: [
        { path: '/', ok: false, detail: "hwprobe: line 8: can't create /.hwprobe.1: Read-only file system" },
        { path: '/tmp', ok: true, detail: '' },
      ],
      bind80: { ok: false, detail: 'rc=1 nc: bind: Permission denied' },
    });
  });

  test.each([
    ['no block', 'uid\t0', /no HWPROBE-BEGIN/],
    ['a missing field', HARDENED_OUTPUT.replace('Seccomp\t2\n', ''), /missing 'Seccomp'/],
    [
      'a bad mask',
      HARDENED_OUTPUT.replace('CapEff\t0000000000000000', 'CapEff\txyz'),
      /'CapEff' is not a capability mask/,
    ],
    ['a missing bind line', HARDENED_OUTPUT.replace(/bind80.*\n/, ''), /missing 'bind80'/],
    ['a missing root write', HARDENED_OUTPUT.replace(/write\t\/\t.*\n/, ''), /missing the write to '\/'/],
  ])('rejects output with %s', (_name, output, message) => {
    expect(() => parseProbeOutput(output)).toThrow(ProbeParseError);
    expect(() => parseProbeOutput(output)).toThrow(message);
  });

  test('capability masks and their display', () => {
    expect(capMask(['NET_BIND_SERVICE'])).toBe(0x400n);
    expect(capMask(['cap_chown', 'KILL'])).toBe(0x21n);
    expect(() => capMask(['NET_BIND'])).toThrow(/unknown capability/);
    expect(formatCaps(0x400n)).toBe('0x0000000000000400 (NET_BIND_SERVICE)');
    expect(formatCaps(0xa80425fbn)).toBe('0x00000000a80425fb (14 caps)');
  });

  test('the hardened observation passes every check', () => {
    expect(failedControls(hardened())).toEqual([]);
    expect(() => assertPosture('hardened', hardened(), EXPECTATION)).not.toThrow();
  });

  test.each<[string, Partial<ProbeObservation>, string[]]>([
    ['root', { uid: 0, gid: 0 }, ['uid', 'gid']],
    ['default caps', { capEff: 0xa80425fbn, capBnd: 0xa80425fbn }, ['CapEff', 'CapBnd']],
    ['no no-new-privileges', { noNewPrivs: 0 }, ['NoNewPrivs']],
    ['no seccomp', { seccomp: 0 }, ['Seccomp']],
    [
      'a writable root',
      {
        writes: [
          { path: '/', ok: true, detail: '' },
          { path: '/tmp', ok: true, detail: '' },
        ],
      },
      ['read-only root (write to /)'],
    ],
    [
      'a root refused for permissions only (non-root, root not read-only)',
      {
        writes: [
          { path: '/', ok: false, detail: "can't create /x: Permission denied" },
          { path: '/tmp', ok: true, detail: '' },
        ],
      },
      ['read-only root (write to /)'],
    ],
    [
      'an undeclared /tmp',
      {
        writes: [
          { path: '/', ok: false, detail: 'Read-only file system' },
          { path: '/tmp', ok: false, detail: 'Read-only file system' },
        ],
      },
      ['writable /tmp'],
    ],
    [
      'a /tmp never probed',
      { writes: [{ path: '/', ok: false, detail: 'Read-only file system' }] },
      ['writable /tmp'],
    ],
    ['a bound :80', { bind80: { ok: true, detail: '' } }, ['bind :80']],
    ['a :80 check that cannot fail (port_start 0)', { unprivilegedPortStart: 0 }, ['bind :80']],
    ['an unknown port_start', { unprivilegedPortStart: null }, ['bind :80']],
  ])('each check fails on %s', (_name, change, failed) => {
    const obs = { ...hardened(), ...change };
    expect(failedControls(obs)).toEqual(failed);
    expect(() => assertPosture('bad', obs, EXPECTATION)).toThrow(PostureViolation);
  });

  test('the ambient set is checked only when the expectation names it', () => {
    const ambient = { ...hardened(), capAmb: 0x400n };
    expect(failedControls(ambient)).toEqual([]);
    const exp = { ...EXPECTATION, capAmb: 0x400n };
    expect(checkPosture(ambient, exp).filter((r) => !r.pass)).toEqual([]);
    expect(
      checkPosture(hardened(), exp)
        .filter((r) => !r.pass)
        .map((r) => r.control),
    ).toEqual(['CapAmb']);
  });

  test('a read-only declared path must fail with EROFS', () => {
    const exp = { ...EXPECTATION, readOnlyPaths: ['/cfg'] };
    const base = hardened();
    const ro = {
      ...base,
      writes: [...base.writes, { path: '/cfg', ok: false, detail: 'x: Read-only file system' }],
    };
    const rw = { ...base, writes: [...base.writes, { path: '/cfg', ok: true, detail: '' }] };
    expect(checkPosture(ro, exp).filter((r) => !r.pass)).toEqual([]);
    expect(
      checkPosture(rw, exp)
        .filter((r) => !r.pass)
        .map((r) => r.control),
    ).toEqual(['read-only /cfg']);
  });
});
