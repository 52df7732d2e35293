import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditReport, Finding } from 'hardened-workloads/audit';
import { InputError, auditPaths } from 'hardened-workloads/audit';
import { TempTree } from '../temp-files';
import { NOW } from './helpers';

/** A service that passes every error rule, so each case shows one control biting. */
const SECURE = [
  '    image: registry.example.com/api:1.0',
  '    user: "10001:10001"',
  '    read_only: true',
  '    cap_drop: [ALL]',
  '    security_opt: ["no-new-privileges:true"]',
  '    mem_limit: 256m',
  '    cpus: 1',
  '    pids_limit: 100',
].join('\n');

let tree: TempTree;
beforeEach(() => {
  tree = new TempTree();
});
afterEach(() => {
  tree.remove();
});

function compose(extra: string, file = 'compose.yaml'): string {
  return tree.write(file, `services:\n  api:\n${SECURE}\n${extra}\n`);
}

function audit(file: string, options: Parameters<typeof auditPaths>[1] = {}): AuditReport {
  return auditPaths([file], { now: NOW, onInputError: 'collect', ...options });
}

const failing = (report: AuditReport): Finding[] =>
  report.findings.filter((f) => f.status === 'violation' && f.severity === 'error');
const rulesOf = (report: AuditReport) => [...new Set(failing(report).map((f) => f.rule))].sort();
const problems = (report: AuditReport) =>
  report.inputs.errors.map((e: InputError) => `${e.file ?? ''}:${e.line ?? ''}: ${e.problem}`);

describe('Compose files: the secure service passes', () => {
  test('no error and no input problem', () => {
    const report = audit(compose(''));
    expect(problems(report)).toEqual([]);
    expect(failing(report)).toEqual([]);
  });
});

describe('booleans as Compose casts them', () => {
  test.each([
    ['privileged: "True"', ['privileged']],
    ['privileged: yes', ['privileged']],
    ['privileged: "ON"', ['privileged']],
    ['privileged: Y', ['privileged']],
    ['privileged: "False"', []],
    ['privileged: off', []],
  ])('%s', (line, rules) => {
    expect(rulesOf(audit(compose(`    ${line}`)))).toEqual(rules);
  });

  test('read_only: "no" leaves the root filesystem writable (it used to read as set)', () => {
    const file = tree.write(
      'compose.yaml',
      `services:\n  api:\n${SECURE.replace('read_only: true', 'read_only: "no"')}\n`,
    );
    expect(rulesOf(audit(file))).toEqual(['read-only-root-filesystem']);
  });

  test.each(['privileged: 1', 'privileged: "maybe"', 'init: []'])(
    '%s is refused, as Compose refuses it',
    (line) => {
      const report = audit(compose(`    ${line}`));
      expect(problems(report)).toEqual([
        expect.stringMatching(
          /compose\.yaml:11: Compose refuses the project: .*services\.api\.(privileged|init)(:| must).*boolean/,
        ),
      ]);
    },
  );
});

