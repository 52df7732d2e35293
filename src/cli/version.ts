import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package version, read from package.json (two levels up from both src/cli and lib/cli). */
export function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
