/** Where a runtime case's input comes from. */

/** A case's input and where it comes from (shown in the report). */
export interface InputSource<T> {
  readonly source: string;
  readonly load: () => Promise<T>;
}

/** A hand-written stand-in from hand-written-inputs.ts. */
export function handWritten<T>(value: T): InputSource<T> {
  return { source: 'hand-written stand-in (hand-written-inputs.ts)', load: () => Promise.resolve(value) };
}

/** The library's own output, e.g. fromLibrary('HardenedContainer under Pulumi mocks', () => ...). */
export function fromLibrary<T>(source: string, load: () => Promise<T>): InputSource<T> {
  return { source, load };
}
