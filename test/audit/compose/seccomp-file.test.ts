import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { relative } from 'node:path';
import type { AuditReport, Finding, InputError } from 'hardened-workloads/audit';
import { auditPaths } from 'hardened-workloads/audit';
import { run } from '../../../src/cli';
import { generateSeccompProfile } from '../../../src/seccomp';
import { fakeIo } from '../../cli/fake-io';
import { TempTree } from '../temp-files';
import { NOW } from './helpers';

/** A service that passes every error rule but the seccomp option under test. */
function service(securityOpt: string, labels = ''): string {
  return [
    'services:',
    '  api:',
    '    image: registry.example.com/api:1.0',
    '    user: "10001:10001"',
    '    read_only: true',
    '    cap_drop: [ALL]',
    '    mem_limit: 256m',
    '    cpus: 1',
    '    pids_limit: 100',
    '    security_opt:',
    '      - no-new-privileges:true',
    `      - ${JSON.stringify(securityOpt)}`,
    ...(labels === '' ? [] : ['    labels:', `      hardened-workloads.io/justifications: '${labels}'`]),
    '',
  ].join('\n');
}
// The line of the seccomp entry in service(): the problem and the finding point at it.
const SECCOMP_LINE = 12;

const DENYING = JSON.stringify({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [] });
const approved = { reason: 'the profiler traces every call of the job', approvedBy: 'security-team' };

let tree: TempTree;
beforeEach(() => {
  tree = new TempTree();
});
afterEach(() => {
  tree.remove();
});

function audit(file: string, options: Parameters<typeof auditPaths>[1] = {}): AuditReport {
  return auditPaths([file], { now: NOW, onInputError: 'collect', ...options });
}
const open = (report: AuditReport): Finding[] => report.findings.filter((f) => f.status !== 'justified');
const summary = (findings: readonly Finding[]) => findings.map((f) => [f.rule, f.severity, f.status]);
const problems = (report: AuditReport) =>
  report.inputs.errors.map((e: InputError) => `${e.file ?? ''}:${e.line ?? ''}: ${e.problem}`);

/** A Compose file naming `seccomp=./profile.json`, with the profile holding `profile`. */
function withProfile(profile: string | Buffer, labels = ''): string {
  tree.write('profile.json', profile);
  return tree.write('compose.yaml', service('seccomp=./profile.json', labels));
}