describe('interpolation', () => {
  test('the .env next to the Compose file decides the value', () => {
    const file = compose('    privileged: ${PRIV}');
    tree.write('.env', 'PRIV=true\n');
    expect(rulesOf(audit(file))).toEqual(['privileged']);
    tree.write('.env', 'PRIV=false\n');
    expect(rulesOf(audit(file))).toEqual([]);
  });

  test.each([
    ['    privileged: ${PRIV:-false}', 'privileged', 'PRIV'],
    ['    group_add: ["${GID}"]', 'group_add[0]', 'GID'],
    ['    cap_add: ["${A}${B}"]', 'cap_add[0]', 'A, B'],
    ['    network_mode: ${NET-bridge}', 'network_mode', 'NET'],
    ['    pid: ${PID_MODE:-}', 'pid', 'PID_MODE'],
    ['    volumes: ["${DATA_DIR:-./data}:/data"]', 'volumes[0]', 'DATA_DIR'],
    ['    devices: ["${DEV}"]', 'devices[0]', 'DEV'],
  ])('a security value on an unset variable fails closed: %s', (line, field, names) => {
    const report = audit(compose(line));
    const finding = failing(report).find((f) => f.rule === 'compose-variables-set');
    expect(finding?.message).toContain(`${field} depends on`);
    expect(finding?.message).toContain(names);
  });

  test('a value Compose refuses while a variable is unset is exit 2 naming the variable', () => {
    // compose-go reads ":/data:ro" and refuses it: nothing runs until the deployer sets DATA_DIR.
    expect(problems(audit(compose('    volumes: ["${DATA_DIR}:/data:ro"]')))).toEqual([
      expect.stringMatching(/Compose refuses the project: .*; it reads variable DATA_DIR, unset in/),
    ]);
  });

  test('cap_add from an unset variable fails closed, even at the baseline level', () => {
    const report = audit(compose('    cap_add: ["${EXTRA_CAP}"]'), { level: 'baseline' });
    expect(rulesOf(report)).toContain('compose-variables-set');
  });

  test('a value set in .env is judged, not reported as unset', () => {
    const socket = compose('    volumes: ["${SOCK}:/sock:ro"]');
    tree.write('.env', 'SOCK=/var/run/docker.sock\n');
    expect(rulesOf(audit(socket))).toContain('no-container-runtime-socket');
  });

  test('--env-file replaces .env; the process environment counts only when asked', () => {
    const file = compose('    privileged: ${PRIV}');
    tree.write('.env', 'PRIV=false\n');
    const prod = tree.write('prod.env', 'PRIV=true\n');
    expect(rulesOf(audit(file, { compose: { envFiles: [prod] } }))).toEqual(['privileged']);
    expect(rulesOf(audit(file, { compose: { processEnvironment: { PRIV: 'yes' } } }))).toEqual([
      'privileged',
    ]);
    expect(rulesOf(audit(file))).toEqual([]);
  });

  test('${VAR:?message} unset is exit 2 with the message; bad syntax is exit 2 at its line', () => {
    expect(problems(audit(compose('    privileged: ${PRIV:?set PRIV for the deploy}')))).toEqual([
      expect.stringMatching(
        /compose\.yaml:11: Compose refuses the project: .*services\.api\.privileged: required variable PRIV is missing a value: set PRIV for the deploy/,
      ),
    ]);
    expect(problems(audit(compose('    hostname: ${HOST')))).toEqual([
      expect.stringMatching(
        /compose\.yaml:11: Compose refuses the project: invalid interpolation format for services\.api\.hostname/,
      ),
    ]);
  });

  test('.env lines are read as Compose reads them (red team: quoting and spaces)', () => {
    const file = compose('    network_mode: ${NETWORK}');
    // compose-go trims the space: the service runs in the host's network namespace.
    tree.write('.env', 'NETWORK= host\n');
    expect(rulesOf(audit(file))).toEqual(['host-namespaces']);
    tree.write('.env', 'NETWORK=bridge\n');
    expect(rulesOf(audit(file))).toEqual([]);
    // A backslash escapes the closing quote for compose-go: Compose refuses the .env file.
    tree.write('.env', "X='C:\\tools\\'\nNETWORK=bridge\n");
    expect(problems(audit(file))).toEqual([
      expect.stringMatching(/\.env:\d+: Compose refuses the project: .*unterminated quoted value/),
    ]);
  });
});

describe('keys Compose does not know', () => {
  test('an unknown key is exit 2 at its line, with the likely intended key', () => {
    expect(problems(audit(compose('    privilegd: true')))).toEqual([
      expect.stringMatching(
        /compose\.yaml:11: Compose refuses the project: .*"privilegd" is not a Compose key: did you mean "privileged"\?/,
      ),
    ]);
  });
});

