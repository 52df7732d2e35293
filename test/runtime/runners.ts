/**
 * Runners: start a real container from a workload description (docker.Container arguments, a
 * Compose file, a Kubernetes Pod or Deployment), run the probe in it instead of the workload's own
 * command, collect its output and always clean up. What a runner changes in the input is only what
 * it must change to run the probe here, and each run lists it in `substitutions`:
 * the image (the local busybox), the command, a unique name, and the sysctl
 * net.ipv4.ip_unprivileged_port_start=1024 (Docker sets 0, which would make the :80 check moot).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, parseAllDocuments, stringify as stringifyYaml } from 'yaml';
import { containerArgsToDockerRun, dockerRunArgv, type PlainContainerArgs } from './docker-run-args';
import { labEnv, run, runOk, uniqueName } from './lab-env';
import { parseProbeOutput, PROBE_SCRIPT, probeCommand, type ProbeObservation } from './probe';

const PORT_SYSCTL = 'net.ipv4.ip_unprivileged_port_start';

/** Paths a workload declares: the probe checks writes to each. */
export interface DeclaredPaths {
  readonly writable: readonly string[];
  readonly readOnly: readonly string[];
}

export interface ProbeRun {
  readonly engine: 'docker' | 'compose' | 'podman';
  readonly label: string;
  /** The unique container, project or pod name of this run. */
  readonly name: string;
  /** The exact command line(s) used, for the report and for reproducing a failure by hand. */
  readonly commands: readonly string[];
  readonly substitutions: readonly string[];
  readonly declared: DeclaredPaths;
  readonly observation: ProbeObservation;
  readonly output: string;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
/** A command line to show (and paste): the probe script is shown as "$PROBE". */
const cmdline = (file: string, args: readonly string[]): string =>
  [file, ...args].map((w) => (w === PROBE_SCRIPT ? '"$PROBE"' : shellWord(w))).join(' ');
const uniq = (xs: readonly string[]): string[] => [...new Set(xs)];
/** The paths the probe writes to: the declared ones, and extra ones a caller wants checked. */
const probedPaths = (d: DeclaredPaths, extra: readonly string[]): string[] =>
  uniq([...d.writable, ...d.readOnly, ...extra]).filter((p) => p !== '/');

// ---------------------------------------------------------------------------------------------
// docker run

/** Writable and read-only paths declared by docker.Container arguments. */
export function declaredPathsOfContainerArgs(args: PlainContainerArgs): DeclaredPaths {
  const writable: string[] = [];
  const readOnly: string[] = [];
  if (isObj(args.tmpfs)) writable.push(...Object.keys(args.tmpfs));
  for (const m of Array.isArray(args.mounts) ? (args.mounts as unknown[]) : []) {
    if (isObj(m) && typeof m.target === 'string') (m.readOnly === true ? readOnly : writable).push(m.target);
  }
  for (const v of Array.isArray(args.volumes) ? (args.volumes as unknown[]) : []) {
    if (isObj(v) && typeof v.containerPath === 'string') {
      (v.readOnly === true ? readOnly : writable).push(v.containerPath);
    }
  }
  return { writable: uniq(writable), readOnly: uniq(readOnly) };
}

/**
 * Runs the probe with `docker run` (or `podman run`, which takes the same flags) and the flags
 * mapped from docker.Container arguments.
 */
export async function probeDockerContainer(
  label: string,
  args: PlainContainerArgs,
  extraPaths: readonly string[] = [],
  engine: 'docker' | 'podman' = 'docker',
): Promise<ProbeRun> {
  const env = labEnv();
  const binary = engine === 'docker' ? env.docker : env.podman;
  const declared = declaredPathsOfContainerArgs(args);
  const name = uniqueName(label);
  const substitutions = [`image ${args.image} -> ${env.image}`, 'command -> probe'];
  const rest: Json = { ...(args as Json) };
  delete rest.command;
  delete rest.entrypoints;
  if (typeof rest.name === 'string') substitutions.push(`name ${rest.name} -> ${name}`);
  if (engine === 'podman' && rest.restart !== undefined) {
    // podman applies a restart policy itself: the probe, which exits, would be restarted until removed.
    delete rest.restart;
    substitutions.push('restart policy dropped (podman would restart the exited probe)');
  }
  const probeArgs = {
    ...rest,
    image: env.image,
    name,
    entrypoints: ['/bin/sh'],
    command: probeCommand(probedPaths(declared, extraPaths)).slice(1),
  } as PlainContainerArgs;
  const extra: string[] = [];
  if (!isObj(args.sysctls) || !(PORT_SYSCTL in args.sysctls)) {
    extra.push('--sysctl', `${PORT_SYSCTL}=1024`);
    substitutions.push(`sysctl ${PORT_SYSCTL}=1024 added`);
  }
  const argv = dockerRunArgv(containerArgsToDockerRun(probeArgs), extra);
  try {
    const r = await runOk(binary, argv);
    return {
      engine,
      label,
      name,
      commands: [cmdline(engine, argv)],
      substitutions,
      declared,
      observation: parseProbeOutput(r.stdout),
      output: r.stdout + r.stderr,
    };
  } finally {
    await run(binary, ['rm', '--force', '--volumes', name]);
  }
}

// ---------------------------------------------------------------------------------------------
// docker-compose (v1)

function composeService(doc: unknown, service: string): Json {
  const services = isObj(doc) ? doc.services : undefined;
  const svc = isObj(services) ? services[service] : undefined;
  if (!isObj(svc)) throw new Error(`compose file has no service '${service}'`);
  return svc;
}

/** Writable and read-only paths declared by a Compose service (tmpfs and volumes). */
export function declaredPathsOfComposeService(svc: Json): DeclaredPaths {
  const writable: string[] = [];
  const readOnly: string[] = [];
  const tmpfs =
    typeof svc.tmpfs === 'string' ? [svc.tmpfs] : Array.isArray(svc.tmpfs) ? (svc.tmpfs as unknown[]) : [];
  for (const t of tmpfs) if (typeof t === 'string') writable.push(t.split(':')[0]!);
  for (const v of Array.isArray(svc.volumes) ? (svc.volumes as unknown[]) : []) {
    if (typeof v === 'string') {
      const parts = v.split(':');
      const target = parts.length === 1 ? parts[0]! : parts[1]!;
      const ro = parts.length > 2 && parts[2]!.split(',').includes('ro');
      (ro ? readOnly : writable).push(target);
    } else if (isObj(v) && typeof v.target === 'string') {
      (v.read_only === true ? readOnly : writable).push(v.target);
    }
  }
  return { writable: uniq(writable), readOnly: uniq(readOnly) };
}

export interface ComposeProbeRun extends ProbeRun {
  /** `docker-compose config` of the file as given (validated offline). */
  readonly normalizedConfig: string;
}

/** Validates a Compose file with `docker-compose config`, then runs one service with the probe. */
export async function probeComposeService(
  label: string,
  composeYaml: string,
  service: string,
  extraPaths: readonly string[] = [],
): Promise<ComposeProbeRun> {
  const env = labEnv();
  const project = uniqueName(label).replace(/-/g, '');
  const dir = join(env.dir, 'compose', project);
  mkdirSync(dir, { recursive: true });
  const original = join(dir, 'given.yml');
  writeFileSync(original, composeYaml);
  const compose = env.dockerCompose;
  // 1. the file as generated must validate on its own
  const config = await runOk(compose, ['-f', original, 'config']);

  // 2. the same file, changed only to run the probe here
  const doc = parseYaml(composeYaml) as unknown;
  const svc = composeService(doc, service);
  const declared = declaredPathsOfComposeService(svc);
  const substitutions = [
    `image ${String(svc.image)} -> ${env.image}`,
    'command -> probe',
    'pull_policy: never',
  ];
  svc.image = env.image;
  svc.pull_policy = 'never';
  // Compose interpolates ${VAR} and $VAR in the file: `$$` is a literal `$`.
  const [entry, ...cmd] = probeCommand(probedPaths(declared, extraPaths)).map((w) =>
    w.replace(/\$/g, '$$$$'),
  );
  svc.entrypoint = [entry];
  svc.command = cmd;
  substitutions.push(`container_name -> ${project}`);
  svc.container_name = project;
  const sysctls = svc.sysctls;
  const hasPortSysctl = Array.isArray(sysctls)
    ? sysctls.some((s) => typeof s === 'string' && s.startsWith(`${PORT_SYSCTL}=`))
    : isObj(sysctls) && PORT_SYSCTL in sysctls;
  if (!hasPortSysctl) {
    if (Array.isArray(sysctls)) sysctls.push(`${PORT_SYSCTL}=1024`);
    else svc.sysctls = { ...(isObj(sysctls) ? sysctls : {}), [PORT_SYSCTL]: 1024 };
    substitutions.push(`sysctl ${PORT_SYSCTL}=1024 added`);
  }
  const probeFile = join(dir, 'docker-compose.yml');
  writeFileSync(probeFile, stringifyYaml(doc));
  const base = ['--ansi', 'never', '-p', project, '-f', probeFile];
  const commands = [cmdline('docker-compose', ['-f', original, 'config'])];
  try {
    await runOk(compose, [...base, 'up', '-d', '--no-build', service], 120_000);
    commands.push(cmdline('docker-compose', [...base, 'up', '-d', '--no-build', service]));
    await runOk(env.docker, ['wait', project]);
    const logs = await runOk(env.docker, ['logs', project]);
    return {
      engine: 'compose',
      label,
      name: project,
      commands,
      substitutions,
      declared,
      observation: parseProbeOutput(logs.stdout),
      output: logs.stdout + logs.stderr,
      normalizedConfig: config.stdout,
    };
  } finally {
    await run(compose, [...base, 'down', '--volumes', '--remove-orphans', '--timeout', '1'], 120_000);
  }
}

// ---------------------------------------------------------------------------------------------
// podman kube play

interface PodSpecRef {
  readonly spec: Json;
  readonly metadata: Json;
}

function podSpecOf(doc: Json): PodSpecRef {
  const kind = doc.kind;
  if (kind === 'Pod') {
    if (!isObj(doc.spec)) throw new Error('Pod without spec');
    if (!isObj(doc.metadata)) doc.metadata = {};
    return { spec: doc.spec, metadata: doc.metadata as Json };
  }
  if (kind === 'Deployment') {
    const spec = doc.spec;
    const template = isObj(spec) ? spec.template : undefined;
    if (!isObj(spec) || !isObj(template) || !isObj(template.spec))
      throw new Error('Deployment without spec.template.spec');
    if (!isObj(template.metadata)) template.metadata = {};
    return { spec: template.spec, metadata: template.metadata as Json };
  }
  throw new Error(`podman runner: unsupported kind '${String(kind)}' (Pod or Deployment)`);
}

/** The Pod or Deployment documents of a manifest (other kinds are left to podman). */
function workloads(docs: Json[]): Json[] {
  return docs.filter((d) => d.kind === 'Pod' || d.kind === 'Deployment');
}

function containersOf(spec: Json): Json[] {
  const cs = spec.containers;
  if (!Array.isArray(cs) || cs.length === 0) throw new Error('pod spec without containers');
  return cs.filter(isObj);
}

/** Writable and read-only paths declared by a container's volumeMounts. */
export function declaredPathsOfK8sContainer(container: Json): DeclaredPaths {
  const writable: string[] = [];
  const readOnly: string[] = [];
  for (const m of Array.isArray(container.volumeMounts) ? (container.volumeMounts as unknown[]) : []) {
    if (isObj(m) && typeof m.mountPath === 'string')
      (m.readOnly === true ? readOnly : writable).push(m.mountPath);
  }
  return { writable: uniq(writable), readOnly: uniq(readOnly) };
}

/** Parses a multi-document manifest into plain objects. */
export function parseManifest(yamlText: string): Json[] {
  return parseAllDocuments(yamlText)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`bad YAML: ${d.errors.map((e) => e.message).join('; ')}`);
      return d.toJSON() as unknown;
    })
    .filter(isObj);
}

