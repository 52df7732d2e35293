import type { Finding, ResolvedAudit, Workload } from '../../audit';
import type { JsonObject } from '../../rules';
import { hardenedWorkloadContainers } from './hardened-workload-registry';
import { notHonouring } from './justification-provenance';
import type { AuditOf } from './registration-gate';
import { auditWithPending } from './rendered-audit';
import {
  DOCKER_CONTAINER_TYPE,
  DOCKER_SERVICE_TYPE,
  dockerPendingInPod,
  isPatchType,
  kubernetesWorkloadType,
  opaqueWorkloadSource,
  resourceSettingViolations,
  workloadsOfResource,
} from './resource-workloads';

/** The rule id of the settings judged on Pulumi resources themselves (no Compose or pod key for them). */
export const RESOURCE_SETTINGS_RULE = 'pulumi-resource-settings';
/** The rule id of the advisory finding for packagings whose pods cannot be seen (Helm, YAML, kustomize). */
export const NOT_VERIFIABLE_RULE = 'workload-not-verifiable';

// The provider cannot set a process limit on these (no argument): the README states it once instead.
const RULES_THE_PROVIDER_CANNOT_SATISFY: Readonly<Record<string, readonly string[]>> = {
  [DOCKER_CONTAINER_TYPE]: ['pids-limit'],
  [DOCKER_SERVICE_TYPE]: ['pids-limit'],
};

// The workload as if no record were written; unreadable entries stay reported.
function withoutRecords(workload: Workload): Workload {
  const { justifications } = workload.pod;
  return { ...workload, pod: { ...workload.pod, justifications: { ...justifications, records: [] } } };
}

/** The audit of one resource's inputs. */
export interface ResourceInputsAudit {
  readonly findings: readonly Finding[];
  /** Inputs the rules cannot read: never a pass. */
  readonly problems: readonly string[];
}

/**
 * Audits the inputs of one resource by its type token, as CrossGuard, the transformation and the
 * components all do: workloads through the rules (a Patch only on the fields it sets), settings no
 * rule can read judged here, and packagings whose pods are not visible reported, never passed.
 * `unvalidatedRecords`, when given, says why the resource's justification records were not
 * validated: none of them justifies anything, and each violation one would have justified names it.
 */
export function auditResourceInputs(
  type: string,
  name: string,
  known: JsonObject,
  pendingPaths: readonly string[],
  audit: ResolvedAudit,
  reason?: string,
  unvalidatedRecords?: string,
): ResourceInputsAudit {
  const { workloads, problems } = workloadsOfResource(type, name, known);
  const skipped = new Set(RULES_THE_PROVIDER_CANNOT_SATISFY[type] ?? []);
  const isDocker = type === DOCKER_CONTAINER_TYPE || type === DOCKER_SERVICE_TYPE;
  const auditWorkload = (workload: Workload): Finding[] => {
    const pending = isDocker ? dockerPendingInPod(pendingPaths, workload.pod.path) : pendingPaths;
    const findings = auditWithPending(workload, pending, audit, reason);
    if (unvalidatedRecords === undefined || workload.pod.justifications.records.length === 0) return findings;
    // Judged again as if no record were written, so messages carry no "justified"; the first
    // audit says which record each violation would have been justified by.
    const unjustified = auditWithPending(withoutRecords(workload), pending, audit, reason);
    return notHonouring(findings, unjustified, type, unvalidatedRecords);
  };
  let findings = workloads.flatMap(auditWorkload).filter((f) => !skipped.has(f.rule));
  const extra: Finding[] = resourceSettingViolations(type, known).map((v) =>
    resourceFinding(type, name, v.path, v.message, 'violation'),
  );
  // A patch is judged on what it sets: a field it leaves out is someone else's (the object it patches),
  // but only for a container the object already has. One it adds runs with what the patch gives it.
  if (isPatchType(type)) {
    const patched = patchedContainers(type, known);
    const unset = findings.filter((f) => f.status === 'violation' && !isSet(known, f.path));
    findings = findings.filter(
      (f) =>
        f.status !== 'violation' ||
        isSet(known, f.path) ||
        (f.container !== null && patched.existing !== undefined && !patched.existing.has(f.container)),
    );
    if (patched.existing === undefined)
      extra.push(...possiblyNewContainers(type, name, patched.target, unset));
  }
  const opaque = opaqueWorkloadSource(type);
  if (opaque !== undefined) {
    extra.push(
      resourceFinding(
        type,
        name,
        '',
        `${type} "${name}" is ${opaque}: its pods are not visible to this check, so they are not verified. ` +
          'Audit the rendered manifests (helm template | hardened-workloads audit -), or run the CrossGuard policies, which see the objects it creates',
        'unknown',
      ),
    );
  }
  return {
    findings: [...findings, ...extra],
    problems: problems.map((p) => `${p.message}${p.path ? ` (${p.path})` : ''}`),
  };
}