describe('named volumes that are host binds', () => {
  test('a local volume with o=bind is judged as the host path it binds', () => {
    const file = tree.write(
      'compose.yaml',
      `services:\n  api:\n${SECURE}\n    volumes: ["sock:/sock"]\nvolumes:\n  sock:\n    driver: local\n    driver_opts: {type: none, o: bind, device: /var/run/docker.sock}\n`,
    );
    expect(rulesOf(audit(file))).toContain('no-container-runtime-socket');
    const plain = tree.write(
      'compose.yaml',
      `services:\n  api:\n${SECURE}\n    volumes: ["data:/data"]\nvolumes:\n  data: {}\n`,
    );
    expect(rulesOf(audit(plain))).toEqual([]);
  });
});

describe('what docker compose loads beside the file (red team)', () => {
  test('the auto-loaded compose.override.yaml is audited with compose.yaml', () => {
    const file = compose('');
    tree.write('compose.override.yaml', 'services:\n  api:\n    privileged: true\n');
    const report = audit(file);
    expect(rulesOf(report)).toEqual(['privileged']);
    expect(failing(report)[0]).toMatchObject({ file: join(tree.root, 'compose.override.yaml'), line: 3 });
  });

  test('a file that is not the default one is read as with -f: no override file', () => {
    const file = compose('', 'prod.yaml');
    tree.write('compose.override.yaml', 'services:\n  api:\n    privileged: true\n');
    expect(rulesOf(audit(file))).toEqual([]);
  });

  test('COMPOSE_FILE set in .env adds the files it names', () => {
    const file = compose('');
    tree.write('extra.yaml', 'services:\n  api:\n    cap_add: [SYS_ADMIN]\n');
    tree.write('.env', 'COMPOSE_FILE=compose.yaml:extra.yaml\n');
    expect(rulesOf(audit(file))).toEqual(['capabilities-justified', 'capabilities-restricted']);
    tree.write('.env', '\n');
    expect(rulesOf(audit(file))).toEqual([]);
  });

  test('a second YAML document in one file is merged over the first', () => {
    const file = tree.write(
      'compose.yaml',
      `services:\n  api:\n${SECURE}\n---\nservices:\n  api:\n    pid: host\n`,
    );
    const report = audit(file);
    expect(rulesOf(report)).toEqual(['host-namespaces']);
    expect(report.summary.composeServices).toBe(1);
  });

  test('the override and the main file audited together are one project, audited once', () => {
    const file = compose('');
    const override = tree.write('compose.override.yaml', 'services:\n  api:\n    privileged: true\n');
    const report = auditPaths([file, override], { now: NOW, onInputError: 'collect' });
    expect(failing(report).map((f) => f.rule)).toEqual(['privileged']);
    expect(report.inputs.skipped.map((note) => [note.file, note.reason])).toEqual([
      [override, `audited with ${file}: Compose loads them as one project`],
    ]);
  });

  test('YAML is read as compose-go reads it (go-yaml v3 semantics, not YAML 1.1)', () => {
    // YAML 1.1 reads `on` as true; go.yaml.in/yaml/v4 reads the string "on", which compose-go casts.
    expect(rulesOf(audit(compose('    privileged: on')))).toEqual(['privileged']);
    // A merge key after an explicit key does not overwrite it in go-yaml v3.
    const file = tree.write(
      'compose.yaml',
      `x-base: &base\n  privileged: true\nservices:\n  api:\n${SECURE}\n    privileged: false\n    <<: *base\n`,
    );
    expect(rulesOf(audit(file))).toEqual([]);
  });
});

