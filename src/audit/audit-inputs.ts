import type { AuditReport } from './audit-report';
import type { ComposeReadOptions } from './compose';
import type { InputErrorMode } from './audit-run';
import { AuditRun } from './audit-run';
import { discoverFiles } from './discover-files';
import type { SkipNote } from './document-workloads';
import { workloadsOfDocument } from './document-workloads';
import type { AuditOptions, Workload } from './evaluate';
import { InputError } from './input-error';
import type { FileItem } from './read-file';
import { DEFAULT_MAX_FILE_BYTES, readManifestFile, readManifestText } from './read-file';
import type { StdinReader } from './stdin-source';
import { STDIN_NAME, STDIN_PATH, stdinText } from './stdin-source';

/** How inputs are read. */
export interface LoadOptions {
  /** The largest file read, in bytes. @default DEFAULT_MAX_FILE_BYTES (32 MiB) */
  readonly maxFileBytes?: number;
  /** Where Compose files take their `${VAR}` values from. @default - the `.env` next to each Compose file */
  readonly compose?: ComposeReadOptions;
}

/** How {@link auditPaths} reads and audits. */
export interface AuditPathsOptions extends AuditOptions, LoadOptions {
  /** Stop at the first bad input (`throw`) or report all of it in `inputs.errors` (`collect`). @default 'throw' */
  readonly onInputError?: InputErrorMode;
  /**
   * Reads standard input for the path `-`; findings then name the file `<stdin>`.
   * @default - none: `-` is an input error
   */
  readonly stdin?: StdinReader;
}

/** How {@link auditDocuments} audits. */
export interface AuditDocumentsOptions extends AuditOptions {
  /** The name findings carry as their file (e.g. the cdk8s chart). @default - none (null) */
  readonly source?: string;
  /** Stop at the first bad input (`throw`) or report all of it in `inputs.errors` (`collect`). @default 'throw' */
  readonly onInputError?: InputErrorMode;
}

/**
 * Audits files and directories (recursively: .yaml, .yml, .json) of Kubernetes manifests, and
 * standard input for the path `-` (with `options.stdin`). Files are
 * read one at a time and each document is evaluated and released before the next, so memory follows
 * the largest file and the findings, not the size of the input. Findings carry the line of the
 * offending field.
 *
 * @throws InputError for bad input (a missing path, malformed YAML, a workload without a pod spec),
 * unless `onInputError` is `collect`.
 */
export function auditPaths(paths: readonly string[], options: AuditPathsOptions = {}): AuditReport {
  const run = new AuditRun(options, options.onInputError ?? 'throw', options.compose);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const onError = (error: InputError): void => {
    run.fail(error);
  };
  for (const path of discoverFiles(paths, onError, { stdin: true })) {
    const file = path === STDIN_PATH ? STDIN_NAME : path;
    run.addFile();
    let documents = 0;
    try {
      const items: Iterable<FileItem> =
        path === STDIN_PATH
          ? readManifestText(STDIN_NAME, stdinText(options.stdin, maxFileBytes))
          : readManifestFile(file, maxFileBytes);
      for (const item of items) {
        documents++;
        if (item.error) run.fail(item.error);
        else
          run.addDocument({
            value: item.document.value,
            file,
            line: item.document.line,
            locator: item.document.locator,
          });
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      run.fail(error);
      continue;
    }
    if (documents === 0) run.skip({ file, reason: 'the file is empty' });
  }
  return run.report();
}

/**
 * Audits documents already in memory: cdk8s synth output (`chart.toJson()`), Pulumi resource
 * inputs, parsed manifests. Findings carry no file or line unless `source` names one.
 *
 * @throws InputError for a workload without a pod spec, unless `onInputError` is `collect`.
 */
export function auditDocuments(
  documents: readonly unknown[],
  options: AuditDocumentsOptions = {},
): AuditReport {
  const run = new AuditRun(options, options.onInputError ?? 'throw');
  for (const value of documents) {
    run.addDocument({ value, ...(options.source !== undefined && { file: options.source }) });
  }
  return run.report();
}

/**
 * The workloads of files and directories, read lazily one file at a time (for the checklist and
 * other consumers that do not need findings). Documents that hold no workload are passed to
 * `onSkip`.
 *
 * @throws InputError at the first bad input.
 */
export function* loadWorkloads(
  paths: readonly string[],
  options: LoadOptions & { readonly onSkip?: (note: SkipNote) => void } = {},
): Generator<Workload> {
  for (const file of discoverFiles(paths)) {
    let documents = 0;
    for (const item of readManifestFile(file, options.maxFileBytes)) {
      documents++;
      if (item.error) throw item.error;
      const locate = (path: string) => item.document.locator().lineOf(path);
      const extracted = workloadsOfDocument(
        item.document.value,
        { file, line: item.document.line },
        { ...(options.compose !== undefined && { read: options.compose }), locate },
      );
      const problem = extracted.problems[0];
      if (problem !== undefined) {
        throw new InputError(problem.message, {
          file: problem.file ?? file,
          line: problem.located === true ? problem.line : (locate(problem.path) ?? item.document.line),
          field: problem.path,
          hint: 'fix the field so the workload can be read, or leave the document out',
        });
      }
      if (extracted.skipped) options.onSkip?.(extracted.skipped);
      for (const workload of extracted.workloads) {
        // A PersistentVolume runs nothing: the audit judges its host path, the checklist has no question for it.
        if (workload.pod.dialect === 'persistent-volume') {
          options.onSkip?.({
            file,
            line: item.document.line,
            kind: workload.kind,
            reason: 'a PersistentVolume runs no container: its host path is judged by the audit',
          });
        } else yield workload;
      }
    }
    if (documents === 0) options.onSkip?.({ file, reason: 'the file is empty' });
  }
}
