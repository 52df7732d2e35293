/** Where a runtime case's input comes from. */

/** A case's input and where it comes from (shown in the report). */
export interface InputSource<T> {
  readonly source: string;
  readonly load: () => Promise<T>;
}

/** The library's own output, e.g. fromLibrary('HardenedContainer under Pulumi mocks', () => ...). */
export function fromLibrary<T>(source: string, load: () => Promise<T>): InputSource<T> {
  return { source, load };
}
