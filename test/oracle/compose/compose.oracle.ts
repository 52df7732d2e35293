/**
 * Differential tier: the audit's reading of every security-relevant Compose field against what
 * Debian's Compose v1 (`docker-compose config`, the version the lab runs) would run. For every
 * generated project, either both read the same values (or the audit reads a more dangerous one),
 * or the audit refuses (exit 2, or a compose-variables-set violation). Cases that v1 refuses and the
 * audit reads are counted apart: Compose v1 runs nothing for them, Compose v2 may (`${VAR:+x}`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { readManifestFile } from '../../../src/audit/read-file';
import { loadComposeProject, workloadsFromComposeProject } from '../../../src/audit/compose';
import { COMPOSE_SERVICE_KEY } from '../../../src/rules/hardened';
import { SECURITY_RELEVANT_COMPOSE_KEYS } from '../../../src/rules';

const CASES = Number(process.env.COMPOSE_ORACLE_CASES ?? 300);
const SEED = Number(process.env.COMPOSE_ORACLE_SEED ?? 20261202);
const DOCKER_COMPOSE = '/usr/bin/docker-compose';
const DRIVER = join(__dirname, 'compose-v1-config.py');

type Variable = 'B1' | 'B2' | 'UID1' | 'GID1' | 'NM' | 'CAP1' | 'SO1' | 'DEV1' | 'VOL1';

const BOOLEAN_WORDS = [
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'True',
  'FALSE',
  'Yes',
  'NO',
  'On',
  'OFF',
  'Y',
  'N',
];
const quoted = (text: string) => fc.constantFrom(text, `"${text}"`, `'${text}'`);
const booleanText = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...BOOLEAN_WORDS).chain(quoted) },
  {
    weight: 6,
    arbitrary: fc.constantFrom('"${B1}"', '${B1:-true}', '"${B1-no}"', '${B2:-false}', '"${B2:+yes}"'),
  },
  { weight: 1, arbitrary: fc.constantFrom('${B1', 'maybe', '1', '"${UNSET1:-false}"') },
);
const userText = fc.constantFrom(
  '"1000:1000"',
  '"0"',
  'root',
  '"${UID1:-1000}"',
  '"${UID1}:${GID1-0}"',
  '"10001"',
);
const namespaceText = fc.constantFrom(
  'host',
  'bridge',
  '"container:abc"',
  'none',
  '"${NM}"',
  '"${NM:-host}"',
  'private',
);
const capText = fc.constantFrom(
  'NET_ADMIN',
  'SYS_ADMIN',
  'CHOWN',
  '"${CAP1}"',
  '"${CAP1:-SYS_PTRACE}"',
  'ALL',
);
const securityOptText = fc.constantFrom(
  '"seccomp:unconfined"',
  '"seccomp=unconfined"',
  'no-new-privileges',
  '"no-new-privileges:true"',
  '"apparmor=unconfined"',
  '"label:disable"',
  '"${SO1}"',
  '"${SO1:-seccomp=unconfined}"',
  '"no-new-privileges:$${X}"',
);
const deviceText = fc.constantFrom(
  '"/dev/sda:/dev/sda"',
  '"/dev/mem"',
  '"${DEV1:-/dev/kmem}"',
  '"/dev/fuse:/dev/fuse:rwm"',
);
const volumeText = fc.oneof(
  fc.constantFrom(
    '"./conf:/etc/conf:ro"',
    '"./data:/data"',
    '"../up:/up:ro"',
    '"/var/run/docker.sock:/var/run/docker.sock:ro"',
    '"${VOL1}:/v"',
    '"${VOL1:-/etc}:/v:ro"',
    '"named:/n"',
    '"./conf:/c:ro,rshared"',
  ),
  booleanText.map((ro) => `{type: bind, source: ./conf, target: /long, read_only: ${ro}}`),
  fc
    .constantFrom('/var/run', './up/../..', '${VOL1:-/}')
    .map((s) => `{type: bind, source: "${s}", target: /lb}`),
);
const envValue: Record<Variable, fc.Arbitrary<string>> = {
  B1: fc.constantFrom(...BOOLEAN_WORDS),
  B2: fc.constantFrom('true', 'no', ''),
  UID1: fc.constantFrom('0', '1000', ''),
  GID1: fc.constantFrom('0', '1000'),
  NM: fc.constantFrom('host', 'bridge', 'container:x'),
  CAP1: fc.constantFrom('SYS_MODULE', 'NET_RAW'),
  SO1: fc.constantFrom('seccomp=unconfined', 'no-new-privileges'),
  DEV1: fc.constantFrom('/dev/sdb', '/dev/null'),
  VOL1: fc.constantFrom('/var/run/docker.sock', './conf', '/srv/data'),
};

/** The service's keys, each as YAML text. */
type ServiceText = Partial<Record<string, string>>;

