import { JUSTIFICATIONS_ANNOTATION } from '../posture';
import { asArray, asObject, atPath, podView } from '../rules/pod-view';
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
 * Where a document keeps its pod template, whatever its kind: the known kinds' place, else a
 * `spec.template` (Argo Rollout, OpenKruise CloneSet, Knative Service, ...) or a CronJob-like
 * `spec.jobTemplate.spec.template`. Undefined when the document has neither.
 */
export function podTemplateKeys(kind: string, document: unknown): readonly string[] | undefined {
  const known = POD_TEMPLATE_PATHS[kind];
  if (known !== undefined) return known;
  const spec = asObject(asObject(document).spec);
  if (Object.hasOwn(spec, 'template')) return ['spec', 'template'];
  if (Object.hasOwn(spec, 'jobTemplate')) return ['spec', 'jobTemplate', 'spec', 'template'];
  return undefined;
}

/** The pod spec lists every container of which is read; any other type would hide its containers. */
const POD_LISTS = ['containers', 'initContainers', 'ephemeralContainers', 'volumes'] as const;
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/**
 * Finds the workloads in one parsed Kubernetes document: any kind with a pod template, and the
 * items of a list kind (`List`, `PodList`, ...) one by one. A PersistentVolume is read as a volume
 * workload, for the host-path rules. Other kinds are ignored. Never throws: anything that looks like
 * it carries a pod but cannot be read is a problem, not a pass.
 */
export function workloadsFromManifest(document: unknown, source: DocumentSource = {}): ExtractedWorkloads {
  const result: ExtractedWorkloads = { workloads: [], problems: [] };
  collect(document, '', source, result);
  return result;
}

function collect(document: unknown, prefix: string, source: DocumentSource, into: ExtractedWorkloads): void {
  const doc = asObject(document);
  const kind = doc.kind;
  if (typeof kind !== 'string') return;
  const name = workloadName(doc);
  const problem = (path: string, what: string): void => {
    into.problems.push({
      message: `${kind} "${name}" ${what}: it cannot be audited`,
      path,
      ...(source.file !== undefined && { file: source.file }),
      ...(source.line !== undefined && { line: source.line }),
    });
  };
  if (kind === 'List' || (kind.endsWith('List') && Object.hasOwn(doc, 'items'))) {
    if (doc.items !== undefined && doc.items !== null && !Array.isArray(doc.items)) {
      problem(`${prefix}items`, `is an unreadable list: items is ${describe(doc.items)}, not a list`);
      return;
    }
    asArray(doc.items).forEach((item, index) => {
      collect(item, `${prefix}items[${index}].`, source, into);
    });
    return;
  }
  if (kind === 'PersistentVolume') {
    collectPersistentVolume(doc, name, prefix, source, into);
    return;
  }
  const templateKeys = podTemplateKeys(kind, doc);
  if (templateKeys === undefined) return;
  const known = isWorkloadKind(kind);
  // Each step from the document to the pod spec must be a mapping: a string or a list there is
  // not "no pod", it is a pod the audit cannot read.
  const specKeys = [...templateKeys, 'spec'];
  let step: unknown = doc;
  for (let depth = 0; depth < specKeys.length; depth++) {
    const key = specKeys[depth] as string;
    const next = asObject(step)[key];
    if (next === undefined || next === null) {
      // A known kind always carries a pod; another kind's template may hold something else.
      if (known)
        problem(`${prefix}${specKeys.join('.')}`, `has no pod spec at ${prefix}${specKeys.join('.')}`);
      return;
    }
    if (typeof next !== 'object' || Array.isArray(next)) {
      const path = `${prefix}${specKeys.slice(0, depth + 1).join('.')}`;
      problem(path, `is an unreadable workload: ${path} is ${describe(next)}, not a mapping`);
      return;
    }
    step = next;
  }
  const spec = asObject(step);
  const specPath = `${prefix}${specKeys.join('.')}`;
  if (!known && !CONTAINER_LISTS.some((key) => Object.hasOwn(spec, key))) return;
  let readable = true;
  for (let index = 0; index < POD_LISTS.length; index++) {
    const key = POD_LISTS[index] as (typeof POD_LISTS)[number];
    const value = spec[key];
    if (value !== undefined && value !== null && !Array.isArray(value)) {
      problem(
        `${specPath}.${key}`,
        `is an unreadable workload: ${specPath}.${key} is ${describe(value)}, not a list`,
      );
      readable = false;
    }
  }
  if (!readable) return;
  const template = templateKeys.length === 0 ? doc : asObject(atPath(doc, templateKeys));
  const metadata = asObject(doc.metadata);
  const workloadAnnotations = asObject(metadata.annotations);
  const podAnnotations =
    templateKeys.length === 0 ? workloadAnnotations : asObject(asObject(template.metadata).annotations);
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

/**
 * A PersistentVolume mounts its source into whichever pod claims it, past every pod-level check:
 * its `spec` is read as a `persistent-volume` pod view, which only the volume rules judge.
 */
function collectPersistentVolume(
  doc: Readonly<Record<string, unknown>>,
  name: string,
  prefix: string,
  source: DocumentSource,
  into: ExtractedWorkloads,
): void {
  const spec = doc.spec;
  if (spec === undefined || spec === null || typeof spec !== 'object' || Array.isArray(spec)) return;
  const metadata = asObject(doc.metadata);
  const annotations = asObject(metadata.annotations);
  into.workloads.push({
    ...(source.file !== undefined && { file: source.file }),
    ...(source.line !== undefined && { line: source.line }),
    kind: 'PersistentVolume',
    name,
    pod: podView(spec, `${prefix}spec`, {
      annotations,
      justificationValues: [annotations[JUSTIFICATIONS_ANNOTATION]],
      dialect: 'persistent-volume',
    }),
  });
}

function workloadName(doc: Readonly<Record<string, unknown>>): string {
  const metadata = asObject(doc.metadata);
  return typeof metadata.name === 'string'
    ? metadata.name
    : typeof metadata.generateName === 'string'
      ? `${metadata.generateName}*`
      : '<unnamed>';
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
