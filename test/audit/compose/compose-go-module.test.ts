import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readComposeProject } from 'hardened-workloads/audit/compose';
import { WasmModuleError, startWasiReactor } from '../../../src/audit/wasm/wasi-reactor';
import { TempTree } from '../temp-files';

let tree: TempTree;
beforeEach(() => {
  tree = new TempTree();
});
afterEach(() => {
  tree.remove();
});

describe('the shipped compose-go module', () => {
  test('a missing or broken module is a WasmModuleError naming the file, never a crash', () => {
    const missing = join(tree.root, 'gone.wasm');
    expect(() => startWasiReactor(missing, 'load')).toThrow(WasmModuleError);
    expect(() => startWasiReactor(missing, 'load')).toThrow(/cannot read the WebAssembly module/);
    const broken = join(tree.root, 'broken.wasm');
    writeFileSync(broken, 'not a module');
    expect(() => startWasiReactor(broken, 'load')).toThrow(/does not compile/);
  });

  test('a module that cannot be loaded stops the audit of a Compose file with exit 2, naming the fix', () => {
    const file = tree.write('compose.yaml', 'services:\n  api:\n    image: a:1\n');
    jest.isolateModules(() => {
      jest.doMock('../../../src/audit/wasm/wasi-reactor', () => ({
        ...jest.requireActual<object>('../../../src/audit/wasm/wasi-reactor'),
        // The module as a broken install leaves it (the started module is shared by the process).
        sharedWasiReactor: (path: string) => {
          throw new (jest.requireActual<typeof import('../../../src/audit/wasm/wasi-reactor')>(
            '../../../src/audit/wasm/wasi-reactor',
          ).WasmModuleError)('the WebAssembly module does not compile: test', path);
        },
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { auditPaths } = require('../../../src/audit') as typeof import('../../../src/audit');
      const report = auditPaths([file], { onInputError: 'collect' });
      expect(report.findings).toEqual([]);
      expect(report.inputs.errors.map((e) => [e.file, e.problem])).toEqual([
        [
          file,
          expect.stringMatching(
            /^cannot load compose-go \(.*compose-reader\.wasm\): .*reinstall hardened-workloads$/,
          ),
        ],
      ]);
    });
    jest.dontMock('../../../src/audit/wasm/wasi-reactor');
  });

  test('the module answers a request: the canonical model, the files loaded, the unset variables', () => {
    const file = tree.write('compose.yaml', 'services:\n  api:\n    image: a:1\n    privileged: ${P:-yes}\n');
    const answer = readComposeProject({
      workingDir: tree.root,
      files: [file],
      envFiles: [],
      environment: {},
      profiles: [],
      discover: true,
    });
    expect(answer.error).toBeUndefined();
    expect(answer.discovered).toBe(true);
    expect(answer.composeFiles).toEqual([file]);
    expect((answer.project?.services as Record<string, Record<string, unknown>>).api?.privileged).toBe(true);
    expect(answer.unset).toEqual(['P']);
    expect(answer.taints).toEqual([{ keys: ['services', 'api', 'privileged'], variables: ['P'] }]);
  });
});