interface OracleCase {
  readonly service: ServiceText;
  readonly base: ServiceText | undefined;
  readonly env: Partial<Record<Variable, string>>;
  readonly envMode: 'dotenv' | 'envfile';
}

const list = (item: fc.Arbitrary<string>) =>
  fc.uniqueArray(item, { minLength: 1, maxLength: 3 }).map((items) => `[${items.join(', ')}]`);

const serviceText: fc.Arbitrary<ServiceText> = fc.record(
  {
    privileged: booleanText,
    read_only: booleanText,
    user: userText,
    network_mode: namespaceText,
    pid: fc.constantFrom('host', '"${NM:-host}"', '"container:abc"'),
    ipc: namespaceText,
    cap_add: list(capText),
    cap_drop: list(capText),
    security_opt: list(securityOptText),
    devices: list(deviceText),
    volumes: fc
      .array(volumeText, { minLength: 1, maxLength: 3 })
      .map((items) => `\n${items.map((i) => `      - ${i}`).join('\n')}`),
  },
  { requiredKeys: [] },
);

const oracleCase: fc.Arbitrary<OracleCase> = fc.record({
  service: serviceText,
  base: fc.option(serviceText, { nil: undefined, freq: 3 }),
  // Variables set, so most cases are read by both; UNSET1 (never set) makes the audit refuse.
  env: fc.record(envValue),
  envMode: fc.constantFrom('dotenv', 'envfile'),
});

function serviceYaml(name: string, service: ServiceText, extra = ''): string {
  const keys = Object.entries(service).map(([key, value]) => `    ${key}: ${value ?? ''}`);
  return `  ${name}:\n    image: registry.example.com/app:1.0\n${keys.join('\n')}\n${extra}`;
}

function writeCase(root: string, index: number, c: OracleCase): { dir: string; envFile: string | null } {
  const dir = join(root, `case-${index}`, 'project');
  mkdirSync(join(dir, 'conf'), { recursive: true });
  mkdirSync(join(root, `case-${index}`, 'up'), { recursive: true });
  const extendsText = c.base === undefined ? '' : '    extends: { file: base.yaml, service: base }\n';
  writeFileSync(
    join(dir, 'compose.yaml'),
    `services:\n${serviceYaml('s', c.service, extendsText)}volumes:\n  named: {}\n`,
  );
  if (c.base !== undefined)
    writeFileSync(join(dir, 'base.yaml'), `services:\n${serviceYaml('base', c.base)}`);
  const envText = Object.entries(c.env)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');
  if (c.envMode === 'dotenv') {
    writeFileSync(join(dir, '.env'), envText);
    return { dir, envFile: null };
  }
  writeFileSync(join(dir, 'deploy.env'), envText);
  return { dir, envFile: join(dir, 'deploy.env') };
}

/** What one reader says the service runs with; `refused` when it does not read it. */
type Reading = { readonly refused: string } | { readonly fields: Fields };

interface Fields {
  readonly privileged: boolean;
  readonly readOnly: boolean;
  readonly user: string;
  readonly networkMode: string;
  readonly pid: string;
  readonly ipc: string;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly securityOpt: readonly string[];
  readonly devices: readonly string[];
  readonly binds: readonly Bind[];
}

