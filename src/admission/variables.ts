import { POD_TEMPLATE_PATHS } from '../audit/workloads';
import { listAt, str } from './cel';

/** One named sub-expression of the policy (`spec.variables`), read as `variables.<name>`. */
export interface PolicyVariable {
  /** The name validations read it by. */
  readonly name: string;
  /** Its CEL. */
  readonly expression: string;
}

/**
 * The label that names a pod's workload for exemption lookup: `<Kind>.<name>` of the workload
 * whose pod template carries it (`Deployment.web`). The hardened constructs set it.
 */
export const WORKLOAD_LABEL = 'hardened-workloads.io/workload';

/** The pod template of each kind, as CEL: `object.spec.template` for a Deployment. */
function templateOf(kind: string): string {
  const keys = POD_TEMPLATE_PATHS[kind] ?? [];
  return keys.length === 0 ? 'object' : `object.${keys.join('.')}`;
}

/** `object.kind == 'Pod' ? A : (object.kind == 'CronJob' ? B : C)`, one branch per template path. */
function perKind(select: (template: string) => string): string {
  const byTemplate = new Map<string, string[]>();
  for (const kind of Object.keys(POD_TEMPLATE_PATHS)) {
    const template = templateOf(kind);
    byTemplate.set(template, [...(byTemplate.get(template) ?? []), kind]);
  }
  // The most common path (spec.template) is the final else.
  const branches = [...byTemplate.entries()].sort((a, b) => a[1].length - b[1].length);
  const last = branches.pop();
  if (last === undefined) throw new Error('no workload kinds');
  return branches.reduceRight(
    (otherwise, [template, kinds]) =>
      `(${kinds.map((k) => `object.kind == ${str(k)}`).join(' || ')} ? ${select(template)} : ${otherwise})`,
    select(last[0]),
  );
}

