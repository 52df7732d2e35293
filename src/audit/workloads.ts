import { JUSTIFICATIONS_ANNOTATION } from '../posture';
import { asArray, asObject, at, podView } from '../rules/pod-view';
import type { Workload } from './evaluate';

/** Where a document came from, for findings and messages. */
export interface DocumentSource {
  /** The file the document was read from. @default - absent: an in-memory input */
  readonly file?: string;
  /** 1-based line where the document starts. @default - absent: unknown */
  readonly line?: number;
}

/** A document that looks like a workload but cannot be audited. */
export interface ManifestProblem {
  /** What is wrong, and how to fix it. */
  readonly message: string;
  /** Dotted path of the missing or malformed field. */
  readonly path: string;
  /** The file the document was read from. @default - absent: an in-memory input */
  readonly file?: string;
  /** 1-based line of the field, or of the document. @default - absent: unknown */
  readonly line?: number;
  /**
   * Whether `line` is the field's own line in `file` (the extractor located it, e.g. in a file a
   * Compose file includes). @default false: the field is located in the document later
   */
  readonly located?: boolean;
}

/** The workloads of one document, and what kept any of them from being read. */
export interface ExtractedWorkloads {
  /** The workloads found, in document order. */
  readonly workloads: Workload[];
  /** Why a workload-shaped document could not be read: each is reported, never silently passed. */
  readonly problems: ManifestProblem[];
}

/** Where each workload kind keeps its pod template (or pod spec). */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
});

/** Whether a kind carries a pod. */
export function isWorkloadKind(kind: unknown): kind is string {
  return typeof kind === 'string' && Object.hasOwn(POD_TEMPLATE_PATHS, kind);
}

/**
 * Finds the workloads in one parsed Kubernetes document (a `kind: List` is opened). Other kinds
 * are ignored. Never throws: a workload without a pod spec is a problem, not a pass.
 */
export function workloadsFromManifest(document: unknown, source: DocumentSource = {}): ExtractedWorkloads {
  const result: ExtractedWorkloads = { workloads: [], problems: [] };
  collect(document, '', source, result);
  return result;
}

function collect(document: unknown, prefix: string, source: DocumentSource, into: ExtractedWorkloads): void {
  const doc = asObject(document);
  const kind = doc.kind;
  if (kind === 'List' || (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(doc.items))) {
    asArray(doc.items).forEach((item, index) => {
      collect(item, `${prefix}items[${index}].`, source, into);
    });
    return;
  }
  if (!isWorkloadKind(kind)) return;
  const metadata = asObject(doc.metadata);
  const name =
    typeof metadata.name === 'string'
      ? metadata.name
      : typeof metadata.generateName === 'string'
        ? `${metadata.generateName}*`
        : '<unnamed>';
  const templateKeys = POD_TEMPLATE_PATHS[kind] ?? [];
  const template = templateKeys.length === 0 ? doc : at(doc, ...templateKeys);
  const specPath = `${prefix}${[...templateKeys, 'spec'].join('.')}`;
  const spec = asObject(template).spec;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    into.problems.push({
      message: `${kind} "${name}" has no pod spec at ${specPath}: it cannot be audited`,
      path: specPath,
      ...(source.file !== undefined && { file: source.file }),
      ...(source.line !== undefined && { line: source.line }),
    });
    return;
  }
  const templateMetadata = asObject(asObject(template).metadata);
  const workloadAnnotations = asObject(metadata.annotations);
  const podAnnotations =
    templateKeys.length === 0 ? workloadAnnotations : asObject(templateMetadata.annotations);
  into.workloads.push({
    ...(source.file !== undefined && { file: source.file }),
    ...(source.line !== undefined && { line: source.line }),
    kind,
    name,
    ...(typeof metadata.namespace === 'string' && { namespace: metadata.namespace }),
    pod: podView(spec, specPath, {
      annotations: podAnnotations,
      justificationValues: [
        workloadAnnotations[JUSTIFICATIONS_ANNOTATION],
        podAnnotations[JUSTIFICATIONS_ANNOTATION],
      ],
    }),
  });
}