interface Bind {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? [...new Set(value.map(str))].sort() : [];

function auditReading(dir: string, envFile: string | null): Reading {
  const file = join(dir, 'compose.yaml');
  const items = [...readManifestFile(file)];
  const document = items[0]?.document;
  if (document === undefined) return { refused: items[0]?.error.message ?? 'no document' };
  const project = loadComposeProject(
    { value: document.value, file, locate: (path) => document.locator().lineOf(path) },
    envFile === null ? {} : { envFiles: [envFile] },
  );
  const extracted = workloadsFromComposeProject(project);
  if (extracted.problems.length > 0) return { refused: extracted.problems.map((p) => p.message).join('; ') };
  const workload = extracted.workloads.find((w) => w.name === 's');
  if (workload === undefined) return { refused: 'no service' };
  const record = workload.pod.spec[COMPOSE_SERVICE_KEY] as {
    service: Record<string, unknown>;
    taints: { keys: (string | number)[]; variables: string[] }[];
  };
  const unset = record.taints.filter((t) => SECURITY_RELEVANT_COMPOSE_KEYS.includes(String(t.keys[0])));
  if (unset.length > 0)
    return { refused: `compose-variables-set: ${unset.map((t) => t.variables.join(',')).join(' ')}` };
  const service = record.service;
  const volumes = (workload.pod.spec.volumes ?? []) as Record<string, Record<string, unknown>>[];
  const container = (workload.pod.spec.containers as Record<string, unknown>[])[0] ?? {};
  const mounts = (container.volumeMounts ?? []) as Record<string, unknown>[];
  const binds: Bind[] = [];
  volumes.forEach((volume, index) => {
    const mount = mounts[index] ?? {};
    const source =
      volume.hostPath?.path ?? (volume.configMap ? resolve(dir, String(volume.configMap.name)) : undefined);
    if (typeof source !== 'string' || (volume.configMap === undefined && volume.hostPath === undefined))
      return;
    binds.push({ source, target: str(mount.mountPath), readOnly: mount.readOnly === true });
  });
  return { fields: serviceFields(service, binds) };
}

// The compared fields of a Compose service as a reader left it (the audit's, or Compose v1's), binds apart.
function serviceFields(service: Record<string, unknown>, binds: Bind[]): Fields {
  return {
    privileged: service.privileged === true,
    readOnly: service.read_only === true,
    user: str(service.user),
    networkMode: str(service.network_mode),
    pid: str(service.pid),
    ipc: str(service.ipc),
    capAdd: strings(service.cap_add),
    capDrop: strings(service.cap_drop),
    securityOpt: strings(service.security_opt),
    devices: strings(service.devices),
    binds,
  };
}

function v1Reading(answer: { config?: Record<string, unknown>; error?: string }): Reading {
  if (answer.error !== undefined) return { refused: answer.error };
  const service = ((answer.config?.services ?? {}) as Record<string, Record<string, unknown>>).s ?? {};
  const binds: Bind[] = [];
  for (const entry of (service.volumes ?? []) as unknown[]) {
    if (typeof entry === 'string') {
      const [source = '', target = '', mode = ''] = entry.split(':');
      if (source.startsWith('/')) binds.push({ source, target, readOnly: mode.split(',').includes('ro') });
    } else {
      const long = entry as Record<string, unknown>;
      if (long.type === 'bind')
        binds.push({ source: str(long.source), target: str(long.target), readOnly: long.read_only === true });
    }
  }
  return { fields: serviceFields(service, binds) };
}

/** Where the audit reads a value that is less dangerous than what v1 runs: each is a disagreement. */
function compare(audit: Fields, v1: Fields): string[] {
  const problems: string[] = [];
  const covers = (a: readonly string[], b: readonly string[]) => b.every((x) => a.includes(x));
  const same = (a: readonly string[], b: readonly string[]) => a.join('\n') === b.join('\n');
  if (v1.privileged && !audit.privileged) problems.push('privileged');
  if (audit.readOnly && !v1.readOnly) problems.push('read_only');
  for (const key of ['user', 'networkMode', 'pid', 'ipc'] as const)
    if (audit[key] !== v1[key]) problems.push(key);
  if (!covers(audit.capAdd, v1.capAdd)) problems.push('cap_add');
  if (!covers(audit.devices, v1.devices)) problems.push('devices');
  if (!same(audit.capDrop, v1.capDrop)) problems.push('cap_drop');
  if (!same(audit.securityOpt, v1.securityOpt)) problems.push('security_opt');
  for (const bind of v1.binds) {
    const covered = audit.binds.some(
      (b) =>
        b.source === bind.source && b.target === bind.target && (b.readOnly === bind.readOnly || !b.readOnly),
    );
    if (!covered) problems.push(`bind ${bind.source}:${bind.target}${bind.readOnly ? ':ro' : ''}`);
  }
  return problems;
}

describe('Compose oracle: the audit reads what docker-compose v1 runs, or refuses', () => {
  test(`${CASES} generated projects (seed ${SEED})`, () => {
    if (!existsSync(DOCKER_COMPOSE)) {
      throw new Error(
        `${DOCKER_COMPOSE} is missing: install Debian's docker-compose (the tier script does; it reports SKIPPED where it cannot)`,
      );
    }
    const root = mkdtempSync(join(tmpdir(), 'hw-compose-oracle-'));
    try {
      const cases = fc.sample(oracleCase, { numRuns: CASES, seed: SEED });
      const requests = cases.map((c, index) => ({ ...writeCase(root, index, c), file: 'compose.yaml' }));
      const run = spawnSync('/usr/bin/python3', [DRIVER], {
        input: requests.map((r) => JSON.stringify(r)).join('\n') + '\n',
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin' },
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(run.stderr).toBe('');
      const answers = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { config?: Record<string, unknown>; error?: string });
      expect(answers).toHaveLength(cases.length);

      const tally = { agree: 0, auditRefuses: 0, bothRefuse: 0, v1RefusesAuditReads: 0 };
      const disagreements: string[] = [];
      const v1Only: string[] = [];
      const bothReasons = new Map<string, number>();
      const auditReasons = new Map<string, number>();
      requests.forEach((request, index) => {
        const audit = auditReading(request.dir, request.envFile);
        const v1 = v1Reading(answers[index] ?? {});
        if ('refused' in v1) {
          if ('refused' in audit) {
            tally.bothRefuse++;
            const reason = v1.refused.replace(/\/tmp\S*/g, '').split('\n')[1] ?? v1.refused;
            bothReasons.set(reason.slice(0, 70), (bothReasons.get(reason.slice(0, 70)) ?? 0) + 1);
          } else {
            tally.v1RefusesAuditReads++;
            v1Only.push(`case ${index}: ${v1.refused.slice(0, 160)}`);
          }
          return;
        }
        if ('refused' in audit) {
          tally.auditRefuses++;
          const reason = audit.refused.replace(/"[^"]*"/g, '"…"').slice(0, 60);
          auditReasons.set(reason, (auditReasons.get(reason) ?? 0) + 1);
          return;
        }
        const differences = compare(audit.fields, v1.fields);
        if (differences.length === 0) tally.agree++;
        else
          disagreements.push(
            `case ${index} (${join(request.dir, 'compose.yaml')}): ${differences.join(', ')}`,
          );
      });
      process.stdout.write(
        `compose oracle: ${cases.length} cases: ${JSON.stringify(tally)}, ${disagreements.length} disagreements\n` +
          `only the audit refuses, by reason: ${JSON.stringify([...auditReasons].sort((a, b) => b[1] - a[1]).slice(0, 8))}\n` +
          `both refuse, by v1's reason: ${JSON.stringify([...bothReasons].sort((a, b) => b[1] - a[1]).slice(0, 8))}\n` +
          (v1Only.length > 0
            ? `v1 refuses, the audit reads (compose-go semantics):\n  ${v1Only.slice(0, 20).join('\n  ')}\n`
            : ''),
      );
      expect(disagreements).toEqual([]);
      // Every class is exercised: the tier proves nothing if the generator stopped reaching one.
      expect(tally.agree).toBeGreaterThan(0);
      expect(tally.auditRefuses).toBeGreaterThan(0);
      expect(tally.bothRefuse).toBeGreaterThan(0);
    } finally {
      if (disagreementsKept()) process.stdout.write(`cases kept in ${root}\n`);
      else rmSync(root, { recursive: true, force: true });
    }
  });

  test('the in-process driver prints what the docker-compose CLI prints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hw-compose-cli-'));
    try {
      writeFileSync(
        join(dir, 'compose.yaml'),
        'services:\n  s:\n    image: a:1\n    privileged: "${B1:-yes}"\n    volumes: ["./c:/c:ro"]\n    cap_add: [SYS_ADMIN]\n',
      );
      writeFileSync(join(dir, '.env'), 'B1=off\n');
      const cli = spawnSync(DOCKER_COMPOSE, ['-f', 'compose.yaml', 'config'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin' },
      });
      const driver = spawnSync('/usr/bin/python3', [DRIVER], {
        input: `${JSON.stringify({ dir, file: 'compose.yaml', envFile: null })}\n`,
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin' },
      });
      const printed = spawnSync(
        '/usr/bin/python3',
        ['-c', 'import sys,yaml,json; print(json.dumps(yaml.safe_load(sys.stdin)))'],
        {
          input: cli.stdout,
          encoding: 'utf8',
        },
      );
      expect(cli.status).toBe(0);
      expect(JSON.parse(driver.stdout) as unknown).toEqual({ config: JSON.parse(printed.stdout) as unknown });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function disagreementsKept(): boolean {
  return process.env.COMPOSE_ORACLE_KEEP === '1';
}
