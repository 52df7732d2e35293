import { JUSTIFICATIONS_ANNOTATION } from '../../posture';
import { asArray, asObject, podView } from '../../rules/pod-view';
import type { Workload } from '../evaluate';
import type { DocumentSource, ExtractedWorkloads, ManifestProblem } from '../workloads';
import { COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS, closestKey, isExtensionKey } from './compose-keys';
import { mergeService } from './merge-service';
import { composePresenter } from './present';
import { translateService } from './translate-service';

/** The workload kind of a Compose service in findings. */
export const COMPOSE_SERVICE_KIND = 'ComposeService';

/**
 * The 1-based line of a key path in the source (`['services', 'api', 'cap_drops']`), when the
 * loader kept positions (the yaml package's LineCounter does); undefined falls back to the document's line.
 */
export type ComposeLocator = (keys: readonly (string | number)[]) => number | undefined;

/** Whether a parsed document is a Compose file: a top-level `services` mapping and no `kind`. */
export function isComposeDocument(doc: unknown): boolean {
  const object = asObject(doc);
  const services = object.services;
  return (
    object.kind === undefined && services !== null && typeof services === 'object' && !Array.isArray(services)
  );
}

/**
 * One workload per service of a Compose file, each translated to a pod so that the same rules
 * check it, and presenting its findings in Compose's vocabulary. Unknown keys are problems (with the
 * likely intended key), never silently ignored. Never throws.
 */
export function workloadsFromCompose(
  doc: unknown,
  source: DocumentSource = {},
  locate: ComposeLocator = () => undefined,
): ExtractedWorkloads {
  const result: ExtractedWorkloads = { workloads: [], problems: [] };
  const lineOf = (keys: readonly (string | number)[]) => locate(keys) ?? source.line;
  const problem = (message: string, path: string, keys: readonly (string | number)[]): ManifestProblem => {
    const line = lineOf(keys);
    return {
      message,
      path,
      ...(source.file !== undefined && { file: source.file }),
      ...(line !== undefined && { line }),
    };
  };
  const root = asObject(doc);
  for (const key of Object.keys(root)) {
    if (COMPOSE_TOP_LEVEL_KEYS.includes(key) || isExtensionKey(key)) continue;
    result.problems.push(
      problem(`unknown top-level key ${JSON.stringify(key)}${suggestion(key, COMPOSE_TOP_LEVEL_KEYS)}`, key, [
        key,
      ]),
    );
  }
  const services = asObject(root.services);
  const topLevelVolumes = asObject(root.volumes);
  for (const [name, raw] of Object.entries(services)) {
    const path = `services.${name}`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      result.problems.push(
        problem(`service ${JSON.stringify(name)} must be a mapping of service keys`, path, [
          'services',
          name,
        ]),
      );
      continue;
    }
    for (const key of Object.keys(raw)) {
      if (COMPOSE_SERVICE_KEYS.includes(key) || isExtensionKey(key) || key === '<<') continue;
      result.problems.push(
        problem(
          `service ${JSON.stringify(name)} has unknown key ${JSON.stringify(key)}${suggestion(key, COMPOSE_SERVICE_KEYS)}`,
          `${path}.${key}`,
          ['services', name, key],
        ),
      );
    }
    const merged = mergeService(name, services);
    for (const message of merged.problems) {
      result.problems.push(
        problem(`service ${JSON.stringify(name)}: ${message}`, `${path}.extends`, [
          'services',
          name,
          'extends',
        ]),
      );
    }
    const translated = translateService(name, merged.service, topLevelVolumes, path);
    for (const p of translated.problems) {
      result.problems.push(problem(p.message, p.path, ['services', name, ...p.keys]));
    }
    const line = lineOf(['services', name]);
    const workload: Workload = {
      ...(source.file !== undefined && { file: source.file }),
      ...(line !== undefined && { line }),
      kind: COMPOSE_SERVICE_KIND,
      name,
      pod: podView(translated.spec, path, {
        dialect: 'compose',
        justificationValues: [composeLabels(merged.service.labels)[JUSTIFICATIONS_ANNOTATION]],
      }),
      present: composePresenter({
        name,
        service: merged.service,
        path,
        volumeOrigins: translated.volumeOrigins,
      }),
    };
    result.workloads.push(workload);
  }
  return result;
}

function suggestion(key: string, known: readonly string[]): string {
  const closest = closestKey(key, known);
  return closest === undefined ? '' : ` (did you mean ${JSON.stringify(closest)}?)`;
}

/** Labels in either syntax: a mapping, or a list of `key=value`. */
export function composeLabels(labels: unknown): Readonly<Record<string, unknown>> {
  if (!Array.isArray(labels)) return asObject(labels);
  const map: Record<string, string> = {};
  for (const entry of asArray(labels)) {
    if (typeof entry !== 'string') continue;
    const cut = entry.indexOf('=');
    if (cut > 0) map[entry.slice(0, cut)] = entry.slice(cut + 1);
    else map[entry] = '';
  }
  return map;
}
