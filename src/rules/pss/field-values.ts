/**
 * How Pod Security checks read a field of untrusted input. Kubernetes decodes `null` as unset,
 * so it counts as absent; any other value of the wrong type counts as set, so that a check
 * fails closed instead of passing a value the API server would interpret differently.
 */

/** Whether a field is present (neither absent nor `null`). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Whether a boolean field is set to anything but `false`: how `privileged: true` is read. */
export function isSetNotFalse(value: unknown): boolean {
  return isSet(value) && value !== false;
}

/** A value as a message shows it: strings quoted, anything else as JSON. */
export function quote(value: unknown): string {
  // JSON.stringify(undefined) is undefined, whatever its declared type says.
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** A string field's value, or its JSON text when it has another type (so a message can name it). */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : quote(value);
}