describe('a seccomp=<file> profile that denies by default stays a custom profile', () => {
  test('unjustified: seccomp-localhost-justified, and the unreviewed warning, as before', () => {
    const report = audit(withProfile(DENYING));
    expect(problems(report)).toEqual([]);
    expect(summary(open(report))).toEqual([
      ['seccomp-localhost-justified', 'error', 'violation'],
      ['seccomp-profile-generated', 'warning', 'violation'],
    ]);
  });

  test('justified as seccompLocalhost: only the unreviewed warning is left (exit 0)', () => {
    const record = JSON.stringify([{ exemption: 'seccompLocalhost', container: 'api', ...approved }]);
    const report = audit(withProfile(DENYING, record));
    expect(problems(report)).toEqual([]);
    expect(summary(open(report))).toEqual([['seccomp-profile-generated', 'warning', 'violation']]);
  });

  test.each(['SCMP_ACT_KILL', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP'])(
    'defaultAction %s denies',
    (defaultAction) => {
      const report = audit(withProfile(JSON.stringify({ defaultAction })));
      expect(open(report).map((f) => f.rule)).toEqual([
        'seccomp-localhost-justified',
        'seccomp-profile-generated',
      ]);
    },
  );
});

describe('a generated profile is recognised by its hash only when the file is that profile', () => {
  const reason = 'the session cache keeps its key in the kernel keyring';
  const keyring = generateSeccompProfile({
    name: 'keyring',
    add: [{ syscall: 'add_key', justification: { reason } }],
  });
  const record = (sha256: string) =>
    JSON.stringify([{ exemption: 'seccompLocalhost', container: 'api', reason, profileSha256: sha256 }]);

  test('the Docker form of the generated profile, with its hash: nothing left open (exit 0)', () => {
    const report = audit(withProfile(JSON.stringify(keyring.docker, null, 2), record(keyring.sha256)));
    expect(problems(report)).toEqual([]);
    expect(open(report)).toEqual([]);
  });

  test('generated for the capabilities the service keeps', () => {
    const capable = generateSeccompProfile({
      name: 'keyring',
      capabilities: ['SYS_PTRACE'],
      add: [{ syscall: 'add_key', justification: { reason } }],
    });
    expect(capable.sha256).not.toBe(keyring.sha256);
    tree.write('profile.json', JSON.stringify(capable.docker));
    const file = tree.write(
      'compose.yaml',
      service('seccomp=./profile.json', record(capable.sha256)).replace(
        '    cap_drop: [ALL]',
        '    cap_drop: [ALL]\n    cap_add: [SYS_PTRACE]',
      ),
    );
    // Docker's default profile allows ptrace to a container that keeps SYS_PTRACE: another hash.
    expect(open(audit(file)).filter((f) => f.rule.startsWith('seccomp-'))).toEqual([]);
  });

  test.each([
    [
      'a rule added after generation',
      () => ({
        ...keyring.docker,
        syscalls: [...keyring.docker.syscalls, { names: ['unshare'], action: 'SCMP_ACT_ALLOW' }],
      }),
    ],
    [
      'another generated profile',
      () =>
        generateSeccompProfile({ name: 'other', add: [{ syscall: 'keyctl', justification: { reason } }] })
          .docker,
    ],
  ])('%s keeps the unreviewed warning, naming the claim and the file', (_, edited) => {
    const report = audit(withProfile(JSON.stringify(edited()), record(keyring.sha256)));
    expect(summary(open(report))).toEqual([['seccomp-profile-generated', 'warning', 'violation']]);
    expect(open(report)[0]?.message).toBe(
      `service "api" uses the seccomp profile "seccomp=./profile.json", which is not the generated profile its justification names ` +
        `(profileSha256 ${keyring.sha256.slice(0, 12)}...): write that profile's Docker form to ${JSON.stringify(tree.path('profile.json'))}, or generate it again`,
    );
  });

  test('a key the engine reads in another case than JSON.parse keeps is not the generated profile', () => {
    const text = JSON.stringify(keyring.docker).replace(
      '{"names":["add_key"],"action":"SCMP_ACT_ALLOW"}',
      '{"names":["add_key"],"action":"SCMP_ACT_ALLOW","Names":["unshare","setns"]}',
    );
    expect(text).toContain('"Names"');
    const report = audit(withProfile(text, record(keyring.sha256)));
    expect(open(report).map((f) => f.rule)).toEqual(['seccomp-profile-generated']);
  });
});

describe('a seccomp=<file> profile that lets unlisted calls run is seccomp=unconfined', () => {
  test.each(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_TRACE', 'SCMP_ACT_NOTIFY'])(
    'defaultAction %s fails, naming the file, the action and the fix',
    (defaultAction) => {
      const file = withProfile(JSON.stringify({ defaultAction, syscalls: [] }));
      const report = audit(file);
      expect(problems(report)).toEqual([]);
      expect(summary(open(report))).toEqual([['seccomp-profile-restricted', 'error', 'violation']]);
      const [finding] = open(report);
      expect(finding?.message).toBe(
        `service "api" must not set security_opt "seccomp=./profile.json": the profile ${JSON.stringify(tree.path('profile.json'))}: ` +
          `its defaultAction "${defaultAction}" lets every system call it does not list run (seccomp Unconfined in effect); ` +
          `make it deny by default ("defaultAction": "SCMP_ACT_ERRNO"), or drop the option for Docker's default profile`,
      );
      expect([finding?.file, finding?.line, finding?.path]).toEqual([
        file,
        SECCOMP_LINE,
        'services.api.security_opt[1]',
      ]);
      const baseline = open(audit(file, { level: 'baseline' }));
      expect(summary(baseline)).toEqual([['seccomp-profile-baseline', 'error', 'violation']]);
    },
  );

  test('the same findings as seccomp=unconfined, justification included', () => {
    const record = JSON.stringify([{ exemption: 'seccompUnconfined', container: 'api', ...approved }]);
    const unconfined = tree.write('literal/compose.yaml', service('seccomp=unconfined', record));
    const file = withProfile(JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW' }), record);
    for (const options of [
      { environment: 'non-production' as const },
      { environment: 'production' as const },
      { level: 'baseline' as const, environment: 'non-production' as const },
    ]) {
      const viaFile = audit(file, options).findings;
      expect(summary(viaFile)).toEqual(summary(audit(unconfined, options).findings));
      expect(viaFile.length).toBeGreaterThan(0);
    }
    expect(summary(audit(file, { environment: 'non-production' }).findings)).toEqual([
      ['seccomp-profile-restricted', 'error', 'justified'],
    ]);
  });

  test.each([
    ['{}', 'it has no defaultAction and no rule, which Docker runs as no seccomp at all'],
    ['{"syscalls": null}', 'it has no defaultAction and no rule'],
    ['{"defaultAction": ""}', 'it has no defaultAction and no rule'],
    ['null', 'it holds null'],
    [
      '{"syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO"}]}',
      'it has no defaultAction: Docker refuses the container, or runs it with no seccomp at all',
    ],
  ])('%s has no default action: no seccomp at all, which Docker runs', (profile, reason) => {
    const findings = open(audit(withProfile(profile)));
    expect(findings.map((f) => f.rule)).toEqual(['seccomp-profile-restricted']);
    expect(findings[0]?.message).toContain(reason);
  });
});

describe('the profile is read as the engine decodes it (Go encoding/json), from either Compose', () => {
  test.each([
    ['{"defaultAction": "SCMP_ACT_ERRNO", "defaultAction": "SCMP_ACT_ALLOW"}', 'Unconfined'],
    ['{"defaultAction": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_ERRNO"}', 'Localhost'],
    // JSON.parse keeps both spellings; Go matches keys whatever their case, and the later one wins.
    ['{"defaultAction": "SCMP_ACT_ERRNO", "DefaultAction": "SCMP_ACT_ALLOW"}', 'Unconfined'],
    ['{"DEFAULTACTION": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_ERRNO"}', 'Localhost'],
    // The first spelling's place is where JSON.parse keeps the last value of that spelling.
    [
      '{"DefaultAction": "SCMP_ACT_ERRNO", "defaultAction": "SCMP_ACT_ERRNO", "DefaultAction": "SCMP_ACT_ALLOW"}',
      'Unconfined',
    ],
    // Compose v1 re-writes the profile after Python's json kept one value per key, at the key's first
    // place (as JSON.parse does): the engine then reads the permissive spelling last.
    [
      '{"defaultAction": "SCMP_ACT_ERRNO", "DefaultAction": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_ERRNO"}',
      'Unconfined',
    ],
    // A null leaves the string as it was for the engine, but Compose v1 hands it {"defaultAction": null}.
    ['{"defaultAction": "SCMP_ACT_ERRNO", "defaultAction": null}', 'Unconfined'],
    ['{"defaultAction": "SCMP_ACT_ALLOW", "defaultAction": null}', 'Unconfined'],
    ['{"default\\u0041ction": "SCMP_ACT_ALLOW"}', 'Unconfined'],
    ['{"meta": {"defaultAction": "SCMP_ACT_ERRNO"}, "defaultAction": "SCMP_ACT_ALLOW"}', 'Unconfined'],
  ])('%s is %s', (profile, type) => {
    const rules = open(audit(withProfile(profile))).map((f) => f.rule);
    expect(rules).toEqual(
      type === 'Unconfined'
        ? ['seccomp-profile-restricted']
        : ['seccomp-localhost-justified', 'seccomp-profile-generated'],
    );
  });
});

describe('the path is resolved as Compose resolves it: from the project directory', () => {
  test('relative to the Compose file audited from another directory, not to the working directory', () => {
    tree.write('project/deploy/profile.json', JSON.stringify({ defaultAction: 'SCMP_ACT_LOG' }));
    const file = tree.write('project/deploy/compose.yaml', service('seccomp:./profile.json'));
    expect(process.cwd()).not.toBe(tree.path('project/deploy'));
    const findings = open(audit(file));
    expect(findings.map((f) => f.rule)).toEqual(['seccomp-profile-restricted']);
    expect(findings[0]?.message).toContain(JSON.stringify(tree.path('project/deploy/profile.json')));
  });

  test('a service from an included file reads it from the top-level project directory', () => {
    tree.write('project/profile.json', JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW' }));
    tree.write('project/api/profile.json', DENYING);
    tree.write('project/api/compose.yaml', service('seccomp=./profile.json'));
    const file = tree.write('project/compose.yaml', 'include:\n  - api/compose.yaml\nservices: {}\n');
    const findings = open(audit(file));
    expect(findings.map((f) => f.rule)).toEqual(['seccomp-profile-restricted']);
    expect(findings[0]?.message).toContain(JSON.stringify(tree.path('project/profile.json')));
  });

  test('an absolute path is read as written; a leading ~ is the home directory', () => {
    const absolute = tree.write('elsewhere/allow.json', JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW' }));
    const file = tree.write('project/compose.yaml', service(`seccomp=${absolute}`));
    expect(open(audit(file)).map((f) => f.rule)).toEqual(['seccomp-profile-restricted']);
    // The home directory is the process's own: reach the file from it.
    const tilde = tree.write('project/tilde.yaml', service(`seccomp=~/${relative(homedir(), absolute)}`));
    const report = audit(tilde);
    expect(problems(report)).toEqual([]);
    expect(open(report).map((f) => f.rule)).toEqual(['seccomp-profile-restricted']);
  });

  test("seccomp=builtin is Docker's default profile: nothing to read, nothing to report", () => {
    const report = audit(tree.write('compose.yaml', service('seccomp=builtin')));
    expect(problems(report)).toEqual([]);
    expect(open(report)).toEqual([]);
  });

  test('a path that depends on an unset variable is the variable finding, not a read', () => {
    const report = audit(tree.write('compose.yaml', service('seccomp=${PROFILE_FILE}')));
    expect(problems(report)).toEqual([]);
    expect(open(report).map((f) => f.rule)).toContain('compose-variables-set');
  });
});

describe('a profile docker compose up cannot use is an input error at the option (exit 2)', () => {
  const cannotRead = (why: string) =>
    new RegExp(
      `compose\\.yaml:${SECCOMP_LINE}: service "api": security_opt "seccomp=\\./profile\\.json": cannot read the seccomp profile ` +
        `".*profile\\.json" \\(${why}\\), so docker compose up cannot create the container; correct the path ` +
        '\\(Compose reads a relative one from the project directory ".*"\\) or write a JSON profile whose defaultAction denies',
    );

  test('a missing file', () => {
    const report = audit(tree.write('compose.yaml', service('seccomp=./profile.json')));
    expect(problems(report)).toEqual([expect.stringMatching(cannotRead('ENOENT'))]);
  });

  test('a directory', () => {
    mkdirSync(tree.path('profile.json'));
    const report = audit(tree.write('compose.yaml', service('seccomp=./profile.json')));
    expect(problems(report)).toEqual([expect.stringMatching(cannotRead('not a regular file'))]);
  });

  test('a named pipe is refused without waiting for a writer (Compose itself would wait)', () => {
    execFileSync('mkfifo', [tree.path('profile.json')]);
    const report = audit(tree.write('compose.yaml', service('seccomp=./profile.json')));
    expect(problems(report)).toEqual([expect.stringMatching(cannotRead('not a regular file'))]);
  });

  test('a device', () => {
    const report = audit(tree.write('compose.yaml', service('seccomp=/dev/zero')));
    expect(problems(report)).toEqual([
      expect.stringMatching(/cannot read the seccomp profile "\/dev\/zero" \(not a regular file\)/),
    ]);
  });

  test('a file over 1 MiB', () => {
    const padded = `${' '.repeat(1024 * 1024)}${DENYING}`;
    const report = audit(withProfile(padded));
    expect(problems(report)).toEqual([expect.stringMatching(cannotRead('larger than 1 MiB'))]);
  });

  test('an empty path', () => {
    const report = audit(tree.write('compose.yaml', service('seccomp=')));
    expect(problems(report)).toEqual([
      expect.stringMatching(/cannot read the seccomp profile "" \(the option names no file\)/),
    ]);
  });

  test.each([
    ['defaultAction: SCMP_ACT_ERRNO', /is not one Docker runs: it is not valid JSON \(/],
    ['', /is not one Docker runs: it is not valid JSON \(/],
    ['\uFEFF{"defaultAction": "SCMP_ACT_ERRNO"}', /it is not valid JSON/],
    ['["SCMP_ACT_ERRNO"]', /it is not a JSON object/],
    ['{"defaultAction": 1}', /Docker cannot decode it: "defaultAction" must be a string/],
    ['{"defaultAction": "SCMP_ACT_ERRNO", "Syscalls": {}}', /"Syscalls" must be a list/],
    [
      '{"defaultAction": "scmp_act_errno"}',
      /its defaultAction "scmp_act_errno" is not a seccomp action \(SCMP_ACT_ERRNO, /,
    ],
  ])('%j is refused', (profile, reason) => {
    const report = audit(withProfile(profile));
    expect(problems(report)).toEqual([expect.stringMatching(reason)]);
    expect(problems(report)[0]).toMatch(
      new RegExp(
        `^.*compose\\.yaml:${SECCOMP_LINE}: service "api": security_opt "seccomp=\\./profile\\.json": the seccomp profile ".*profile\\.json" is not one Docker runs: .*; write a JSON profile whose defaultAction denies \\(e\\.g\\. "SCMP_ACT_ERRNO"\\), or drop the option for Docker's default profile$`,
      ),
    );
  });
});

describe('the CLI', () => {
  async function cli(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const { io, out, err } = fakeIo({ cwd: tree.root });
    const code = await run(['audit', file], io);
    return { code, stdout: out(), stderr: err() };
  }

  test('exits 1 on a profile that allows by default, 2 on one it cannot read, 0 once justified', async () => {
    const file = withProfile(JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW' }));
    const permissive = await cli(file);
    expect(permissive.code).toBe(1);
    expect(permissive.stdout).toMatch(
      /seccomp-profile-restricted +service "api" must not set security_opt "seccomp=\.\/profile\.json": the profile /,
    );

    const missing = await cli(tree.write('missing/compose.yaml', service('seccomp=./profile.json')));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/compose\.yaml:12.*cannot read the seccomp profile/);

    const record = JSON.stringify([{ exemption: 'seccompLocalhost', container: 'api', ...approved }]);
    expect((await cli(withProfile(DENYING, record))).code).toBe(0);
  });
});
