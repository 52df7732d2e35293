import { InputError } from './input-error';
import { MAX_FILE_SIZE_FLAG, formatBytes } from './read-file';

/** The path argument that stands for standard input (`helm template . | hardened-workloads audit -`). */
export const STDIN_PATH = '-';

/** The file name findings and errors carry for standard input. */
export const STDIN_NAME = '<stdin>';

/**
 * Reads standard input: at most `maxBytes + 1` bytes (one more than allowed, so that an input over
 * the cap is told apart from one exactly at it). Throws {@link InputError} when there is no stream
 * to read (a terminal).
 */
export type StdinReader = (maxBytes: number) => Uint8Array;

/**
 * The text of standard input, with the checks a file gets: the size cap, no binary data, valid
 * UTF-8; and not empty. Every problem is an {@link InputError} naming `<stdin>`.
 */
export function stdinText(read: StdinReader | undefined, maxBytes: number): string {
  if (read === undefined) {
    throw new InputError('standard input is not available here', {
      file: STDIN_NAME,
      hint: 'pipe manifests into the command line, e.g. `helm template chart/ | hardened-workloads audit -`',
    });
  }
  const bytes = Buffer.from(read(maxBytes));
  if (bytes.length > maxBytes) {
    throw new InputError(`the input is over the ${formatBytes(maxBytes)} limit`, {
      file: STDIN_NAME,
      hint: `split it, or raise the limit with ${MAX_FILE_SIZE_FLAG}`,
    });
  }
  const nul = bytes.subarray(0, 8000).indexOf(0);
  if (nul !== -1) {
    throw new InputError(`the input is binary (a NUL byte at offset ${nul}), not YAML or JSON`, {
      file: STDIN_NAME,
      hint: 'pipe Kubernetes manifests or a Compose file as UTF-8 text',
    });
  }
  // An empty pipe is almost always a producer that failed (`helm template` on a bad chart, a
  // shell without pipefail): a pass here would hide it.
  if (bytes.length === 0) {
    throw new InputError('standard input is empty: did the command before the pipe fail?', {
      file: STDIN_NAME,
      hint: 'check the producer (helm template, kubectl kustomize) and run the pipeline with `set -o pipefail`',
    });
  }
  const text = bytes.toString('utf8');
  const invalid = text.indexOf('\uFFFD');
  if (invalid !== -1) {
    throw new InputError('the input is not valid UTF-8 text', {
      file: STDIN_NAME,
      line: text.slice(0, invalid).split('\n').length,
      hint: 'pipe the manifests as UTF-8 text',
    });
  }
  return text;
}
