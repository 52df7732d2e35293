import { createRequire } from 'node:module';
import { NotAvailable } from './types';

// require, not import(): the library is TypeScript compiled on the fly to CommonJS in the child, and
// require is what resolves its extensionless and directory paths.
const load = createRequire(__filename);

/**
 * Loads a module of the library that may not be written yet. The specifier is a variable on
 * purpose: a literal would make `tsc` fail the whole benchmark while the module is missing.
 */
export function loadOptional(specifier: string, exportName: string): unknown {
  let mod: Record<string, unknown>;
  try {
    mod = load(specifier) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new NotAvailable(
        `${specifier} does not load yet (${(error as Error).message.split('\n')[0] ?? ''})`,
      );
    }
    throw error;
  }
  const value = mod[exportName];
  if (value === undefined) throw new NotAvailable(`${specifier} has no export ${exportName} yet`);
  return value;
}
