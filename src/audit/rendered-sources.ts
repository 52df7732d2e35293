import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { yamlPackage } from './yaml-package';

/** The files that make a directory a Helm chart. */
const HELM_CHART_FILES = ['Chart.yaml', 'Chart.yml'];
/** The files that make a directory a kustomization, as kustomize looks for them. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/**
 * The Helm chart or kustomization directory a file lies in (its nearest such ancestor, up to the
 * filesystem root), with what it is; undefined for a file in no such directory. For hooks that pass
 * every changed file by name (pre-commit): a chart's template is not a manifest however it is named.
 */
export function enclosingRenderedSource(
  file: string,
): { directory: string; source: RenderedSource } | undefined {
  let directory = dirname(resolve(file));
  for (let depth = 0; depth < 64; depth++) {
    const present = new Set(
      [...HELM_CHART_FILES, ...KUSTOMIZATION_FILES].filter((name) => existsSync(join(directory, name))),
    );
    const source = renderedSourceOf(directory, present);
    if (source !== undefined) return { directory, source };
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
  return undefined;
}

/** A kustomization is a small file; a larger one is not read for its patches. */
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/**
 * A directory whose files are not manifests but the source of some: a Helm chart (its templates are
 * Go templates) or a kustomization (its patches are fragments). Judging those files as they stand
 * gives parse errors and false findings; the rendering is what the cluster receives.
 */
export interface RenderedSource {
  readonly kind: 'helm' | 'kustomize';
  /** The note: what the directory is and the command that renders it into the audit. */
  readonly reason: string;
}

/** What `directory` is, when it is rendered before it is applied; undefined for a plain directory. */
export function renderedSourceOf(directory: string, names: ReadonlySet<string>): RenderedSource | undefined {
  if (HELM_CHART_FILES.some((name) => names.has(name))) {
    return {
      kind: 'helm',
      reason: `a Helm chart (its templates are not manifests): audit its rendering, \`helm template ${directory} | hardened-workloads audit -\``,
    };
  }
  if (KUSTOMIZATION_FILES.some((name) => names.has(name))) {
    return {
      kind: 'kustomize',
      reason: `a kustomization (its patches are not whole objects): audit its build, \`kubectl kustomize ${directory} | hardened-workloads audit -\``,
    };
  }
  return undefined;
}

/**
 * The files a kustomization in `directory` names as patches (`patches[].path`,
 * `patchesStrategicMerge`, `patchesJson6902[].path`), resolved. A patch is a fragment merged into an
 * object of the build: judged alone it reads as a workload missing its whole posture. A kustomization
 * that cannot be read names no patch (the directory itself is noted as a kustomization anyway).
 */
export function kustomizationPatches(directory: string, names: ReadonlySet<string>): string[] {
  const name = KUSTOMIZATION_FILES.find((candidate) => names.has(candidate));
  if (name === undefined) return [];
  const file = join(directory, name);
  let value: unknown;
  try {
    if (statSync(file).size > MAX_KUSTOMIZATION_BYTES) return [];
    value = yamlPackage().parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const paths: string[] = [];
  for (const key of ['patches', 'patchesJson6902', 'patchesStrategicMerge']) {
    const entries = record[key];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      // patchesStrategicMerge lists paths (or inline patches, which hold a newline); the others { path }.
      const path =
        typeof entry === 'string'
          ? entry.includes('\n')
            ? undefined
            : entry
          : typeof entry === 'object' && entry !== null
            ? (entry as Record<string, unknown>).path
            : undefined;
      if (typeof path === 'string' && path.length > 0) paths.push(resolve(dirname(file), path));
    }
  }
  return paths;
}
