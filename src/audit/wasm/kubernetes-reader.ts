import { GoWasmError, startGoWasm, type GoWasmFunction } from './go-wasm-module';

/** The shipped module: go/kubernetes-reader built for `GOOS=js GOARCH=wasm` (`npm run wasm:build`). */
export const KUBERNETES_READER_WASM = 'kubernetes-reader.wasm';

/** What kubectl reads from one file (go/kubernetes-reader/read: read.Result). */
export interface KubectlReading {
  /**
   * Each document the decoder returned, in order: null for an empty or null document, which kubectl
   * skips (kept, so that documents pair with the text they came from).
   */
  readonly documents: readonly unknown[];
  /** kubectl's own message for the error that stops it, if any. */
  readonly error?: string;
}

let reader: GoWasmFunction | undefined;

/**
 * Reads a manifest file with kubectl's own decoding (k8s.io/apimachinery's YAMLOrJSONDecoder and
 * sigs.k8s.io/yaml, the versions kubectl v1.37 pins) compiled to WebAssembly. The module is loaded
 * on the first call only. Throws {@link GoWasmError} when it cannot be loaded or run.
 */
export function readAsKubectl(file: Uint8Array | string): KubectlReading {
  reader ??= startGoWasm(KUBERNETES_READER_WASM);
  const input = typeof file === 'string' ? new TextEncoder().encode(file) : file;
  const raw = reader(input);
  let parsed: { docs?: unknown; error?: unknown };
  try {
    parsed = JSON.parse(raw) as typeof parsed;
  } catch {
    throw new GoWasmError(`${KUBERNETES_READER_WASM} returned text that is not JSON`);
  }
  if (!Array.isArray(parsed.docs)) {
    throw new GoWasmError(`${KUBERNETES_READER_WASM} returned an unexpected result`);
  }
  return {
    documents: parsed.docs as unknown[],
    ...(typeof parsed.error === 'string' && { error: parsed.error }),
  };
}

/** Whether the module has been loaded in this process (for the lazy-loading tests). */
export function kubernetesReaderLoaded(): boolean {
  return reader !== undefined;
}
