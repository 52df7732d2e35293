import { asArray, asObject } from '../../rules/pod-view';
import type { ManifestProblem } from '../workloads';
import { COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS, closestKey, isExtensionKey } from './compose-keys';

const UNIQUE_ITEM_KEYS = ['cap_add', 'cap_drop', 'devices', 'security_opt', 'volumes'] as const;

/**
 * Unknown top-level and service keys of one Compose document, each with the likely intended key: a
 * misspelt `cap_drops` would otherwise be silently ignored. A service that is not a mapping, and a
 * list that repeats an item (after interpolation), too.
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
    // The Compose schema says uniqueItems for these lists: both Compose versions refuse a repeated item.
    for (const key of UNIQUE_ITEM_KEYS) {
      const items = asArray((raw as Record<string, unknown>)[key]).map((item) => JSON.stringify(item));
      const repeated = items.find((item, index) => items.indexOf(item) !== index);
      if (repeated !== undefined) {
        problems.push(
          problem(
            `service ${JSON.stringify(name)}: ${key} lists ${repeated} twice: Compose refuses repeated items`,
            ['services', name, key],
          ),
        );
      }
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