describe('include and extends: { file }', () => {
  test('an included privileged service is reported in the included file, at its line', () => {
    const main = tree.write('compose.yaml', `include:\n  - sub/other.yaml\nservices:\n  api:\n${SECURE}\n`);
    tree.write('sub/other.yaml', `services:\n  worker:\n${SECURE}\n    privileged: true\n`);
    const report = audit(main);
    const finding = failing(report).find((f) => f.rule === 'privileged');
    expect(finding).toMatchObject({ name: 'worker', file: join(tree.root, 'sub/other.yaml'), line: 11 });
  });

  test('the included file takes variables from its own .env where the includer sets none', () => {
    const main = tree.write('compose.yaml', `include:\n  - sub/other.yaml\nservices:\n  api:\n${SECURE}\n`);
    tree.write('sub/other.yaml', `services:\n  worker:\n${SECURE}\n    privileged: \${PRIV}\n`);
    tree.write('sub/.env', 'PRIV=true\n');
    expect(rulesOf(audit(main))).toEqual(['privileged']);
  });

  test.each([
    ['a missing include', 'include:\n  - nowhere.yaml\n', /nowhere\.yaml: No such file/],
    ['an include cycle', 'include:\n  - compose.yaml\n', /include cycle detected/],
  ])('%s is exit 2', (_, prefix, message) => {
    const main = tree.write('compose.yaml', `${prefix}services:\n  api:\n${SECURE}\n`);
    expect(problems(audit(main))).toEqual([expect.stringMatching(message)]);
  });

  test('a base service from another file brings its settings, reported in that file', () => {
    tree.write(
      'base/common.yaml',
      'services:\n  base:\n    cap_add: [SYS_ADMIN]\n    volumes: ["./data:/data"]\n',
    );
    const main = compose('    extends: { file: base/common.yaml, service: base }');
    const report = audit(main);
    expect(rulesOf(report)).toEqual([
      'capabilities-justified',
      'capabilities-restricted',
      'restricted-volumes',
    ]);
    const cap = failing(report).find((f) => f.rule === 'capabilities-restricted');
    expect(cap).toMatchObject({ file: join(tree.root, 'base/common.yaml'), line: 3 });
    // ./data is relative to the base's file: the writable bind is judged as that host path.
    const bind = failing(report).find((f) => f.rule === 'restricted-volumes');
    expect(bind?.message).toContain(join(tree.root, 'base/data'));
  });

  test('found by the oracle: a repeated list item and an invalid boolean of a base are refused, as Compose refuses them', () => {
    tree.write('base.yaml', 'services:\n  base:\n    read_only: maybe\n');
    const report = audit(
      compose('    extends: { file: base.yaml, service: base }\n    cap_add: [NET_RAW, "${CAP}"]'),
    );
    tree.write('.env', 'CAP=NET_RAW\n');
    expect(problems(report)).toEqual([
      expect.stringMatching(
        /Compose refuses the project: .*services\.base\.read_only: .*invalid boolean: maybe/,
      ),
    ]);
  });

  test('a missing extends file is exit 2', () => {
    const report = audit(compose('    extends: { file: gone.yaml, service: base }'));
    expect(problems(report)).toEqual([expect.stringMatching(/gone\.yaml: No such file/)]);
  });
});

describe('configs and secrets from files are host binds', () => {
  test.each([
    ['secrets', '/var/run/docker.sock', 'no-container-runtime-socket'],
    // The host root is one finding, from no-sensitive-host-paths (it holds the socket too).
    ['configs', '/', 'no-sensitive-host-paths'],
    ['configs', '/etc/shadow', 'no-sensitive-host-paths'],
  ])('%s file %s', (section, path, rule) => {
    const file = tree.write(
      'compose.yaml',
      `services:\n  api:\n${SECURE}\n    ${section}: [thing]\n${section}:\n  thing:\n    file: ${path}\n`,
    );
    expect(rulesOf(audit(file))).toContain(rule);
  });

  test('a config file inside the project is a read-only project file (info)', () => {
    tree.write('app.conf', 'x');
    const file = tree.write(
      'compose.yaml',
      `services:\n  api:\n${SECURE}\n    configs: [app]\nconfigs:\n  app:\n    file: ./app.conf\n`,
    );
    const report = audit(file);
    expect(failing(report)).toEqual([]);
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['project-file-binds', 'info']]);
  });

  test('an unused secret file is not a mount', () => {
    const file = tree.write(
      'compose.yaml',
      `services:\n  api:\n${SECURE}\nsecrets:\n  s:\n    file: /var/run/docker.sock\n`,
    );
    expect(failing(audit(file))).toEqual([]);
  });
});

