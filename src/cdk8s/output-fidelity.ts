import { POD_TEMPLATE_PATHS } from '../audit';
import type { YamlHazard } from '../posture';
import { formatFieldPath, quoteVisibly, yamlHazards } from '../posture';

const CONTAINER_GROUPS = new Set(['initContainers', 'containers', 'ephemeralContainers']);

/**
 * One synth error per string of a rendered object that Kubernetes' YAML reader would read
 * differently from the object audited: `container "api" field workingDir holds U+2028, ...`.
 * @param hazards the manifest's hazards, when the walk that froze it already found them
 */
export function outputFidelityErrors(
  manifest: Readonly<Record<string, unknown>>,
  hazards: readonly YamlHazard[] = yamlHazards(manifest),
): string[] {
  if (hazards.length === 0) return [];
  const templatePath =
    typeof manifest.kind === 'string' && Object.hasOwn(POD_TEMPLATE_PATHS, manifest.kind)
      ? POD_TEMPLATE_PATHS[manifest.kind]
      : undefined;
  return hazards.map((hazard) => {
    const what = hazard.in === 'key' ? 'key' : 'field';
    const container =
      templatePath === undefined ? undefined : containerOf(manifest, templatePath, hazard.path);
    const where =
      container === undefined
        ? `${what} ${formatFieldPath(hazard.path)}`
        : `container ${quoteVisibly(container.name)} ${what} ${formatFieldPath(container.rest)}`;
    return `${where} ${hazard.problem}; write the value without it (the manifest would not be the object audited)`;
  });
}

function containerOf(
  manifest: Readonly<Record<string, unknown>>,
  templatePath: readonly string[],
  path: readonly (string | number)[],
): { readonly name: string; readonly rest: readonly (string | number)[] } | undefined {
  const prefix = [...templatePath, 'spec'];
  if (path.length < prefix.length + 3 || !prefix.every((key, i) => path[i] === key)) return undefined;
  const group = path[prefix.length];
  const index = path[prefix.length + 1];
  if (typeof group !== 'string' || !CONTAINER_GROUPS.has(group) || typeof index !== 'number')
    return undefined;
  let node: unknown = manifest;
  for (const key of [...prefix, group, index])
    node = (node as Record<string | number, unknown> | undefined)?.[key];
  const name = (node as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? { name, rest: path.slice(prefix.length + 2) } : undefined;
}
