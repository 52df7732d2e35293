import { JUSTIFICATIONS_ANNOTATION } from '../../posture';
import { asArray, asObject, podView } from '../../rules/pod-view';
import type { Workload } from '../evaluate';
import { parseFieldPath } from '../field-path';
import type { DocumentSource, ExtractedWorkloads, ManifestProblem } from '../workloads';
import type { JsonObject } from '../../rules/pod-view';
import { keyPath } from './key-path';
import type { ComposeProject, Taint } from './load-project';
import { unknownKeyProblems } from './unknown-keys';
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
 * One workload per service of a Compose document taken as written (no variable substitution, no
 * other file, no merge): the Pulumi Docker components' translated arguments. Files are read by
 * compose-go ({@link loadComposeProject}). Unknown keys are problems (with the likely intended key),
 * never silently ignored. Never throws.
 */
export function workloadsFromCompose(
  doc: unknown,
  source: DocumentSource = {},
  locate: ComposeLocator = () => undefined,
): ExtractedWorkloads {
  const root = asObject(doc);
  const lineOf = (keys: readonly (string | number)[]) => locate(keys) ?? source.line;
  const problems = unknownKeyProblems(root, (message, keys) => {
    const line = lineOf(keys);
    return {
      message,
      path: keyPath(keys),
      ...(source.file !== undefined && { file: source.file }),
      ...(line !== undefined && { line }),
    };
  });
  const services = asObject(root.services);
  const project: ComposeProject = {
    services: Object.keys(services).flatMap((name) => {
      const service = services[name];
      return service !== null && typeof service === 'object' && !Array.isArray(service)
        ? [{ name, service: service as JsonObject, taints: [] }]
        : [];
    }),
    volumes: asObject(root.volumes),
    configs: asObject(root.configs),
    secrets: asObject(root.secrets),
    topLevelTaints: [],
    problems,
    variablesFrom: 'no variables (the document is taken as written)',
    locate: (keys) => {
      const line = lineOf(keys);
      return {
        ...(source.file !== undefined && { file: source.file }),
        ...(line !== undefined && { line }),
      };
    },
  };
  return workloadsFromComposeProject(project);
}

/**
 * One workload per service of a loaded Compose project, each translated to a pod so that the same
 * rules check it, presenting its findings in Compose's vocabulary, at the file and line each key
 * was written in. Never throws.
 */
export function workloadsFromComposeProject(project: ComposeProject): ExtractedWorkloads {
  const result: ExtractedWorkloads = { workloads: [], problems: [...project.problems] };
  for (const { name, service, taints: ownTaints } of project.services) {
    const path = `services.${name}`;
    const where = (keys: readonly (string | number)[]) => project.locate(['services', name, ...keys]) ?? {};
    const problemAt = (message: string, keys: readonly (string | number)[]): ManifestProblem => {
      const { file, line } = where(keys);
      return {
        message,
        path: keyPath(['services', name, ...keys]),
        ...(file !== undefined && { file }),
        ...(line !== undefined && { line, located: true }),
      };
    };
    const taints = [...ownTaints, ...usedTopLevelTaints(service, project)];
    const translated = translateService(name, service, path, {
      volumes: project.volumes,
      configs: project.configs,
      secrets: project.secrets,
      ...(project.projectDirectory !== undefined && { projectDirectory: project.projectDirectory }),
      taints,
    });
    for (const p of translated.problems) result.problems.push(problemAt(p.message, p.keys));
    const header = where([]);
    const workload: Workload = {
      ...(header.file !== undefined && { file: header.file }),
      ...(header.line !== undefined && { line: header.line }),
      kind: COMPOSE_SERVICE_KIND,
      name,
      pod: podView(translated.spec, path, {
        dialect: 'compose',
        justificationValues: [composeLabels(translated.service.labels)[JUSTIFICATIONS_ANNOTATION]],
      }),
      present: composePresenter({
        name,
        service: translated.service,
        path,
        volumeOrigins: translated.volumeOrigins,
        ...(translated.unconfiningSeccompFile !== undefined && {
          unconfiningSeccompFile: translated.unconfiningSeccompFile,
        }),
      }),
      locate: (fieldPath) => {
        const keys = parseFieldPath(fieldPath);
        if (keys[0] !== 'services' || keys[1] !== name) return undefined;
        const { file, line } = where(keys.slice(2));
        return { ...(file !== undefined && { file }), ...(line !== undefined && { line }) };
      },
    };
    result.workloads.push(workload);
  }
  return result;
}

/**
 * Taints of the top-level definitions a service uses (a named volume, a config, a secret), moved
 * onto the service key that uses them.
 */
function usedTopLevelTaints(service: JsonObject, project: ComposeProject): Taint[] {
  const taints: Taint[] = [];
  for (const taint of project.topLevelTaints) {
    const [section, definition] = taint.keys;
    if (typeof section !== 'string' || typeof definition !== 'string') continue;
    asArray(service[section]).forEach((entry, index) => {
      const used =
        section === 'volumes'
          ? (typeof entry === 'string' ? entry.split(':')[0] : asObject(entry).source) === definition
          : (typeof entry === 'string' ? entry : asObject(entry).source) === definition;
      if (used) taints.push({ keys: [section, index], variables: taint.variables });
    });
  }
  return taints;
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
