import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A Go program compiled with `GOOS=js GOARCH=wasm`, started once, that leaves one function for us:
 * bytes in (a file), text out (its reading, as JSON). Calls are synchronous.
 */
export type GoWasmFunction = (input: Uint8Array) => string;

/** A shipped Go WebAssembly module could not be loaded or stopped working: the install is broken. */
export class GoWasmError extends Error {
  public override readonly name = 'GoWasmError';
}

/** Where the shipped modules and Go's loader (`wasm_exec.js`) live: `wasm/` at the package root. */
export const WASM_DIRECTORY = join(__dirname, '..', '..', '..', 'wasm');

/** What wasm_exec.js defines: the parts of Go's JavaScript host we use. */
interface GoHost {
  argv: string[];
  env: Record<string, string>;
  exited: boolean;
  importObject: object;
  run(instance: object): Promise<void>;
}

/** The part of the WebAssembly API we use (the project's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
}
const webAssembly = (globalThis as unknown as { readonly WebAssembly: WebAssemblyApi }).WebAssembly;

/** Go's runtime writes panics and fatal errors to its stderr: kept, to explain a failure. */
const STDERR_LIMIT = 4096;

let goLoaderSource: ((globalThis: Scope) => void) | undefined;

/**
 * Starts the Go program `wasm/<fileName>` and returns its function. Synchronous, so a reader can
 * stay synchronous: Node compiles and instantiates modules of any size synchronously, and the Go
 * program's `main` runs up to its final `select {}` within `go.run`. Go's loader (wasm_exec.js)
 * runs in a scope of its own, so neither it nor the Go program touches the process's globals; the
 * program finds its export name in its first argument. Any failure is a {@link GoWasmError}.
 */
export function startGoWasm(fileName: string, directory = WASM_DIRECTORY): GoWasmFunction {
  const path = join(directory, fileName);
  const stderr = { text: '' };
  const scope = goScope(stderr);
  let go: GoHost;
  try {
    const GoClass = loadGoHostClass(directory, scope);
    go = new GoClass();
    const module = new webAssembly.Module(readFileSync(path));
    const instance = new webAssembly.Instance(module, go.importObject);
    go.argv = [fileName, EXPORT_NAME];
    go.env = {};
    void go.run(instance).catch(() => undefined);
  } catch (error) {
    throw new GoWasmError(`cannot load ${path}: ${describe(error)}`);
  }
  const exported: unknown = scope[EXPORT_NAME];
  if (typeof exported !== 'function') {
    throw new GoWasmError(`${path} did not start: ${stderr.text.trim() || 'it exported no function'}`);
  }
  const call = exported as (input: Uint8Array) => unknown;
  return (input) => {
    if (go.exited) throw new GoWasmError(`${fileName} has stopped: ${stderr.text.trim() || 'no message'}`);
    let result: unknown;
    try {
      result = call(input);
    } catch (error) {
      throw new GoWasmError(`${fileName} failed: ${stderr.text.trim() || describe(error)}`);
    }
    if (typeof result !== 'string') {
      throw new GoWasmError(`${fileName} failed: ${stderr.text.trim() || 'it returned no text'}`);
    }
    return result;
  };
}

const EXPORT_NAME = 'goWasmExport';

type Scope = Record<string, unknown>;

/**
 * The `globalThis` that wasm_exec.js and the Go program see: the real one underneath, with a `fs`
 * of our own on top (Go writes its stdout and stderr through it) that keeps what is written.
 */
function goScope(stderr: { text: string }): Scope {
  const scope = Object.create(globalThis) as Scope;
  // Node defines these as getters that refuse any receiver but the real global: copied as values.
  for (const name of ['crypto', 'performance'] as const) {
    Object.defineProperty(scope, name, { value: globalThis[name], writable: true, configurable: true });
  }
  const decoder = new TextDecoder();
  const writeSync = (_fd: number, buffer: Uint8Array): number => {
    if (stderr.text.length < STDERR_LIMIT) stderr.text += decoder.decode(buffer);
    return buffer.length;
  };
  const implemented: Record<string, unknown> = {
    constants: { O_WRONLY: -1, O_RDWR: -1, O_CREAT: -1, O_TRUNC: -1, O_APPEND: -1, O_EXCL: -1, O_DIRECTORY: -1 },
    writeSync,
    write: (
      fd: number,
      buffer: Uint8Array,
      offset: number,
      length: number,
      _position: unknown,
      callback: (error: Error | null, written?: number) => void,
    ): void => {
      callback(null, writeSync(fd, buffer.subarray(offset, offset + length)));
    },
    fsync: (_fd: number, callback: (error: Error | null) => void): void => {
      callback(null);
    },
  };
  // Every other file operation fails with ENOSYS, as in Go's own stub: the readers open no file.
  const notImplemented = (...args: unknown[]): void => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      (callback as (error: Error) => void)(Object.assign(new Error('not implemented'), { code: 'ENOSYS' }));
    }
  };
  const fs = new Proxy(implemented, {
    get: (target, key) => (typeof key === 'string' && key in target ? target[key] : notImplemented),
  });
  Object.defineProperty(scope, 'fs', { value: fs, writable: true, configurable: true });
  return scope;
}

// wasm_exec.js assigns `globalThis.Go`, and its Go class reads `globalThis` (the program's
// js.Global(), and `fs` when Go writes): evaluated with `globalThis` bound to the module's own scope,
// all of that stays in the scope. Evaluated once per module, so two modules never share a scope.
function loadGoHostClass(directory: string, scope: Scope): new () => GoHost {
  if (goLoaderSource === undefined) {
    const source = readFileSync(join(directory, 'wasm_exec.js'), 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- Go's own loader, shipped with the package
    goLoaderSource = new Function('globalThis', source) as (globalThis: Scope) => void;
  }
  goLoaderSource(scope);
  if (typeof scope.Go !== 'function') throw new Error('wasm_exec.js defined no Go class');
  return scope.Go as new () => GoHost;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
