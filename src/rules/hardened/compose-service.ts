import type { JsonObject, PodView } from '../pod-view';
import { asArray, asObject } from '../pod-view';

/**
 * Where the Compose translation keeps the original service inside the pod spec it builds, so that
 * Compose-only rules can read the settings no pod field expresses (userns_mode, devices, ...).
 */
export const COMPOSE_SERVICE_KEY = 'x-compose-service';

/** A value of a Compose service that depends on variables unset where the audit ran. */
export interface UnsetVariableUse {
  /** Keys below the service, e.g. `['volumes', 0]`. */
  readonly keys: readonly (string | number)[];
  /** The unset variables. */
  readonly variables: readonly string[];
}

/** A read-only bind of a file inside the project directory (shipped configuration). */
export interface ProjectFileBind {
  /** Where Compose declared it, e.g. `services.api.volumes[0]`. */
  readonly origin: string;
  /** The source as written, e.g. `./nginx.conf`. */
  readonly source: string;
  /** Where it appears in the container. */
  readonly target: string;
}

/** The profile file of a service's `seccomp=<file>` option, as the audit read it. */
export interface ComposeSeccompProfileFile {
  /** Where Compose reads it. */
  readonly path: string;
  /**
   * The hashes the file has as a generated profile (`generateSeccompProfile()`'s `sha256`), for the
   * architectures and capability sets it may have been generated for; empty for any other file.
   */
  readonly generatedSha256: readonly string[];
}

/** A Compose service as the Compose-only rules see it. */
export interface ComposeServiceView {
  readonly name: string;
  /** The service mapping (after `extends` and `<<` merges, variables substituted, booleans cast). */
  readonly service: JsonObject;
  /** Dotted path of the service, e.g. `services.api`. */
  readonly path: string;
  /** Values that depend on variables unset where the audit ran. */
  readonly unsetVariables: readonly UnsetVariableUse[];
  /** Read-only binds of files inside the project directory. */
  readonly projectFiles: readonly ProjectFileBind[];
  /**
   * The profile file of the service's seccomp option, when the audit read it (a file input).
   * @default - absent: no profile file, or not read
   */
  readonly seccompProfileFile?: ComposeSeccompProfileFile;
}

/** The Compose service behind a translated pod, or undefined for a Kubernetes pod. */
export function composeService(pod: PodView): ComposeServiceView | undefined {
  const stored = asObject(pod.spec[COMPOSE_SERVICE_KEY]);
  if (pod.dialect !== 'compose' || typeof stored.name !== 'string') return undefined;
  return {
    name: stored.name,
    service: asObject(stored.service),
    path: pod.path,
    unsetVariables: asArray(stored.taints) as readonly UnsetVariableUse[],
    projectFiles: asArray(stored.projectFiles) as readonly ProjectFileBind[],
    ...(stored.seccompProfileFile !== undefined && {
      seccompProfileFile: stored.seccompProfileFile as unknown as ComposeSeccompProfileFile,
    }),
  };
}

/** `service "api"`: the culprit, as Compose findings name it. */
export function servicePhrase(name: string): string {
  return `service ${JSON.stringify(name)}`;
}
