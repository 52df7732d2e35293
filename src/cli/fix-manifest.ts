import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { yamlPackage } from '../audit/yaml-package';

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** What fixing one file did. */
export interface FixResult {
  /** The new text; equal to the input when nothing was set. */
  readonly text: string;
  /** One line per field set: `Deployment api: container "web": securityContext.allowPrivilegeEscalation=false`. */
  readonly changes: readonly string[];
  /** What was left alone, and why (a value set the other way is a decision to review, not to overwrite). */
  readonly skipped: readonly string[];
  /** Why the whole file was left untouched, when it was. @default - absent: the file was handled */
  readonly refused?: string;
}

/** The fields wanted under a mapping: a scalar, a list that must contain its items, or a nested mapping. */
type Wanted = { readonly [key: string]: boolean | string | Contains | Wanted };

/** A list that must contain an item (`capabilities.drop` contains `ALL`). */
class Contains {
  public constructor(public readonly item: string) {}
}

const POD_WANTED: Wanted = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
};
const CONTAINER_WANTED: Wanted = {
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: new Contains('ALL') },
  },
};

interface Edit {
  readonly offset: number;
  readonly text: string;
}

/**
 * Writes the hardened posture's mechanical fields into the workloads of a manifest's text where they
 * are missing. The `yaml` package's Document API locates the nodes; the new lines are inserted into
 * the text itself, so every byte already written (comments, order, quoting, spacing) stays. A value
 * already set is never changed (a `privileged: true` or `allowPrivilegeEscalation: true` is a choice
 * for a reviewer or a justification, listed in `skipped`); a field under a flow-style mapping
 * (`securityContext: {}`) is listed rather than reformatted; a file that does not parse is refused.
 */
export function fixManifestText(text: string): FixResult {
  const yaml = yamlPackage();
  const documents = yaml.parseAllDocuments(text);
  if (!Array.isArray(documents)) return { text, changes: [], skipped: [], refused: 'not YAML documents' };
  for (const document of documents) {
    const error = document.errors[0];
    if (error !== undefined) {
      return {
        text,
        changes: [],
        skipped: [],
        refused: `does not parse: ${error.message.split('\n')[0] ?? ''}`,
      };
    }
  }
  const changes: string[] = [];
  const skipped: string[] = [];
  const edits: Edit[] = [];
  for (const document of documents) fixDocument(text, document, { changes, skipped, edits });
  if (edits.length === 0) return { text, changes, skipped };
  let fixed = text.endsWith('\n') ? text : `${text}\n`;
  // From the end, so that earlier offsets stay valid. At one offset (mappings that end on the same
  // line), the deeper lines go first: the inner mapping closes before its parent's next key.
  const indent = (edit: Edit) => edit.text.length - edit.text.trimStart().length;
  const ordered = [...edits].sort((a, b) => b.offset - a.offset || indent(a) - indent(b));
  for (const edit of ordered) fixed = fixed.slice(0, edit.offset) + edit.text + fixed.slice(edit.offset);
  return { text: fixed, changes, skipped };
}

interface Plan {
  readonly changes: string[];
  readonly skipped: string[];
  readonly edits: Edit[];
}

function fixDocument(text: string, document: Document.Parsed, plan: Plan): void {
  const yaml = yamlPackage();
  const kind = document.get('kind');
  if (typeof kind !== 'string') return;
  const podPath = POD_SPEC_PATHS[kind];
  if (podPath === undefined) return;
  const name = document.getIn(['metadata', 'name']);
  const workload = `${kind} ${typeof name === 'string' ? name : '(unnamed)'}`;
  const pod = document.getIn(podPath, true);
  if (!yaml.isMap(pod)) {
    plan.skipped.push(`${workload}: no pod spec at ${podPath.join('.')}`);
    return;
  }
  ensure(text, pod, POD_WANTED, '', `${workload}: pod`, plan);
  for (const list of ['initContainers', 'containers'] as const) {
    const containers = pod.get(list, true);
    if (!yaml.isSeq(containers)) continue;
    containers.items.forEach((item, index) => {
      if (!yaml.isMap(item)) return;
      const containerName = item.get('name');
      const where = `${workload}: container ${JSON.stringify(typeof containerName === 'string' ? containerName : index)}`;
      ensure(text, item, CONTAINER_WANTED, '', where, plan);
    });
  }
}

