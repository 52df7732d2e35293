import type { ContainerView } from '../rules/pod-view';

/** `init containers "a", "b"` when all are init (or ephemeral) containers of one kind, else `containers "a", "b"`. */
function groupLabel(containers: readonly ContainerView[]): string {
  const names = containers.map((c) => JSON.stringify(c.name)).join(', ');
  const groups = new Set(containers.map((c) => c.group));
  const plural = containers.length > 1;
  if (groups.size === 1 && groups.has('initContainers')) return `init container${plural ? 's' : ''} ${names}`;
  if (groups.size === 1 && groups.has('ephemeralContainers'))
    return `ephemeral container${plural ? 's' : ''} ${names}`;
  return `container${plural ? 's' : ''} ${names}`;
}

/**
 * Joins per-container descriptions into one answer: containers with the same description share a
 * sentence (`containers "api", "worker": ...`), so a uniform pod reads as one line.
 */
export function perContainer(
  containers: readonly ContainerView[],
  describe: (container: ContainerView) => string,
): string {
  if (containers.length === 0) return 'The pod has no containers.';
  const byText = new Map<string, ContainerView[]>();
  for (const container of containers) {
    const text = describe(container);
    const same = byText.get(text);
    if (same) same.push(container);
    else byText.set(text, [container]);
  }
  return [...byText].map(([text, group]) => `${capitalise(groupLabel(group))}: ${text}.`).join(' ');
}

/** Upper-cases the first letter. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A JSON value as an integer, or null when it is absent or not an integer. */
export function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** A JSON value as a boolean, or null when it is absent or not a boolean. */
export function booleanOrNull(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}
