import { mkdtempSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoWasmError, WASM_DIRECTORY, startGoWasm } from '../../src/audit/wasm/go-wasm-module';
import { readAsKubectl } from '../../src/audit/wasm/kubernetes-reader';

describe('the Go WebAssembly loader', () => {
  it('runs the shipped Kubernetes reader: kubectl merges a `<<` behind a tag, refuses a `\\/` escape', () => {
    expect(readAsKubectl('a: 1\n---\nb: yes\n! <<: {runAsUser: 0}\n')).toEqual({
      documents: [{ a: 1 }, { b: true, runAsUser: 0 }],
    });
    expect(readAsKubectl('a: "\\/"\n').error).toBe(
      'error converting YAML to JSON: yaml: found unknown escape character',
    );
  });

  it('leaves no global behind (Go and its loader run in a scope of their own)', () => {
    readAsKubectl('a: 1\n');
    expect(Object.keys(globalThis).filter((key) => /^(Go|fs|goWasmExport)$/.test(key))).toEqual([]);
  });

  it('reports a missing module as a GoWasmError naming the file, not a stack trace', () => {
    const directory = mkdtempSync(join(tmpdir(), 'go-wasm-'));
    copyFileSync(join(WASM_DIRECTORY, 'wasm_exec.js'), join(directory, 'wasm_exec.js'));
    expect(() => startGoWasm('missing.wasm', directory)).toThrow(GoWasmError);
    expect(() => startGoWasm('missing.wasm', directory)).toThrow(
      /cannot load .*missing\.wasm: .*no such file/,
    );
  });

  it('reports a corrupt module as a GoWasmError', () => {
    const directory = mkdtempSync(join(tmpdir(), 'go-wasm-'));
    copyFileSync(join(WASM_DIRECTORY, 'wasm_exec.js'), join(directory, 'wasm_exec.js'));
    writeFileSync(join(directory, 'corrupt.wasm'), 'not a module');
    expect(() => startGoWasm('corrupt.wasm', directory)).toThrow(/cannot load .*corrupt\.wasm/);
  });
});