describe('Docker settings the posture has an opinion on are errors', () => {
  test.each([
    ['    devices: ["/dev/mem:/dev/mem"]', 'no-host-devices', 'kernel memory'],
    ['    devices: ["/dev/sda"]', 'no-host-devices', 'block device'],
    ['    devices: ["/dev/nvme0n1:/dev/disk"]', 'no-host-devices', 'block device'],
    ['    device_cgroup_rules: ["a *:* rwm"]', 'no-host-devices', 'every device'],
    ['    volumes_from: ["container:other"]', 'no-volumes-from', 'volumes_from'],
    ['    network_mode: "container:abc"', 'no-shared-container-namespaces', 'network_mode'],
    ['    pid: "container:db"', 'no-shared-container-namespaces', 'pid'],
    ['    ipc: "container:abc"', 'no-shared-container-namespaces', 'ipc'],
    ['    cgroup: host', 'no-host-cgroup-namespace', 'cgroup: host'],
    ['    tmpfs: ["/tmp:exec,size=64m"]', 'tmpfs-no-exec', 'exec'],
    ['    tmpfs: /run:suid', 'tmpfs-no-exec', 'suid'],
  ])('%s', (line, rule, words) => {
    const report = audit(compose(line));
    const finding = failing(report).find((f) => f.rule === rule);
    expect(finding?.message).toContain(words);
  });

  test.each([
    '    tmpfs: ["/tmp:size=64m"]',
    '    cgroup: private',
    '    ipc: shareable',
    '    network_mode: bridge',
  ])('the safe counterpart passes: %s', (line) => {
    expect(failing(audit(compose(line)))).toEqual([]);
  });
});

describe('project files bound read-only (issue 15)', () => {
  beforeEach(() => {
    tree.write('nginx.conf', 'x');
  });

  test('./nginx.conf:ro is info, not a host-path error', () => {
    const report = audit(compose('    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]'));
    expect(failing(report)).toEqual([]);
    expect(report.findings.map((f) => [f.rule, f.severity, f.line])).toEqual([
      ['project-file-binds', 'info', 11],
    ]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, violations: 0, info: 1 });
  });

  test.each([
    ['writable', '    volumes: ["./nginx.conf:/etc/nginx/nginx.conf"]'],
    ['leaving the project', '    volumes: ["../nginx.conf:/etc/nginx/nginx.conf:ro"]'],
    ['absolute', '    volumes: ["/etc/nginx:/etc/nginx:ro"]'],
    ['long syntax, writable', '    volumes: [{type: bind, source: ./nginx.conf, target: /x}]'],
  ])('%s is judged as a host path', (_, line) => {
    expect(rulesOf(audit(compose(line)))).toContain('restricted-volumes');
  });

  test('a symlink inside the project that points out of it is judged as its target', () => {
    symlinkSync('/var/run', tree.path('run-link'));
    const report = audit(compose('    volumes: ["./run-link/docker.sock:/sock:ro"]'));
    expect(rulesOf(report)).toEqual(
      expect.arrayContaining(['no-container-runtime-socket', 'restricted-volumes']),
    );
  });
});

describe('reports (issue 15)', () => {
  test('a missing user is one finding', () => {
    const file = tree.write(
      'compose.yaml',
      `services:\n  api:\n${SECURE.replace('    user: "10001:10001"\n', '')}\n`,
    );
    expect(failing(audit(file)).map((f) => f.rule)).toEqual(['run-as-non-root']);
  });

  test("a service's findings carry its own key line as the workload line", () => {
    const file = tree.write(
      'compose.yaml',
      `services:\n  api:\n${SECURE}\n  worker:\n${SECURE}\n    privileged: true\n`,
    );
    const finding = failing(audit(file)).find((f) => f.rule === 'privileged');
    expect(finding).toMatchObject({ name: 'worker', documentLine: 11, line: 20 });
  });
});
