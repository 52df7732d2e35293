import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The shared conformance material sits beside the repository (`<repo>/../shared/conformance`),
 * both here and in CI, which clones the repository with shared/ next to it. A git worktree elsewhere
 * names it with HARDENED_WORKLOADS_CONFORMANCE_DIR.
 */
export const CONFORMANCE_DIR =
  process.env.HARDENED_WORKLOADS_CONFORMANCE_DIR ??
  path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance');

/** Why the conformance suites cannot run here, or undefined when they can. */
export function conformanceUnavailable(subdirectory: string): string | undefined {
  const dir = path.join(CONFORMANCE_DIR, subdirectory);
  return existsSync(dir) ? undefined : `conformance material not found at ${dir}: the suite did not run`;
}
