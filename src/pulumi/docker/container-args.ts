import type * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { DockerContainerSettings, HardenedDockerSpec } from '../../posture';
import { JUSTIFICATIONS_ANNOTATION, renderDockerContainer } from '../../posture';
import type { GeneratedSeccompProfile } from '../../seccomp';
import {
  handWrittenSeccompForDocker,
  inlineSeccompOption,
  seccompProfileExemptionForDocker,
} from './seccomp-option';

/**
 * Arguments of a {@link HardenedContainer}: what to run, never how to weaken it (that is an exemption).
 * The posture fields are those of the core's Docker renderer.
 */
export interface HardenedContainerArgs extends Pick<
  HardenedDockerSpec,
  | 'user'
  | 'writablePaths'
  | 'exemptions'
  | 'ports'
  | 'memoryMb'
  | 'cpus'
  | 'environment'
  | 'now'
  | 'unprivilegedPortStart'
> {
  /**
   * The image to run. It must work as a non-root user with a read-only root filesystem, or carry
   * the matching justified exemptions.
   */
  readonly image: pulumi.Input<string>;
  /** The Docker container name. @default - the component name */
  readonly containerName?: string;
  /** Environment variables. @default - none */
  readonly env?: Readonly<Record<string, pulumi.Input<string>>>;
  /** The command to run instead of the image's. @default - the image's command */
  readonly command?: pulumi.Input<pulumi.Input<string>[]>;
  /** The restart policy. @default 'unless-stopped' */
  readonly restart?: 'no' | 'on-failure' | 'always' | 'unless-stopped';
  /** Networks to attach (by name). @default - the default bridge network */
  readonly networks?: readonly pulumi.Input<string>[];
  /** The health check to run instead of the image's. @default - the image's healthcheck */
  readonly healthcheck?: pulumi.Input<docker.types.input.ContainerHealthcheck>;
  /** Labels; the justification label is the component's own. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Named Docker volumes for persistent data, e.g. `[{ volumeName: 'data', containerPath: '/data' }]`.
   * They are the posture's declared writable places (like `writablePaths`, but kept across restarts);
   * a host path is not a volume name and is refused (a host bind needs a justified `hostPath` exemption).
   * @default - none
   */
  readonly volumes?: readonly HardenedContainerVolumeArgs[];
  /**
   * A generated seccomp profile (`generateSeccompProfile`) instead of Docker's default: Docker's
   * default plus the named, justified system calls. The component hands its Docker-format content to
   * the engine (the Docker API takes the profile itself, not a path) and records its justifications
   * and hash, so the audit knows it was generated.
   * @default - Docker's default profile
   */
  readonly seccompProfile?: GeneratedSeccompProfile;
}

/** A named Docker volume mounted into a {@link HardenedContainer}. */
export interface HardenedContainerVolumeArgs {
  /** The Docker volume's name (created by Docker on first use, or a `docker.Volume`'s name). */
  readonly volumeName: pulumi.Input<string>;
  /** Where it appears in the container (an absolute path). */
  readonly containerPath: string;
  /** Mount it read-only. @default false */
  readonly readOnly?: boolean;
}

// Docker's rule for volume names: anything else (an absolute path above all) is a host bind.
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The engine-level settings of a hardened container and the docker.Container arguments that carry them. */
export interface HardenedContainerPlan {
  /** The posture renderer's settings (`docker run` vocabulary), for the runtime proof and the checklist. */
  readonly settings: DockerContainerSettings;
  /** Exactly what {@link HardenedContainer} passes to `docker.Container`. */
  readonly containerArgs: docker.ContainerArgs;
}

const ARGUMENTS: ReadonlySet<string> = new Set<keyof HardenedContainerArgs>([
  'image',
  'seccompProfile',
  'containerName',
  'user',
  'writablePaths',
  'exemptions',
  'ports',
  'memoryMb',
  'cpus',
  'unprivilegedPortStart',
  'env',
  'command',
  'restart',
  'networks',
  'healthcheck',
  'labels',
  'volumes',
  'environment',
  'now',
]);

// renderDockerContainer wants a string; an image known only later is shown as this in `settings`.
const PENDING_IMAGE = '<pulumi output>';

/**
 * Renders the posture for a Docker container and maps it onto `docker.Container` arguments, field
 * by field. Pure: no resource is created. Throws (JustificationError, RangeError) naming `where`.
 */
