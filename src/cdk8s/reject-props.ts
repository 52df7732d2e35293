/**
 * Rejects props that the TypeScript types already leave out, for JavaScript callers: a hardened
 * construct never takes a field that would override its posture silently.
 */
export function rejectProps(
  props: object,
  construct: string,
  refused: Readonly<Record<string, string>>,
): void {
  for (const [key, hint] of Object.entries(refused)) {
    if ((props as Record<string, unknown>)[key] !== undefined) {
      throw new TypeError(`${construct}: the "${key}" prop is not accepted: ${hint}`);
    }
  }
}
