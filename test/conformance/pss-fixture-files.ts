import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CONFORMANCE_DIR } from './conformance-dir';
import type { PodDocument } from './workload-wrappers';

/** One upstream Pod Security fixture of shared/conformance/pss. */
export interface PssFixture {
  readonly level: 'baseline' | 'restricted';
  /** The Pod Security version directory, e.g. `v1.28`. */
  readonly version: string;
  readonly expect: 'pass' | 'fail';
  /** The file name, e.g. `privileged0.yaml`. */
  readonly name: string;
  /** The file's path. */
  readonly file: string;
  readonly pod: PodDocument;
}

/** Every Pod Security fixture, in a stable order (level, version, pass before fail, file name). */
export function pssFixtures(): PssFixture[] {
  const root = path.join(CONFORMANCE_DIR, 'pss');
  const fixtures: PssFixture[] = [];
  for (const level of ['baseline', 'restricted'] as const) {
    for (const version of readdirSync(path.join(root, level)).sort()) {
      for (const expect of ['pass', 'fail'] as const) {
        const dir = path.join(root, level, version, expect);
        for (const name of readdirSync(dir)
          .filter((f) => f.endsWith('.yaml'))
          .sort()) {
          const file = path.join(dir, name);
          fixtures.push({
            level,
            version,
            expect,
            name,
            file,
            pod: parse(readFileSync(file, 'utf8')) as PodDocument,
          });
        }
      }
    }
  }
  return fixtures;
}
