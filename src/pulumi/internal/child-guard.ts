import * as pulumi from '@pulumi/pulumi';
import { JUSTIFICATIONS_ANNOTATION } from '../../posture';
import type { ComponentLabel } from './component-errors';
import { describeComponent, rejectArgs } from './component-errors';
import type { AuditOf } from './registration-gate';
import { gateOnAudit } from './registration-gate';
import { DOCKER_VOLUME_TYPE, isAuditedType } from './resource-workloads';

/**
 * Refuses the options that would rewrite a hardened component's child after its audit: its own
 * `transformations` (run in this process on the child) and `transforms` (run by the engine).
 */
export function refuseTransformationOptions(
  label: ComponentLabel,
  opts: pulumi.ComponentResourceOptions | undefined,
): void {
  // JavaScript callers bypass the types: null is possible.
  const given = opts as Record<string, unknown> | null | undefined;
  if (given === undefined || given === null) return;
  for (const option of ['transformations', 'transforms'] as const) {
    const value = given[option];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw new pulumi.ResourceError(
      `${describeComponent(label)} (${label.type}): the "${option}" option would rewrite the child ` +
        'after its audit, so a hardened component does not take it. Set what you need through the ' +
        'arguments (relax the posture with justified "exemptions"), or apply hardeningTransformation() to raw resources',
      opts?.parent,
      true,
    );
  }
}

/** The one child a hardened component registers, as its resource class hands it to Pulumi. */
export interface GuardedChild {
  /** The child's type token, e.g. `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  readonly name: string;
  /**
   * The inputs the resource class passes on (its constructor adds constants such as `apiVersion`
   * and `kind`): a transformation that leaves each of them identical leaves the audited child.
   */
  readonly expectedInputs: Readonly<Record<string, unknown>>;
  /** The justification record the component wrote (undefined when none). */
  readonly justification: string | undefined;
  /** Audits inputs a transformation changed and returns them gated; throws on a violation. */
  reaudit(props: Record<string, unknown>): Record<string, unknown>;
}

type Transformable = pulumi.Resource & { __transformations?: pulumi.ResourceTransformation[] };

// The one child each hardened component registers, by component object: the transformation honours
// a justification record only on that child (the component's guard then refuses any other record).
const guardedChildren = new WeakMap<pulumi.Resource, { readonly type: string; readonly name: string }>();

/**
 * Whether a resource being registered is the child a hardened component registers, with the record
 * that component built from the exemptions it validated: `parent` is the component itself (the
 * object, not a type token), and type and name are those of its one child.
 */
export function isGuardedChild(parent: pulumi.Resource | undefined, type: string, name: string): boolean {
  const child = parent === undefined ? undefined : guardedChildren.get(parent);
  return child !== undefined && child.type === type && child.name === name;
}

// Options with which the engine would not create the child from the audited inputs.
const REFUSED_CHILD_OPTIONS: Readonly<Record<string, string>> = {
  ignoreChanges: 'it would keep a live object the audit never saw',
  id: 'it would read an existing resource instead of creating the audited one',
  urn: 'it would read an existing resource instead of creating the audited one',
};

/**
 * Registers a hardened component's child so that legacy transformations inherited from parents or
 * the stack cannot change it unaudited. @pulumi/pulumi 3 runs a resource's transformations in the
 * order: its own, then its parent's list (the parent's own, then the grandparent's ... then the
 * stack's). The component appends one transformation at the end of its own list, so it runs last
 * on the child: it sees exactly the inputs and options that will be registered. Inputs left
 * identical were audited before `super()`; changed ones are audited again (a violation throws, and
 * Outputs wait for their audit); a changed justification record, `ignoreChanges`, `id`/`urn`, a
 * transformation added after it, or another workload parented on the component is refused.
 *
 * @remarks New-style `transforms` (`registerResourceTransform`, `opts.transforms` on a parent) run in
 * the Pulumi engine after this process has sent the registration, so no component can see them:
 * run the CrossGuard policies, which judge the inputs the engine finally holds.
 */
export function registerGuardedChild<R extends pulumi.Resource>(
  component: pulumi.ComponentResource,
  label: ComponentLabel,
  child: GuardedChild,
  create: (opts: pulumi.CustomResourceOptions) => R,
): R {
  const opts = guardChild(component, label, child);
  try {
    return create(opts);
  } catch (error) {
    throw rejectArgs(label, error);
  }
}

