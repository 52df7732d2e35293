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
      // path with `..` cannot be resolved without a fold, which CEL lacks: rules refuse it.
      name: 'hostPathVolumes',
      expression:
        `${listAt('variables.podSpec', 'volumes')}.filter(v, has(v.hostPath) && has(v.hostPath.path))` +
        `.map(v, {'name': v.name, 'raw': v.hostPath.path, 'path': v.hostPath.path.startsWith('/') ? '/' + ${HOST_PATH_SEGMENTS}.join('/') : ` +
        `(${HOST_PATH_SEGMENTS}.size() == 0 ? '.' : ${HOST_PATH_SEGMENTS}.join('/'))})`,
    },
  ];
}

/** The sentinel time of a request without a creation timestamp: every exemption has expired by then. */
const END_OF_TIME = '9999-12-31T23:59:59Z';

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
    { name: 'exemptionPrefix', expression: `request.namespace + '.' + variables.workloadId + '.'` },
    {
      // On CREATE the API server sets creationTimestamp before validating admission: "now".
      name: 'admittedAt',
      expression:
        `has(object.metadata.creationTimestamp) ? timestamp(object.metadata.creationTimestamp) : ` +
        `timestamp(${str(END_OF_TIME)})`,
    },
  ];
}

/** How a subject is written in a ConfigMap key (`[-._a-zA-Z0-9]`): `_` → `_u`, `/` → `_s`, reversibly. */
export function escapeSubject(subject: string): string {
  return subject.replace(/_/g, '_u').replace(/\//g, '_s');
}

/** {@link escapeSubject} in CEL. */
export function escapeSubjectCel(subject: string): string {
  return `${subject}.replace('_', '_u').replace('/', '_s')`;
}

/** The CEL of an exemption lookup: the entry exists and expires after the object's creation. */
export function exemptionLookup(ruleId: string, subject?: string): string {
  const key =
    subject === undefined
      ? `variables.exemptionPrefix + ${str(ruleId)}`
      : `variables.exemptionPrefix + ${str(`${ruleId}.`)} + ${escapeSubjectCel(subject)}`;
  return `(${key} in variables.exemptions && timestamp(variables.exemptions[${key}]) > variables.admittedAt)`;
}
