/** The `restrictedFields` entry of a container field, for each of the three container lists. */
export function containerFields(...suffixes: readonly string[]): string[] {
  return ['containers', 'initContainers', 'ephemeralContainers'].flatMap((group) =>
    suffixes.map((suffix) => `spec.${group}[*].${suffix}`),
  );
}
