/**
 * Differential tier: the audit's reading of every security-relevant Compose field against the
 * native build of go/compose-reader (compose-go, the loader Docker Compose v2 runs; the same
 * program and module versions as the shipped WebAssembly). For every generated project, the
 * WebAssembly module answers byte for byte what the native program answers, and the audit judges
 * the values compose-go loads (or refuses: exit 2, or a compose-variables-set violation). The
 * generator reaches the red-team classes: the auto-loaded compose.override.yaml, COMPOSE_FILE set in
 * .env, a second YAML document, .env lines with spaces and quotes, extends of another file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { readManifestFile } from '../../../src/audit/read-file';
import type { ComposeGoRequest } from '../../../src/audit/compose';
import {
  loadComposeProject,
  readComposeProject,
  workloadsFromComposeProject,
} from '../../../src/audit/compose';
import { COMPOSE_SERVICE_KEY } from '../../../src/rules/hardened';
import { SECURITY_RELEVANT_COMPOSE_KEYS } from '../../../src/rules';

const CASES = Number(process.env.COMPOSE_ORACLE_CASES ?? 300);
const SEED = Number(process.env.COMPOSE_ORACLE_SEED ?? 20261202);
const NATIVE_READER = process.env.ORACLE_COMPOSE_READER ?? '';

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
  /** Where more of the service is written: compose.override.yaml, a file named by COMPOSE_FILE, a second document. */
  readonly more: ServiceText | undefined;
  readonly moreIn: 'override' | 'composeFile' | 'document';
  readonly env: Partial<Record<Variable, string>>;
  readonly envMode: 'dotenv' | 'envfile';
  /** How .env lines are written: as compose-go reads them, with a space after `=`, or quoted. */
  readonly envStyle: 'plain' | 'space' | 'quoted';
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
  more: fc.option(serviceText, { nil: undefined, freq: 2 }),
  moreIn: fc.constantFrom('override', 'composeFile', 'document'),
  envStyle: fc.constantFrom('plain', 'space', 'quoted'),
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
  const more = c.more === undefined ? '' : `services:\n${serviceYaml('s', c.more)}`;
  writeFileSync(
    join(dir, 'compose.yaml'),
    `services:\n${serviceYaml('s', c.service, extendsText)}volumes:\n  named: {}\n` +
      (more !== '' && c.moreIn === 'document' ? `---\n${more}` : ''),
  );
  if (more !== '' && c.moreIn === 'override') writeFileSync(join(dir, 'compose.override.yaml'), more);
  if (more !== '' && c.moreIn === 'composeFile') writeFileSync(join(dir, 'extra.yaml'), more);
  if (c.base !== undefined)
    writeFileSync(join(dir, 'base.yaml'), `services:\n${serviceYaml('base', c.base)}`);
  const line = (k: string, v: string) =>
    c.envStyle === 'space' ? `${k}= ${v}\n` : c.envStyle === 'quoted' ? `${k}='${v}'\n` : `${k}=${v}\n`;
  const composeFile =
    more !== '' && c.moreIn === 'composeFile' ? 'COMPOSE_FILE=compose.yaml:extra.yaml\n' : '';
  const envText =
    Object.entries(c.env)
      .map(([k, v]) => line(k, v))
      .join('') + composeFile;
  if (c.envMode === 'dotenv') {
    writeFileSync(join(dir, '.env'), envText);
    return { dir, envFile: null };
  }
  // COMPOSE_FILE is read from .env or the environment, not from --env-file's variables alone.
  writeFileSync(join(dir, '.env'), composeFile);
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

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
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
    devices: Array.isArray(service.devices)
      ? strings(
          service.devices.map((d) =>
            typeof d === 'string' ? d : `${str(asRecord(d).source)}:${str(asRecord(d).target)}`,
          ),
        )
      : [],
    binds,
  };
}

function nativeReading(answer: NativeAnswer): Reading {
  if (answer.error !== undefined) return { refused: answer.error.message };
  const services = asRecord(answer.project?.services);
  const service = asRecord(services.s ?? asRecord(answer.disabled).s);
  const binds: Bind[] = [];
  for (const entry of (service.volumes ?? []) as unknown[]) {
    const long = asRecord(entry);
    if (long.type === 'bind')
      binds.push({ source: str(long.source), target: str(long.target), readOnly: long.read_only === true });
  }
  return { fields: serviceFields(service, binds) };
}

interface NativeAnswer {
  readonly project?: Record<string, unknown>;
  readonly disabled?: Record<string, unknown>;
  readonly error?: { readonly message: string };
}

