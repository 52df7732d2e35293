import type { JsonObject, PodView } from '../pod-view';
import { asObject } from '../pod-view';

/**
 * Where the Compose translation keeps the original service inside the pod spec it builds, so that
 * Compose-only rules can read the settings no pod field expresses (userns_mode, devices, ...).
 */
export const COMPOSE_SERVICE_KEY = 'x-compose-service';

/** A Compose service as the Compose-only rules see it. */
export interface ComposeServiceView {
  readonly name: string;
  /** The service mapping (after `extends` and `<<` merges). */
  readonly service: JsonObject;
  /** Dotted path of the service, e.g. `services.api`. */
  readonly path: string;
}

/** The Compose service behind a translated pod, or undefined for a Kubernetes pod. */
export function composeService(pod: PodView): ComposeServiceView | undefined {
  const stored = asObject(pod.spec[COMPOSE_SERVICE_KEY]);
  if (pod.dialect !== 'compose' || typeof stored.name !== 'string') return undefined;
  return { name: stored.name, service: asObject(stored.service), path: pod.path };
}

/** `service "api"`: the culprit, as Compose findings name it. */
export function servicePhrase(name: string): string {
  return `service ${JSON.stringify(name)}`;
}