/** The kinds the policy matches, as `resourceRules`. */
export const MATCHED_RESOURCES: readonly { apiGroup: string; resources: readonly string[] }[] = [
  { apiGroup: '', resources: ['pods', 'pods/ephemeralcontainers', 'podtemplates', 'replicationcontrollers'] },
  { apiGroup: 'apps', resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
  { apiGroup: 'batch', resources: ['jobs', 'cronjobs'] },
];

const HOST_PATH_SEGMENTS = `v.hostPath.path.split('/').filter(s, s != '' && s != '.')`;

/** The variables every rule reads: the pod spec wherever the kind keeps it, its containers, ... */
export function podVariables(): PolicyVariable[] {
  return [
    { name: 'podSpec', expression: perKind((t) => `${t}.spec`) },
    {
      name: 'podMeta',
      expression: perKind((t) =>
        t === 'object' ? 'object.metadata' : `(has(${t}.metadata) ? ${t}.metadata : {})`,
      ),
    },
    {
      name: 'annotations',
      expression: `has(variables.podMeta.annotations) ? variables.podMeta.annotations : {}`,
    },
    {
      name: 'containers',
      expression: ['initContainers', 'containers', 'ephemeralContainers']
        .map((group) => listAt('variables.podSpec', group))
        .join(' + '),
    },
    {
      name: 'isWindows',
      expression: `has(variables.podSpec.os) && has(variables.podSpec.os.name) && variables.podSpec.os.name == 'windows'`,
    },
    {
      // Host paths normalised as the audit compares them (duplicate slashes and `.` removed); a
      // path with `..` cannot be resolved without a fold, which CEL lacks: rules refuse it. Every value
      // is a string (`string(...)` around the untyped fields): from 1.29 the API server refuses a map
      // literal mixing dyn and string values (cel-go's homogeneous aggregate literal validator).
      name: 'hostPathVolumes',
      expression:
        `${listAt('variables.podSpec', 'volumes')}.filter(v, has(v.hostPath) && has(v.hostPath.path))` +
        `.map(v, {'name': string(v.name), 'raw': string(v.hostPath.path), 'path': v.hostPath.path.startsWith('/') ? '/' + ${HOST_PATH_SEGMENTS}.join('/') : ` +
        `(${HOST_PATH_SEGMENTS}.size() == 0 ? '.' : ${HOST_PATH_SEGMENTS}.join('/'))})`,
    },
  ];
}

/** The sentinel time of a request without a creation timestamp: every exemption has expired by then. */
const END_OF_TIME = '9999-12-31T23:59:59Z';

/**
 * The form an entry's expiry must have (RFC 3339 with seconds, as `timestamp()` reads it). Checked in
 * CEL before `timestamp()`, so a hand-written `2026-06-30` admits nothing under either failure policy
 * instead of erroring (which `failurePolicy: Ignore` would turn into an admission).
 */
export const RFC3339_TIMESTAMP =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$';

/** The variables that read the cluster's exemptions (only with params). */
export function exemptionVariables(): PolicyVariable[] {
  return [
    {
      name: 'workloadId',
      expression:
        `has(variables.podMeta.labels) && ${str(WORKLOAD_LABEL)} in variables.podMeta.labels ? ` +
        `variables.podMeta.labels[${str(WORKLOAD_LABEL)}] : ''`,
    },
    {
      name: 'exemptions',
      expression: `variables.workloadId == '' || params == null || !has(params.data) ? {} : params.data`,
    },
    {
      name: 'exemptionPrefix',
      expression: `request.namespace + '.' + ${escapeKeyComponentCel('variables.workloadId')} + '.'`,
    },
    {
      // On CREATE the API server sets creationTimestamp before validating admission: "now".
      name: 'admittedAt',
      expression:
        `has(object.metadata.creationTimestamp) ? timestamp(object.metadata.creationTimestamp) : ` +
        `timestamp(${str(END_OF_TIME)})`,
    },
    {
      // On UPDATE creationTimestamp is the original creation's: the server-set clock is managedFields,
      // whose entry for the request's own field manager the API server stamps with the current time
      // whenever the request changes a field it manages (a client can add entries, never move the
      // server's stamp back: a forged later time only ends exemptions sooner).
      name: 'writtenAt',
      expression:
        `has(object.metadata.managedFields) ? object.metadata.managedFields` +
        `.filter(f, has(f.time) && string(f.time).matches(${str(RFC3339_TIMESTAMP)}))` +
        `.map(f, timestamp(string(f.time))) : []`,
    },
    {
      // The latest server-set time the request carries: the policy's clock, computed once per request.
      name: 'times',
      expression: `[variables.admittedAt] + variables.writtenAt`,
    },
    { name: 'clock', expression: `variables.times.filter(t, variables.times.all(u, u <= t))[0]` },
  ];
}

/**
 * One component of an exemption key, escaped so that no component contains `.` (the separator) and
 * the escape is reversible: `_` → `_u`, `/` → `_s`, `.` → `_d`. An escaped component never starts with
 * `_c`, which marks the optional container component.
 */
export function escapeKeyComponent(text: string): string {
  return text.replace(/_/g, '_u').replace(/\//g, '_s').replace(/\./g, '_d');
}

/** {@link escapeKeyComponent} in CEL. */
export function escapeKeyComponentCel(text: string): string {
  return `${text}.replace('_', '_u').replace('/', '_s').replace('.', '_d')`;
}

/** What one exemption key names. */
export interface ExemptionKeyParts {
  /** The workload's namespace. */
  readonly namespace: string;
  /** The workload label's value, `<Kind>.<name>`. */
  readonly workload: string;
  /** The rule id. */
  readonly rule: string;
  /** The container the exemption is bound to, when it is bound to one. */
  readonly container?: string;
  /** What the finding is about (a capability, a host path, ...), when the rule has a subject. */
  readonly subject?: string;
}

/**
 * `<namespace>.<workload>.<rule>[._c<container>][.<subject>]`, every free-text part escaped: two
 * different exemptions never share a key, however their names and subjects are spelled.
 */
export function exemptionKey(parts: ExemptionKeyParts): string {
  return [
    parts.namespace,
    escapeKeyComponent(parts.workload),
    parts.rule,
    ...(parts.container === undefined ? [] : [`_c${escapeKeyComponent(parts.container)}`]),
    ...(parts.subject === undefined ? [] : [escapeKeyComponent(parts.subject)]),
  ].join('.');
}

/**
 * The CEL of an exemption lookup: the entry exists, is an RFC 3339 time, and is later than the policy's
 * clock (the object's creation, or the latest server-stamped write of it: see `writtenAt`).
 */
export function exemptionLookup(ruleId: string, subject?: string, container?: string): string {
  const key = [
    'variables.exemptionPrefix',
    str(ruleId),
    ...(container === undefined ? [] : [`'._c' + ${escapeKeyComponentCel(container)}`]),
    ...(subject === undefined ? [] : [`'.' + ${escapeKeyComponentCel(subject)}`]),
  ].join(' + ');
  const entry = `variables.exemptions[${key}]`;
  return (
    `(${key} in variables.exemptions && ${entry}.matches(${str(RFC3339_TIMESTAMP)}) && ` +
    `timestamp(${entry}) > variables.clock)`
  );
}