export function hardenedContainerArgs(
  name: string,
  args: HardenedContainerArgs,
  where = `HardenedContainer/${name}`,
): HardenedContainerPlan {
  if ((args as unknown) === null || typeof args !== 'object')
    throw new TypeError(`${where}: args are required`);
  if ((args.image as unknown) === undefined) throw new RangeError(`${where}: image is required`);
  if (Object.hasOwn(args, 'pidsLimit')) {
    throw new RangeError(
      `${where}: "pidsLimit" cannot be honoured: docker.Container (@pulumi/docker 5) has no process-limit argument, ` +
        'so the limit would be dropped silently. Remove it; limit processes where the container runs instead ' +
        '(Compose pids_limit, or docker run --pids-limit)',
    );
  }
  // JavaScript callers bypass the types: a docker.Container setting passed here would otherwise be dropped silently.
  for (const key of Object.keys(args)) {
    if (!ARGUMENTS.has(key)) {
      throw new RangeError(
        `${where}: "${key}" is not an argument of HardenedContainer: the posture is rendered for you; relax it with justified "exemptions"`,
      );
    }
  }
  if (args.labels !== undefined && Object.hasOwn(args.labels, JUSTIFICATIONS_ANNOTATION)) {
    throw new RangeError(
      `${where}: labels.${JUSTIFICATIONS_ANNOTATION} is written by the component from the exemptions; declare exemptions instead`,
    );
  }
  const seccomp = seccompProfileExemptionForDocker(args.seccompProfile, args.exemptions, where);
  const exemptions =
    seccomp === undefined ? args.exemptions : [...(args.exemptions ?? []), seccomp.exemption];
  const settings = renderDockerContainer({
    name: args.containerName ?? name,
    image: typeof args.image === 'string' ? args.image : PENDING_IMAGE,
    where,
    ...(args.user !== undefined && { user: args.user }),
    ...(args.writablePaths !== undefined && { writablePaths: args.writablePaths }),
    ...(exemptions !== undefined && { exemptions }),
    ...(args.ports !== undefined && { ports: args.ports }),
    ...(args.memoryMb !== undefined && { memoryMb: args.memoryMb }),
    ...(args.cpus !== undefined && { cpus: args.cpus }),
    ...(args.unprivilegedPortStart !== undefined && { unprivilegedPortStart: args.unprivilegedPortStart }),
    ...(args.environment !== undefined && { environment: args.environment }),
    ...(args.now !== undefined && { now: args.now }),
  });
  // Read once the exemptions are validated: an invalid one is reported as such, not as a missing file.
  const engineSeccomp = seccomp ?? handWrittenSeccompForDocker(args.exemptions, where);
  const volumes = (args.volumes ?? []).map((v, index) => namedVolume(v, `${where}: volumes[${index}]`));
  const labels = { ...args.labels, ...settings.labels };
  const containerArgs: docker.ContainerArgs = {
    name: settings.name,
    image: args.image,
    user: settings.user,
    readOnly: settings.readOnly,
    ...(Object.keys(settings.tmpfs).length > 0 && { tmpfs: { ...settings.tmpfs } }),
    capabilities: {
      drops: [...settings.capDrop],
      ...(settings.capAdd.length > 0 && { adds: [...settings.capAdd] }),
    },
    securityOpts: settings.securityOpt.map((option) => inlineSeccompOption(option, engineSeccomp)),
    privileged: settings.privileged,
    ...(settings.networkMode !== undefined && { networkMode: settings.networkMode }),
    ...(settings.pidMode !== undefined && { pidMode: settings.pidMode }),
    // The daemon's default may be "shareable"; private keeps other containers out of its IPC namespace.
    ipcMode: settings.ipcMode ?? 'private',
    ...(settings.binds.length > 0 && {
      mounts: settings.binds.map((b) => ({
        type: 'bind',
        source: b.source,
        target: b.target,
        readOnly: b.readOnly,
      })),
    }),
    ...(volumes.length > 0 && { volumes }),
    ...(settings.ports.length > 0 && {
      ports: settings.ports.map((p) => ({
        internal: p.target,
        external: p.published,
        ip: p.hostIp,
        protocol: p.protocol,
      })),
    }),
    ...(Object.keys(settings.sysctls).length > 0 && { sysctls: { ...settings.sysctls } }),
    memory: settings.memoryMb,
    cpus: String(settings.cpus),
    ...(Object.keys(labels).length > 0 && {
      labels: Object.entries(labels).map(([label, value]) => ({ label, value })),
    }),
    ...(args.env !== undefined && {
      envs: Object.entries(args.env).map(([key, value]) => {
        if (key === '' || key.includes('='))
          throw new RangeError(`${where}: env name ${JSON.stringify(key)} is not valid`);
        return typeof value === 'string' ? `${key}=${value}` : pulumi.interpolate`${key}=${value}`;
      }),
    }),
    ...(args.command !== undefined && { command: args.command }),
    restart: args.restart ?? 'unless-stopped',
    ...(args.networks !== undefined && {
      networksAdvanced: args.networks.map((network) => ({ name: network })),
    }),
    ...(args.healthcheck !== undefined && { healthcheck: args.healthcheck }),
  };
  return { settings, containerArgs };
}

function namedVolume(volume: HardenedContainerVolumeArgs, where: string): docker.types.input.ContainerVolume {
  const { volumeName, containerPath } = volume;
  if (typeof volumeName === 'string' && !VOLUME_NAME.test(volumeName)) {
    throw new RangeError(
      `${where}.volumeName ${JSON.stringify(volumeName)} is not a Docker volume name ([A-Za-z0-9][A-Za-z0-9_.-]*): Docker would mount a host path; a host bind needs a justified "hostPath" exemption`,
    );
  }
  if (typeof containerPath !== 'string' || !containerPath.startsWith('/') || containerPath === '/') {
    throw new RangeError(`${where}.containerPath must be an absolute path below /`);
  }
  return { volumeName, containerPath, ...(volume.readOnly === true && { readOnly: true }) };
}
