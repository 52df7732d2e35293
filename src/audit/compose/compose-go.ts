import { join } from 'node:path';
import { WASM_DIRECTORY, sharedWasiReactor } from '../wasm/wasi-reactor';

/** What go/compose-reader loads: the options of `docker compose`, paths absolute. */
export interface ComposeGoRequest {
  /** The project directory. */
  readonly workingDir: string;
  /** The `-f` files. */
  readonly files: readonly string[];
  /** One in-memory document, read as `workingDir/compose.yaml`. @default - none: files */
  readonly content?: string;
  /** `--env-file` options; none: the project's `.env`. */
  readonly envFiles: readonly string[];
  /** The process environment Compose sees (opt-in). */
  readonly environment: Readonly<Record<string, string>>;
  /** `--profile` options. */
  readonly profiles: readonly string[];
  /** Read as `docker compose` without -f when that reading loads `files[0]`. */
  readonly discover: boolean;
}

/** A value of the merged model that reads a variable unset where the audit ran. */
export interface ComposeGoTaint {
  /** Keys from the model root, e.g. `['services', 'api', 'volumes', 0, 'source']`. */
  readonly keys: readonly (string | number)[];
  /** The unset variables the value reads. */
  readonly variables: readonly string[];
}

/** Why Compose refuses a project, located where compose-go says. */
export interface ComposeGoError {
  /** compose-go's message. */
  readonly message: string;
  /** The file it names. @default - absent: none named */
  readonly file?: string;
  /** The line it names. @default - absent: none named */
  readonly line?: number;
}

/** What go/compose-reader answers. */
export interface ComposeGoResponse {
  /** compose-go's canonical model of the project (enabled services). @default - absent: error */
  readonly project?: Readonly<Record<string, unknown>>;
  /** Services of inactive profiles, canonical too. @default - none */
  readonly disabled?: Readonly<Record<string, unknown>>;
  /** The project directory compose-go used. @default - absent: error */
  readonly workingDir?: string;
  /** Read as `docker compose` without -f reads it. */
  readonly discovered?: boolean;
  /** The files loaded, in merge order. */
  readonly composeFiles?: readonly string[];
  /** Files named by top-level `include`. */
  readonly included?: readonly string[];
  /** The values that read unset variables. */
  readonly taints: readonly ComposeGoTaint[];
  /** Why the values reading unset variables could not be told apart. @default - absent: they were */
  readonly taintsUnknown?: string;
  /** The unset variables the project reads. */
  readonly unset: readonly string[];
  /** Why Compose refuses the project. @default - absent: it loads */
  readonly error?: ComposeGoError;
  /** compose-go's log while loading. @default - none */
  readonly warnings?: readonly string[];
}

/** The shipped module: compose-go v2 built from go/compose-reader. */
export const COMPOSE_READER_WASM = join(WASM_DIRECTORY, 'compose-reader.wasm');

/**
 * Loads a Compose project with compose-go, Docker Compose v2's own loader, compiled to
 * WebAssembly. The module is started on the first Compose file of the process (about half a
 * second), never for an audit without one.
 *
 * @throws WasmModuleError when the shipped module cannot be loaded.
 */
export function readComposeProject(request: ComposeGoRequest): ComposeGoResponse {
  const reactor = sharedWasiReactor(COMPOSE_READER_WASM, 'load');
  return JSON.parse(reactor.call(JSON.stringify(request))) as ComposeGoResponse;
}
