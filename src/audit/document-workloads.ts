import { asObject } from '../rules/pod-view';
import { isComposeDocument, loadComposeProject, workloadsFromComposeProject } from './compose';
import type { ComposeReadOptions } from './compose';
import type { DocumentSource, ExtractedWorkloads } from './workloads';
import { podTemplateKeys, workloadsFromManifest } from './workloads';

/** A document that holds no workload, and why: reported as a note, never as an error. */
export interface SkipNote {
  /** The file skipped, or holding the skipped document. @default - none (in-memory input) */
  readonly file?: string;
  /** 1-based line of the document. @default - none */
  readonly line?: number;
  /** The document's kind, when it has one (`ConfigMap`). @default - none */
  readonly kind?: string;
  /** Why it holds no workload, e.g. `ConfigMap is not a workload`. */
  readonly reason: string;
}

/** How a Compose document is read. */
export interface ComposeDocumentOptions {
  /** Where variables come from. @default - the `.env` next to the file */
  readonly read?: ComposeReadOptions;
  /** The line of a dotted field path in the document. @default - lines unknown */
  readonly locate?: (path: string) => number | undefined;
  /**
   * The Compose projects this run has audited (identity to the file that loaded it): a file that
   * Compose loads with another (an override file, a second document) is not audited twice.
   * @default - none: every Compose document is audited
   */
  readonly projects?: Map<string, string>;
}

/** The workloads of one document, the problems that keep any from being audited, or why it was skipped. */
export interface DocumentWorkloads extends ExtractedWorkloads {
  /** Set when the document holds no workload and no problem. @default - absent: not skipped */
  readonly skipped?: SkipNote;
}

/**
 * Reads one parsed document as a Compose file (`services:`) or a Kubernetes manifest (a list kind
 * is opened). Anything that is not a workload is skipped with a note (and counted in the summary);
 * a workload without a readable pod spec, or a Compose service with unknown keys, is a problem.
 */
export function workloadsOfDocument(
  value: unknown,
  source: DocumentSource = {},
  compose: ComposeDocumentOptions = {},
): DocumentWorkloads {
  let extracted: ExtractedWorkloads;
  if (isComposeDocument(value)) {
    const project = loadComposeProject(
      {
        value,
        ...(source.file !== undefined && { file: source.file }),
        ...(source.line !== undefined && { line: source.line }),
        ...(compose.locate !== undefined && { locate: compose.locate }),
      },
      compose.read,
    );
    const first = project.identity === undefined ? undefined : compose.projects?.get(project.identity);
    if (first !== undefined) {
      return {
        workloads: [],
        problems: [],
        skipped: {
          ...(source.file !== undefined && { file: source.file }),
          ...(source.line !== undefined && { line: source.line }),
          reason: `audited with ${first}: Compose loads them as one project`,
        },
      };
    }
    if (project.identity !== undefined && source.file !== undefined)
      compose.projects?.set(project.identity, source.file);
    extracted = workloadsFromComposeProject(project);
  } else extracted = workloadsFromManifest(value, source);
  if (extracted.workloads.length > 0 || extracted.problems.length > 0) return extracted;
  return { ...extracted, skipped: skipNote(value, source) };
}

function skipNote(value: unknown, source: DocumentSource): SkipNote {
  const where = {
    ...(source.file !== undefined && { file: source.file }),
    ...(source.line !== undefined && { line: source.line }),
  };
  if (value === null || value === undefined) return { ...where, reason: 'the document is empty' };
  if (typeof value !== 'object' || Array.isArray(value)) {
    const type = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return { ...where, reason: `the document is ${type}, not a Kubernetes manifest or Compose file` };
  }
  const kind = asObject(value).kind;
  if (typeof kind !== 'string') {
    return { ...where, reason: 'the document has no kind: not a Kubernetes manifest or Compose file' };
  }
  if (kind.endsWith('List')) return { ...where, kind, reason: `the ${kind} holds no workload` };
  const template = podTemplateKeys(kind, value);
  if (template !== undefined && template.length > 0) {
    return {
      ...where,
      kind,
      reason: `${kind} has a ${template.join('.')} without containers: not a pod template`,
    };
  }
  return { ...where, kind, reason: `${kind} is not a workload` };
}
