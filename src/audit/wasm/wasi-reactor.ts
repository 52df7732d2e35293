import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WASI } from 'node:wasi';

/**
 * A Go program built as a WASI reactor (`GOOS=wasip1 -buildmode=c-shared`) that answers one JSON
 * request with one JSON response through three exports: `inputBuffer(size)`, the action, and
 * `resultPointer()`. Files are the host's, read through WASI preopens.
 */
export interface WasiReactor {
  /** Sends one request and returns the response text. Synchronous: the Go side never waits on the host. */
  call(request: string): string;
}

/** Why a shipped module could not be loaded: the audit stops (exit 2) naming it. */
export class WasmModuleError extends Error {
  public constructor(
    message: string,
    /** The module file. */
    public readonly file: string,
  ) {
    super(message);
    this.name = 'WasmModuleError';
  }
}

/** The folder the npm package ships its `.wasm` files in (the same from `src/` and `lib/`). */
export const WASM_DIRECTORY = join(__dirname, '..', '..', '..', 'wasm');

// The lib this package compiles against (ES2023, no DOM) declares no WebAssembly: the part used.
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
}
const webAssembly = (globalThis as unknown as { readonly WebAssembly: WebAssemblyApi }).WebAssembly;

interface ReactorExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly inputBuffer: (size: number) => number;
  readonly resultPointer: () => number;
  readonly _initialize?: () => void;
  readonly [action: string]: unknown;
}

/**
 * Compiles and starts a shipped reactor module. With V8's default tiering: compiling it with
 * Liftoff only was three times faster to a first answer, but needs `--liftoff-only` changed after
 * start-up, which V8 does not support, and a CI run crashed (SIGSEGV) right after that change
 * while the kubectl reader's module was tiering up in the same process.
 *
 * @throws WasmModuleError when the file is missing or is not a module of that shape.
 */
export function startWasiReactor(file: string, action: string): WasiReactor {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new WasmModuleError(`cannot read the WebAssembly module: ${(error as Error).message}`, file);
  }
  let module: object;
  try {
    module = new webAssembly.Module(bytes);
  } catch (error) {
    throw new WasmModuleError(`the WebAssembly module does not compile: ${(error as Error).message}`, file);
  }
  const wasi = newWasi();
  let exports: ReactorExports;
  try {
    exports = withoutWasiNotice(() => {
      const instance = new webAssembly.Instance(module, wasi.getImportObject());
      wasi.initialize(instance);
      return instance.exports as unknown as ReactorExports;
    });
  } catch (error) {
    throw new WasmModuleError(`the WebAssembly module does not start: ${(error as Error).message}`, file);
  }
  const run = exports[action];
  if (typeof run !== 'function' || typeof exports.inputBuffer !== 'function') {
    throw new WasmModuleError(`the WebAssembly module has no ${action} export`, file);
  }
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    call(request) {
      const bytesIn = encoder.encode(request);
      const at = exports.inputBuffer(bytesIn.length);
      new Uint8Array(exports.memory.buffer, at, bytesIn.length).set(bytesIn);
      const length = (run as () => number)();
      const from = exports.resultPointer();
      // A copy: the Go heap is reused by the next call.
      return decoder.decode(new Uint8Array(exports.memory.buffer, from, length).slice());
    },
  };
}

/**
 * The reactor of `file` started once per process. Kept on an object every copy of this file shares
 * (the `node:wasi` built-in), not in a module variable: a test runner that loads the audit once per
 * test file would otherwise start a module per test file, and Node 20 crashes (SIGSEGV) when it
 * collects many WASI instances.
 *
 * @throws WasmModuleError as {@link startWasiReactor}.
 */
export function sharedWasiReactor(file: string, action: string): WasiReactor {
  const holder = wasiBuiltin() as unknown as Record<symbol, WasiReactor | undefined>;
  const key = Symbol.for(`hardened-workloads/wasi-reactor:${file}#${action}`);
  let reactor = holder[key];
  if (reactor === undefined) {
    reactor = startWasiReactor(file, action);
    holder[key] = reactor;
  }
  return reactor;
}

function newWasi(): WASI {
  const { WASI: Wasi } = wasiBuiltin();
  return withoutWasiNotice(
    () => new Wasi({ version: 'preview1', args: [], env: {}, preopens: { '/': '/' }, returnOnExit: true }),
  );
}

// node:wasi says it is experimental when it is loaded and used; the audit's output is no place for that notice.
let loadedWasi: typeof import('node:wasi') | undefined;

function wasiBuiltin(): typeof import('node:wasi') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first file that needs it
  loadedWasi ??= withoutWasiNotice(() => require('node:wasi') as typeof import('node:wasi'));
  return loadedWasi;
}

function withoutWasiNotice<T>(run: () => T): T {
  const emit = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  const original = (emit?.value ?? Reflect.get(process, 'emitWarning')) as (...args: unknown[]) => void;
  const filtered = (warning: string | Error, ...rest: unknown[]): void => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (!text.includes('WASI')) Reflect.apply(original, process, [warning, ...rest]);
  };
  Object.defineProperty(process, 'emitWarning', { value: filtered, configurable: true, writable: true });
  try {
    return run();
  } finally {
    if (emit === undefined) Reflect.deleteProperty(process, 'emitWarning');
    else Object.defineProperty(process, 'emitWarning', emit);
  }
}
