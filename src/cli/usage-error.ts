/** A command line that cannot be run: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  /** Always `UsageError`, so the error can be told apart after serialisation. */
  public override readonly name = 'UsageError';

  /** @param command the command whose usage to show. @default - the top-level usage */
  public constructor(
    message: string,
    public readonly command?: string,
  ) {
    super(message);
  }
}