function request(dir: string, envFile: string | null): ComposeGoRequest {
  return {
    workingDir: dir,
    files: [join(dir, 'compose.yaml')],
    envFiles: envFile === null ? [] : [envFile],
    environment: {},
    profiles: [],
    discover: true,
  };
}

/** The native program's answer: stdin one request, stdout one response. */
function native(req: ComposeGoRequest): string {
  const run = spawnSync(NATIVE_READER, [], { input: JSON.stringify(req), encoding: 'utf8', env: {} });
  if (run.status !== 0) throw new Error(`${NATIVE_READER} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

/** Where the audit reads a value that is less dangerous than what compose-go loads: each is a disagreement. */
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

describe('Compose oracle: the audit judges what compose-go (native) loads, or refuses', () => {
  test(`${CASES} generated projects (seed ${SEED})`, () => {
    if (NATIVE_READER === '' || !existsSync(NATIVE_READER)) {
      throw new Error(
        'ORACLE_COMPOSE_READER names no native compose-reader: build go/compose-reader natively (the tier script does; it reports SKIPPED where it cannot)',
      );
    }
    const root = mkdtempSync(join(tmpdir(), 'hw-compose-oracle-'));
    try {
      const cases = fc.sample(oracleCase, { numRuns: CASES, seed: SEED });
      const tally = { agree: 0, auditRefuses: 0, bothRefuse: 0, nativeRefusesAuditReads: 0, discovered: 0 };
      const disagreements: string[] = [];
      const moduleDiffers: string[] = [];
      const auditReasons = new Map<string, number>();
      const bothReasons = new Map<string, number>();
      cases.forEach((c, index) => {
        const { dir, envFile } = writeCase(root, index, c);
        const nativeText = native(request(dir, envFile));
        // The shipped module and the native build are the same program: the same bytes out.
        // compose-go's log is left out: its map order varies, and some warnings are once per process.
        const fromModule = { ...readComposeProject(request(dir, envFile)), warnings: undefined };
        const fromNative = { ...(JSON.parse(nativeText) as object), warnings: undefined };
        if (JSON.stringify(fromModule) !== JSON.stringify(fromNative))
          moduleDiffers.push(`case ${index} (${dir})`);
        const answer = JSON.parse(nativeText) as NativeAnswer & { discovered?: boolean };
        if (answer.discovered === true) tally.discovered++;
        const audit = auditReading(dir, envFile);
        const reference = nativeReading(answer);
        if ('refused' in reference) {
          if ('refused' in audit) {
            tally.bothRefuse++;
            const reason = reference.refused.replace(/\/tmp\S*/g, '').slice(0, 70);
            bothReasons.set(reason, (bothReasons.get(reason) ?? 0) + 1);
          } else {
            tally.nativeRefusesAuditReads++;
            disagreements.push(
              `case ${index}: compose-go refuses (${reference.refused.slice(0, 120)}), the audit reads it`,
            );
          }
          return;
        }
        if ('refused' in audit) {
          tally.auditRefuses++;
          const reason = audit.refused.replace(/"[^"]*"/g, '"…"').slice(0, 60);
          auditReasons.set(reason, (auditReasons.get(reason) ?? 0) + 1);
          return;
        }
        const differences = compare(audit.fields, reference.fields);
        if (differences.length === 0) tally.agree++;
        else disagreements.push(`case ${index} (${join(dir, 'compose.yaml')}): ${differences.join(', ')}`);
      });
      process.stdout.write(
        `compose oracle: ${cases.length} cases: ${JSON.stringify(tally)}, ${disagreements.length} disagreements, ${moduleDiffers.length} module differences\n` +
          `only the audit refuses, by reason: ${JSON.stringify([...auditReasons].sort((a, b) => b[1] - a[1]).slice(0, 8))}\n` +
          `both refuse, by compose-go's reason: ${JSON.stringify([...bothReasons].sort((a, b) => b[1] - a[1]).slice(0, 8))}\n`,
      );
      expect(moduleDiffers).toEqual([]);
      expect(disagreements).toEqual([]);
      // Every class is exercised: the tier proves nothing if the generator stopped reaching one.
      expect(tally.agree).toBeGreaterThan(0);
      expect(tally.auditRefuses).toBeGreaterThan(0);
      expect(tally.bothRefuse).toBeGreaterThan(0);
      expect(tally.discovered).toBeGreaterThan(0);
    } finally {
      if (disagreementsKept()) process.stdout.write(`cases kept in ${root}\n`);
      else rmSync(root, { recursive: true, force: true });
    }
  });
});

function disagreementsKept(): boolean {
  return process.env.COMPOSE_ORACLE_KEEP === '1';
}