/**
 * {@link registerGuardedChild} without the creation: installs the guard and returns the options to
 * create the child with, under the component. The caller creates the child at once, and passes an
 * error from its constructor through `rejectArgs`.
 *
 * @remarks Pulumi records the full call stack of every resource it registers, each frame mapped
 * through source maps: creating the child right in the caller keeps that stack short.
 */
export function guardChild(
  component: pulumi.ComponentResource,
  label: ComponentLabel,
  child: GuardedChild,
): pulumi.CustomResourceOptions {
  const transformable = component as Transformable;
  const inherited = transformable.__transformations;
  if (inherited !== undefined && !Array.isArray(inherited)) {
    throw new pulumi.ResourceError(
      `${describeComponent(label)} (${label.type}): this @pulumi/pulumi keeps transformations in a way the component does not know, so it cannot guard its child; use @pulumi/pulumi 3.x`,
      component,
      true,
    );
  }
  let registered = false;
  const last: pulumi.ResourceTransformation = (args) => {
    const what = `${args.type} "${args.name}"`;
    if (registered || args.type !== child.type || args.name !== child.name) {
      // Other resources (a Service beside the Deployment) may live under the component; another
      // workload would look hardened in the resource tree without being audited by it.
      // A docker.Volume is no workload (the policies and the transformation judge its bind options).
      if (!isAuditedType(args.type) || args.type === DOCKER_VOLUME_TYPE) return undefined;
      throw new Error(
        `${what} cannot be a child of the hardened component: its only workload is the audited ${child.type} "${child.name}"; give ${what} another parent`,
      );
    }
    registered = true;
    const chain = (args.resource as Transformable).__transformations;
    if (Array.isArray(chain) && chain[chain.length - 1] !== last) {
      throw new Error(`a transformation was added after the audit of ${what}; remove it`);
    }
    for (const [option, why] of Object.entries(REFUSED_CHILD_OPTIONS)) {
      const value: unknown = (args.opts as Record<string, unknown>)[option];
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
        throw new Error(`a transformation set "${option}" on ${what}: ${why}`);
      }
    }
    if (unchanged(args.props, child.expectedInputs)) return undefined;
    assertOwnJustification(args.props, child.justification, what);
    return { props: child.reaudit(args.props), opts: args.opts };
  };
  transformable.__transformations = [...(inherited ?? []), last];
  guardedChildren.set(component, { type: child.type, name: child.name });
  return { parent: component };
}

function unchanged(props: Record<string, unknown>, expected: Readonly<Record<string, unknown>>): boolean {
  const keys = new Set([...Object.keys(props), ...Object.keys(expected)]);
  for (const key of keys) if (props[key] !== expected[key]) return false;
  return true;
}

/**
 * Throws when inputs carry a justification record other than the one the component wrote: a record
 * is honoured only where its exemptions were validated.
 */
export function assertOwnJustification(value: unknown, own: string | undefined, what: string): void {
  for (const record of justificationRecords(value)) {
    if (record !== own) {
      throw new Error(
        `a transformation changed the justification record of ${what}: exemptions are arguments of the component, validated there`,
      );
    }
  }
}

/**
 * The re-audit of a workload child whose inputs a transformation changed: the changed inputs are
 * audited again and gated like the originals, and a justification record other than the component's
 * own fails there too (also one that was inside an Output, checked once it resolved).
 */
export function reauditWorkload(
  label: ComponentLabel,
  own: string | undefined,
  what: string,
  audit: AuditOf,
  logOn: () => pulumi.Resource | undefined,
): GuardedChild['reaudit'] {
  return (props) =>
    gateOnAudit(
      label,
      props,
      (known, pendingPaths, reason) => {
        assertOwnJustification(known, own, what);
        return audit(known, pendingPaths, reason);
      },
      logOn,
    ).value;
}

// Every justification record in the inputs: annotations (Kubernetes) and `{label, value}` labels (Docker).
function justificationRecords(value: unknown, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) {
    for (const item of value) justificationRecords(item, found);
  } else if (value !== null && typeof value === 'object' && !pulumi.Output.isInstance(value)) {
    const object = value as Record<string, unknown>;
    if (Object.hasOwn(object, JUSTIFICATIONS_ANNOTATION)) found.push(object[JUSTIFICATIONS_ANNOTATION]);
    if (object.label === JUSTIFICATIONS_ANNOTATION) found.push(object.value);
    for (const item of Object.values(object)) justificationRecords(item, found);
  }
  return found;
}
