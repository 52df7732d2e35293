import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { isWorkloadKind } from '../../src/audit/workloads';
import { generateCorpus } from '../../bench/corpus';
import { CONFORMANCE_DIR } from '../conformance/conformance-dir';
import type { PodDocument } from '../conformance/workload-wrappers';

/** One upstream Pod Security fixture. */
export interface PssFixture {
  readonly level: 'baseline' | 'restricted';
  readonly version: string;
  readonly expect: 'pass' | 'fail';
  readonly name: string;
  readonly pod: PodDocument;
}

/** Every Pod Security fixture of shared/conformance/pss. */
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
          fixtures.push({
            level,
            version,
            expect,
            name,
            pod: parse(readFileSync(path.join(dir, name), 'utf8')) as PodDocument,
          });
        }
      }
    }
  }
  return fixtures;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(file);
      return /\.ya?ml$/.test(entry.name) ? [file] : [];
    });
}

/** Every workload document of the Kyverno policy tests (resources and chainsaw objects). */
export function kyvernoWorkloads(): { file: string; document: unknown }[] {
  return yamlFiles(path.join(CONFORMANCE_DIR, 'kyverno')).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((doc) => doc.toJS() as { kind?: unknown } | null)
      .filter((doc) => doc !== null && typeof doc === 'object' && isWorkloadKind(doc.kind))
      .map((document) => ({ file: path.relative(CONFORMANCE_DIR, file), document })),
  );
}

/** The benchmark corpus generator's first `count` workloads (deterministic: the bench's seed). */
export function corpusWorkloads(count: number): unknown[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'hardened-workloads-admission-'));
  try {
    const manifest = generateCorpus(count, dir);
    return manifest.files.flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map((doc) => doc.toJS() as unknown),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