/**
 * {@link auditResourceInputs} for the gate: inputs the rules cannot read throw. With
 * `unvalidatedRecords` (why the resource's records were not validated), no record justifies anything.
 */
export function resourceAuditOf(
  type: string,
  name: string,
  audit: ResolvedAudit,
  unvalidatedRecords?: string,
): AuditOf {
  return (known, pendingPaths, reason) => {
    const result = auditResourceInputs(
      type,
      name,
      known as JsonObject,
      pendingPaths,
      audit,
      reason,
      unvalidatedRecords,
    );
    if (result.problems.length > 0) throw new RangeError(result.problems.join('; '));
    return [...result.findings];
  };
}

function resourceFinding(
  type: string,
  name: string,
  path: string,
  message: string,
  status: 'violation' | 'unknown',
): Finding {
  const opaque = status === 'unknown';
  return {
    file: null,
    line: null,
    kind: type,
    name,
    namespace: null,
    container: null,
    rule: opaque ? NOT_VERIFIABLE_RULE : RESOURCE_SETTINGS_RULE,
    pssCheck: null,
    severity: opaque ? 'warning' : 'error',
    level: 'hardened',
    status,
    message,
    path,
  };
}

// The containers of the object a patch targets, when a hardened component of this program registered it.
function patchedContainers(
  type: string,
  known: JsonObject,
): { readonly existing: ReadonlySet<string> | undefined; readonly target: string } {
  const kind = kubernetesWorkloadType(type)?.kind ?? type;
  const metadata = (known.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const target = `${kind} ${typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : ''}${typeof metadata.name === 'string' ? metadata.name : '(unnamed)'}`;
  return { existing: hardenedWorkloadContainers(kind, metadata.namespace, metadata.name), target };
}

/**
 * Containers a patch sets on an object the program does not know: each may be new, and a new one
 * would run without the posture fields the patch leaves out. Reported not verifiable, never passed.
 */
function possiblyNewContainers(
  type: string,
  name: string,
  target: string,
  unset: readonly Finding[],
): Finding[] {
  const byContainer = new Map<string, Finding[]>();
  for (const finding of unset) {
    if (finding.container === null) continue;
    const list = byContainer.get(finding.container);
    if (list === undefined) byContainer.set(finding.container, [finding]);
    else list.push(finding);
  }
  return [...byContainer].map(([container, missing]) =>
    resourceFinding(
      type,
      name,
      (missing[0] as Finding).path.replace(/\.securityContext.*$|\.resources.*$/, ''),
      `${type} "${name}" sets container ${JSON.stringify(container)} of ${target}, which no hardened component of this program registered, so whether the container is new cannot be known: ` +
        `a new container would run without ${[...new Set(missing.map((f) => f.rule))].join(', ')}. ` +
        'Patch the workload of a hardened component of this program, or set the full posture (securityContext, resources) of the container in the patch',
      'unknown',
    ),
  );
}

// Whether a dotted path (`spec.template.spec.containers[0].securityContext.privileged`) has a value.
function isSet(root: unknown, path: string): boolean {
  let current: unknown = root;
  for (const segment of path.match(/[^.[\]"]+/g) ?? []) {
    if (current === null || typeof current !== 'object') return false;
    if (!Object.hasOwn(current, segment)) return false;
    current = (current as Record<string, unknown>)[segment];
  }
  return current !== undefined && current !== null;
}
