import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditPaths } from '../../src/audit';
import { kubernetesReaderLoaded } from '../../src/audit/wasm/kubernetes-reader';
import { TempTree } from './temp-files';

// One process: the module is loaded at most once, so the order of these tests matters.
const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

const SECURE = readFileSync(join(__dirname, '..', '..', 'examples', 'manifests', 'secure.yaml'), 'utf8');

describe("kubectl's decoder (WebAssembly) is loaded only for a file that needs it", () => {
  test('an in-subset manifest, and a single JSON document, are read without it', () => {
    const yaml = tree.write('secure.yaml', SECURE);
    const json = tree.write(
      'pod.json',
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } }),
    );
    const report = auditPaths([yaml, json], { onInputError: 'collect' });
    expect(report.inputs.errors).toEqual([]);
    expect(report.summary.workloads).toBe(2);
    expect(kubernetesReaderLoaded()).toBe(false);
  });

  test('a file outside the subset (an anchor) loads it, and is read as kubectl reads it', () => {
    const file = tree.write(
      'anchored.yaml',
      SECURE.replace('automountServiceAccountToken: false', 'automountServiceAccountToken: &f false'),
    );
    const report = auditPaths([file], { onInputError: 'collect' });
    expect(report.inputs.errors).toEqual([]);
    expect(kubernetesReaderLoaded()).toBe(true);
  });
});
