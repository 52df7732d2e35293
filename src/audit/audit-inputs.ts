import { resolve } from 'node:path';
import type { AuditReport } from './audit-report';
import type { ComposeReadOptions } from './compose';
import type { InputErrorMode } from './audit-run';
import { AuditRun } from './audit-run';
import { discoverFiles } from './discover-files';
import type { SkipNote } from './document-workloads';
import { workloadsOfDocument } from './document-workloads';
import type { AuditOptions, Workload } from './evaluate';
import { InputError } from './input-error';
import { isOwnOutputFile } from './own-output';
import type { Baseline } from './baseline';
import { BaselineMatcher } from './baseline';
import type { ExcludePatterns } from './path-filter';
import { PathFilter } from './path-filter';
import { enclosingRenderedSource } from './rendered-sources';
import type { FileItem } from './read-file';
import { DEFAULT_MAX_FILE_BYTES, readManifestFile, readManifestSource, readManifestText } from './read-file';
import type { StdinReader } from './stdin-source';
import { STDIN_NAME, STDIN_PATH, stdinText } from './stdin-source';

/** The note of a file skipped as neither Kubernetes nor Compose. */
export const NOT_A_MANIFEST = 'not a Kubernetes manifest or Compose file';

/**
 * Whether a file's text may hold a Kubernetes object or a Compose file: a manifest names its `kind`
 * (kubectl refuses an object without one) and a Compose file its `services`. A key spelled with an
 * escape (`"\u006bind"`) could hide either, so any backslash keeps the file; matching ignores case
 * as JSON field matching may. A commented tsconfig.json, a package.json or a CI workflow names
 * neither: skipped unread, never a parse error that fails the run. A file of blank and comment
 * lines is left to the reader, which notes it as empty.
 */
export function mayHoldManifest(text: string): boolean {
  return /kind|services|\\/i.test(text) || text.split('\n').every((line) => /^\s*(?:#|$)/.test(line));
}

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
  /** Globs of paths left out (`vendor`, `**\/*.values.yaml`), gitignore-style. @default - none */
  readonly exclude?: readonly ExcludePatterns[];
  /**
   * Skip, note and count the files that name no `kind` and no `services` (a commented tsconfig.json,
   * a package.json, a CI workflow) instead of reading them as manifests. @default false: every
   * file is read, and one that does not parse is an input error
   */
  readonly skipNonManifests?: boolean;
  /**
   * Apply `skipNonManifests` to files named in `paths` too, and skip named files inside a Helm chart
   * or kustomization directory: for hooks that pass every changed file (pre-commit). @default false
   */
  readonly skipNamedNonManifests?: boolean;
  /** Refuse Helm chart and kustomization directories (input errors) instead of noting them. @default false */
  readonly strict?: boolean;
  /** Accepted findings kept outside the manifests (see {@link readBaseline}). @default - none */
  readonly baseline?: Baseline;
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
  const run = new AuditRun(
    options,
    options.onInputError ?? 'throw',
    options.compose,
    options.baseline === undefined
      ? undefined
      : new BaselineMatcher(options.baseline, options.now ?? new Date()),
  );
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const onError = (error: InputError): void => {
    run.fail(error);
  };
  const discovery = {
    stdin: true,
    onSkip: (note: SkipNote) => {
      run.skip(note);
    },
    ...(options.exclude !== undefined && { exclude: new PathFilter(options.exclude) }),
    ...(options.strict !== undefined && { strict: options.strict }),
  };
  const named = new Set(paths.map((path) => resolve(path)));
  for (const path of discoverFiles(paths, onError, discovery)) {
    const file = path === STDIN_PATH ? STDIN_NAME : path;
    let documents = 0;
    // A file counts as read once it is known to be (or be meant as) a manifest, unreadable included.
    let counted = false;
    try {
      const text =
        path === STDIN_PATH ? stdinText(options.stdin, maxFileBytes) : readManifestSource(file, maxFileBytes);
      const isNamed = named.has(resolve(path)) && path !== STDIN_PATH;
      if (isNamed && options.skipNamedNonManifests === true) {
        const enclosing = enclosingRenderedSource(path);
        if (enclosing !== undefined) {
          run.skip({
            file,
            reason: `in ${enclosing.directory}, ${enclosing.source.reason}`,
          });
          continue;
        }
      }
      // A file named on the command line is read as asked (unless skipNamedNonManifests); one met in
      // a directory only if it may be a manifest.
      if (
        options.skipNonManifests === true &&
        (!isNamed || options.skipNamedNonManifests === true) &&
        !mayHoldManifest(text)
      ) {
        // The project's own output beside the manifests is no manifest by design: no note for it.
        if (!isOwnOutputFile(file)) run.skip({ file, reason: NOT_A_MANIFEST });
        continue;
      }
      run.addFile();
      counted = true;
      const items: Iterable<FileItem> = readManifestText(file, text);
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
      if (!counted) run.addFile();
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
  const projects = new Map<string, string>();
  for (const file of discoverFiles(paths)) {
    let documents = 0;
    for (const item of readManifestFile(file, options.maxFileBytes)) {
      documents++;
      if (item.error) throw item.error;
      const locate = (path: string) => item.document.locator().lineOf(path);
      const extracted = workloadsOfDocument(
        item.document.value,
        { file, line: item.document.line },
        { ...(options.compose !== undefined && { read: options.compose }), locate, projects },
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