/** Plans the insertions that give `map` the wanted fields it lacks, recursing into block mappings. */
function ensure(text: string, map: YAMLMap, wanted: Wanted, prefix: string, where: string, plan: Plan): void {
  const yaml = yamlPackage();
  const missing: Record<string, Wanted[string]> = {};
  for (const [key, want] of Object.entries(wanted)) {
    const label = prefix === '' ? key : `${prefix}.${key}`;
    const pair = map.items.find((item) => yaml.isScalar(item.key) && item.key.value === key);
    if (pair === undefined) {
      missing[key] = want;
      continue;
    }
    const value = pair.value;
    if (want instanceof Contains) {
      if (!yaml.isSeq(value)) {
        plan.skipped.push(`${where}: ${label} is not a list`);
      } else if (!value.items.some((item) => yaml.isScalar(item) && item.value === want.item)) {
        if (value.flow === true || value.items.length === 0) {
          plan.skipped.push(`${where}: ${label} lacks "${want.item}": written in flow style, add it by hand`);
        } else {
          const first = value.items[0] as Node;
          const column = columnOf(text, first.range?.[0] ?? 0) - 2;
          plan.edits.push({
            offset: lineEndAfter(text, value),
            text: `${' '.repeat(column)}- ${want.item}\n`,
          });
          plan.changes.push(`${where}: ${label} gains "${want.item}"`);
        }
      }
    } else if (typeof want === 'object') {
      if (!yaml.isMap(value)) plan.skipped.push(`${where}: ${label} is not a mapping`);
      else if (value.flow === true) {
        const unmet = unmetLabels(want, value.toJSON() as unknown, label);
        if (unmet.length > 0)
          plan.skipped.push(`${where}: ${label} is written in flow style: set ${unmet.join(', ')} by hand`);
      } else ensure(text, value, want, label, where, plan);
    } else if (!(yaml.isScalar(value) && value.value === want)) {
      const shown = yaml.isScalar(value) ? JSON.stringify(value.value) : 'not a scalar';
      plan.skipped.push(
        `${where}: ${label} is ${shown}, not ${JSON.stringify(want)}: a choice to review (or justify)`,
      );
    }
  }
  const keys = Object.keys(missing);
  if (keys.length === 0) return;
  if (map.flow === true || map.items.length === 0) {
    plan.skipped.push(
      `${where}: ${prefix === '' ? 'the mapping' : prefix} is written in flow style: set ${keys.join(', ')} by hand`,
    );
    return;
  }
  const firstKey = (map.items[0] as Pair).key as Node;
  const column = columnOf(text, firstKey.range?.[0] ?? 0);
  const last = map.items[map.items.length - 1] as Pair;
  const offset = lineEndAfter(text, (last.value ?? last.key) as Node);
  plan.edits.push({ offset, text: renderBlock(missing, column) });
  for (const label of leafLabels(missing, prefix)) plan.changes.push(`${where}: ${label}`);
}

/** The offset just after the line on which `node` ends (past a trailing comment), where a sibling line goes. */
function lineEndAfter(text: string, node: Node): number {
  const end = node.range?.[1] ?? text.length;
  if (end > 0 && text.charAt(end - 1) === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length + (text.endsWith('\n') ? 0 : 1) : newline + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function renderBlock(fields: Readonly<Record<string, Wanted[string]>>, column: number): string {
  const indent = ' '.repeat(column);
  let out = '';
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Contains) out += `${indent}${key}: ["${value.item}"]\n`;
    else if (typeof value === 'object') out += `${indent}${key}:\n${renderBlock(value, column + 2)}`;
    else out += `${indent}${key}: ${String(value)}\n`;
  }
  return out;
}

function leafLabels(fields: Readonly<Record<string, Wanted[string]>>, prefix: string): string[] {
  return Object.entries(fields).flatMap(([key, value]) => {
    const label = prefix === '' ? key : `${prefix}.${key}`;
    if (value instanceof Contains) return [`${label}=["${value.item}"]`];
    if (typeof value === 'object') return leafLabels(value, label);
    return [`${label}=${String(value)}`];
  });
}

/** The wanted leaves a plain value does not meet, for a mapping written in flow style. */
function unmetLabels(wanted: Wanted, value: unknown, prefix: string): string[] {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return Object.entries(wanted).flatMap(([key, want]) => {
    const label = `${prefix}.${key}`;
    const current = record[key];
    if (want instanceof Contains)
      return Array.isArray(current) && current.includes(want.item) ? [] : [`${label}=["${want.item}"]`];
    if (typeof want === 'object') return unmetLabels(want, current, label);
    return current === undefined ? [`${label}=${String(want)}`] : [];
  });
}
