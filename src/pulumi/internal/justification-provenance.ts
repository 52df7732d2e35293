import type { Finding } from '../../audit';
import { JUSTIFICATIONS_ANNOTATION } from '../../posture';
import { justificationValid } from '../../rules/justification-valid';
import { DOCKER_CONTAINER_TYPE } from './resource-workloads';

/**
 * Which resources' justification records the policies and the transformation honour.
 * `hardened-components`: only the workload a hardened-workloads component registered, which built
 * the record from exemptions it validated. `any-resource`: any resource that carries one, for teams
 * that review records written by hand on raw resources.
 */
export type JustificationScope = 'hardened-components' | 'any-resource';

/** The scope used when none is given: a record is honoured only where it was validated. */
export const DEFAULT_JUSTIFICATION_SCOPE: JustificationScope = 'hardened-components';

const SCOPES: readonly JustificationScope[] = ['hardened-components', 'any-resource'];

/**
 * The workload each hardened component registers as its one child, under the component's own name,
 * by component type token. A test builds every component and checks it against this table.
 */
export const HARDENED_COMPONENT_CHILD_TYPES: Readonly<Record<string, string>> = {
  'hardened-workloads:kubernetes:HardenedDeployment': 'kubernetes:apps/v1:Deployment',
  'hardened-workloads:kubernetes:HardenedStatefulSet': 'kubernetes:apps/v1:StatefulSet',
  'hardened-workloads:kubernetes:HardenedDaemonSet': 'kubernetes:apps/v1:DaemonSet',
  'hardened-workloads:kubernetes:HardenedJob': 'kubernetes:batch/v1:Job',
  'hardened-workloads:kubernetes:HardenedCronJob': 'kubernetes:batch/v1:CronJob',
  'hardened-workloads:docker:HardenedContainer': DOCKER_CONTAINER_TYPE,
};

/** Whether a resource's justification records were validated, and when not, why. */
export type RecordProvenance =
  { readonly validated: true } | { readonly validated: false; readonly why: string };

/** Checks a scope given by a JavaScript caller (the types do not reach it). */
export function assertJustificationScope(value: unknown, where: string): JustificationScope {
  if (value === undefined) return DEFAULT_JUSTIFICATION_SCOPE;
  if (SCOPES.includes(value as JustificationScope)) return value as JustificationScope;
  throw new RangeError(
    `${where}: justifications must be ${SCOPES.map((s) => `'${s}'`).join(' or ')}, not ${JSON.stringify(value)}`,
  );
}

/**
 * Whether a resource, as CrossGuard describes it, is the workload a hardened component registered:
 * its parent (`opts.parent`) is a component type whose child has the resource's type, named like the
 * resource, and its URN follows from that parent. The engine refuses a second resource with the same
 * URN, and the component refuses any other workload parented on it, so that workload is its own.
 *
 * @remarks The type token is what the program registered: a program that declares its own
 * ComponentResource under a library type token passes this check. It tells the validated path from
 * a record written by hand on a raw resource; it is not a signature.
 */
export function provenanceFromUrn(resource: {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string | undefined;
}): RecordProvenance {
  const { type, name, urn, parent } = resource;
  const what = `${type} "${name}"`;
  const parentType = parent === undefined ? undefined : lastType(parent);
  if (parent === undefined || parentType === undefined || !isHardenedComponentType(parentType)) {
    const under =
      parent === undefined || parentType === undefined || parentType === 'pulumi:pulumi:Stack'
        ? 'the stack'
        : parentType;
    return {
      validated: false,
      why: `${what} is not registered by a hardened-workloads component (its parent is ${under}), so no component validated the record`,
    };
  }
  const childType = HARDENED_COMPONENT_CHILD_TYPES[parentType];
  const suffix = `${parentType}::${name}`;
  const prefix = parent.slice(0, parent.length - `::${name}`.length);
  const ownChild =
    childType === type &&
    (parent.endsWith(`::${suffix}`) || parent.endsWith(`$${suffix}`)) &&
    urn === `${prefix}$${type}::${name}`;
  if (!ownChild) {
    return {
      validated: false,
      why: `${what} is parented on a ${componentName(parentType)} but is not the ${childType ?? 'workload'} that component registers under its own name, so the component did not validate the record`,
    };
  }
  return { validated: true };
}

/**
 * The findings of a workload audited with no record (`unjustified`), each violation that a record
 * justified in the audit with its records (`honoured`) naming that record, why it is not honoured
 * and the fix.
 */
export function notHonouring(
  honoured: readonly Finding[],
  unjustified: readonly Finding[],
  type: string,
  why: string,
): Finding[] {
  // A record's own validity is judged on the record: those findings come from the audit that read it.
  const onRecords = (f: Finding) => f.rule === justificationValid.id;
  const judged = unjustified
    .filter((f) => !onRecords(f))
    .map((finding) => {
      const record =
        finding.status === 'violation'
          ? honoured.find(
              (h) =>
                h.justification !== undefined &&
                h.rule === finding.rule &&
                h.path === finding.path &&
                h.container === finding.container &&
                h.subject === finding.subject,
            )?.justification
          : undefined;
      if (record === undefined) return finding;
      const names = `${record.exemption}${record.subject !== undefined ? ` ${record.subject}` : ''}${record.container !== undefined ? ` (container "${record.container}")` : ''}`;
      return {
        ...finding,
        justification: record,
        message:
          `${finding.message}; the ${JUSTIFICATIONS_ANNOTATION} record for ${names} is not honoured: ${why}. ` +
          `Declare the exemption in the "exemptions" of ${componentFor(type)}, which validates it; a team that reviews records on raw resources opts in with justifications: 'any-resource'`,
      };
    });
  return [...judged, ...honoured.filter(onRecords)];
}

function isHardenedComponentType(type: string): boolean {
  return Object.hasOwn(HARDENED_COMPONENT_CHILD_TYPES, type);
}

// The last type of a URN's type chain (`...::parent$child::name` gives `child`); undefined for a malformed URN.
function lastType(urn: string): string | undefined {
  const parts = urn.split('::');
  if (parts.length < 4 || !urn.startsWith('urn:pulumi:')) return undefined;
  return parts[2]?.split('$').pop();
}

function componentName(type: string): string {
  return type.split(':').pop() ?? type;
}

// The component that registers resources of this type, or the family when none does.
function componentFor(type: string): string {
  const component = Object.entries(HARDENED_COMPONENT_CHILD_TYPES).find(([, child]) => child === type)?.[0];
  return component !== undefined
    ? `a ${componentName(component)}`
    : 'a Hardened* component (hardened-workloads/pulumi/kubernetes or /docker)';
}
