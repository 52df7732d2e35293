import { asObject } from '../../rules/pod-view';
import type { ManifestProblem } from '../workloads';
import { COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS, closestKey, isExtensionKey } from './compose-keys';

/**
 * Unknown top-level and service keys of one Compose document, each with the likely intended key: a
 * misspelt `cap_drops` would otherwise be silently ignored. A service that is not a mapping too.
 */
export function unknownKeyProblems(
  doc: unknown,
  problem: (message: string, keys: readonly (string | number)[]) => ManifestProblem,
): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const root = asObject(doc);
  for (const key of Object.keys(root)) {
    if (COMPOSE_TOP_LEVEL_KEYS.includes(key) || isExtensionKey(key)) continue;
    problems.push(
      problem(`unknown top-level key ${JSON.stringify(key)}${suggestion(key, COMPOSE_TOP_LEVEL_KEYS)}`, [
        key,
      ]),
    );
  }
  for (const [name, raw] of Object.entries(asObject(root.services))) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(
        problem(`service ${JSON.stringify(name)} must be a mapping of service keys`, ['services', name]),
      );
      continue;
    }
    for (const key of Object.keys(raw)) {
      if (COMPOSE_SERVICE_KEYS.includes(key) || isExtensionKey(key) || key === '<<') continue;
      problems.push(
        problem(
          `service ${JSON.stringify(name)} has unknown key ${JSON.stringify(key)}${suggestion(key, COMPOSE_SERVICE_KEYS)}`,
          ['services', name, key],
        ),
      );
    }
  }
  return problems;
}

function suggestion(key: string, known: readonly string[]): string {
  const closest = closestKey(key, known);
  return closest === undefined ? '' : ` (did you mean ${JSON.stringify(closest)}?)`;
}