/**
 * Runs a manifest holding one Pod or Deployment with `podman kube play`, with the probe as every
 * container's command, and returns one run per container (`kube down` always follows).
 */
export async function probeKubeManifest(
  label: string,
  yamlText: string,
  extraPaths: readonly string[] = [],
): Promise<ProbeRun[]> {
  const env = labEnv();
  const docs = parseManifest(yamlText);
  const ws = workloads(docs);
  if (ws.length !== 1)
    throw new Error(`podman runner: expected exactly one Pod or Deployment, found ${ws.length}`);
  const doc = ws[0]!;
  const name = uniqueName(label);
  if (!isObj(doc.metadata)) doc.metadata = {};
  const substitutions = [
    `metadata.name -> ${name}`,
    `image -> ${env.image}`,
    'imagePullPolicy: Never',
    'command -> probe',
  ];
  (doc.metadata as Json).name = name;
  if (doc.kind === 'Deployment' && isObj(doc.spec)) {
    doc.spec.replicas = 1;
    substitutions.push('replicas: 1');
  }
  const { spec } = podSpecOf(doc);
  if (spec.initContainers !== undefined)
    throw new Error('podman runner: initContainers are not supported yet');
  spec.restartPolicy = 'Never'; // the probe exits; a Deployment's Always would restart it
  substitutions.push('restartPolicy: Never');
  const declaredByName = new Map<string, DeclaredPaths>();
  for (const c of containersOf(spec)) {
    const declared = declaredPathsOfK8sContainer(c);
    declaredByName.set(String(c.name), declared);
    c.image = env.image;
    c.imagePullPolicy = 'Never';
    c.command = probeCommand(probedPaths(declared, extraPaths));
    delete c.args;
  }
  const dir = join(env.dir, 'kube');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, docs.map((d) => stringifyYaml(d)).join('---\n'));
  const podman = env.podman;
  try {
    const play = await runOk(podman, ['kube', 'play', file], 120_000);
    // Output: "Pod:\n<id>\nContainer:\n<id>..." (podman 4.3); take every id after "Container".
    const ids: string[] = [];
    let inContainers = false;
    for (const line of play.stdout.split('\n')) {
      if (/^Containers?:/.test(line)) inContainers = true;
      else if (/^[A-Za-z ]+:/.test(line)) inContainers = false;
      else if (inContainers && /^[0-9a-f]{64}$/.test(line.trim())) ids.push(line.trim());
    }
    if (ids.length === 0)
      throw new Error(`podman kube play started no container:\n${play.stdout}${play.stderr}`);
    const runs: ProbeRun[] = [];
    for (const id of ids) {
      await runOk(podman, ['wait', id]);
      const cname = (await runOk(podman, ['inspect', '--format', '{{.Name}}', id])).stdout.trim();
      const logs = await runOk(podman, ['logs', id]);
      const short = cname.startsWith(`${name}-`) ? cname.slice(name.length + 1) : cname;
      const declared = [...declaredByName.entries()].find(([n]) => cname.endsWith(`-${n}`))?.[1];
      if (declared === undefined)
        throw new Error(`podman container ${cname} matches no container of the manifest`);
      runs.push({
        engine: 'podman',
        label: ids.length > 1 ? `${label}/${short}` : label,
        name,
        commands: [cmdline('podman', ['kube', 'play', file])],
        substitutions,
        declared,
        observation: parseProbeOutput(logs.stdout + logs.stderr),
        output: logs.stdout + logs.stderr,
      });
    }
    return runs;
  } finally {
    const down = await run(podman, ['kube', 'down', file], 120_000);
    if (down.code !== 0) await run(podman, ['pod', 'rm', '--force', '--ignore', `${name}-pod-0`, name]);
  }
}

/** A copy of a manifest's single Pod/Deployment pod spec, for edits that build control variants. */
export function editPodSpec(yamlText: string, edit: (spec: Json, metadata: Json) => void): string {
  const docs = parseManifest(yamlText);
  const ws = workloads(docs);
  if (ws.length !== 1) throw new Error(`expected exactly one Pod or Deployment, found ${ws.length}`);
  const { spec, metadata } = podSpecOf(ws[0]!);
  edit(spec, metadata);
  return docs.map((d) => stringifyYaml(d)).join('---\n');
}

/** A copy of one Compose service, edited. */
export function editComposeService(composeYaml: string, service: string, edit: (svc: Json) => void): string {
  const doc = parseYaml(composeYaml) as unknown;
  edit(composeService(doc, service));
  return stringifyYaml(doc);
}

export type { Json };
