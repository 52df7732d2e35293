import * as pulumi from '@pulumi/pulumi';
import { POD_TEMPLATE_PATHS } from '../audit';
import type { PostureEnvironment } from '../posture';
import { DEFAULT_POSTURE, renderDockerContainer, renderHardenedPod } from '../posture';
import type { ComponentLabel } from './internal/component-errors';
import { rejectArgs } from './internal/component-errors';
import { isGuardedChild } from './internal/child-guard';
import type { JustificationScope } from './internal/justification-provenance';
import { assertJustificationScope } from './internal/justification-provenance';
import { gateOnAudit } from './internal/registration-gate';
import { hardenedAudit } from './internal/rendered-audit';
import { resourceAuditOf } from './internal/resource-audit';
import {
  DOCKER_CONTAINER_TYPE,
  isAuditedResource,
  kubernetesWorkloadKind,
} from './internal/resource-workloads';

/** How the hardening transformation works. */
export interface HardeningTransformationOptions {
  /**
   * Where the hardened resources run; production refuses Unconfined seccomp even when justified.
   * @default 'production'
   */
  readonly environment?: PostureEnvironment;
  /** The clock for justification expiry, for tests. @default - now */
  readonly now?: Date;
  /**
   * Which resources' justification records are honoured. `hardened-components`: only on the child a
   * hardened component registers (it validated the record); on a raw resource a setting that a record
   * would justify is refused, naming the record. `any-resource`: records written by hand on raw
   * resources are honoured too, for teams that review them.
   * @default 'hardened-components'
   */
  readonly justifications?: JustificationScope;
}

export type { JustificationScope } from './internal/justification-provenance';

type Json = Record<string, unknown>;

/**
 * A legacy Pulumi transformation that hardens raw Kubernetes workloads and `docker.Container`s declared
 * in the same program: it renders the default posture into every field left unset, keeps what the
 * program set explicitly, then audits the result with the hardened-level rules. A setting that
 * cannot be hardened silently (`privileged: true`, a host path, an added capability, ...) is refused
 * with a `pulumi.ResourceError` naming the resource, the rule and the field. A justification
 * annotation (Kubernetes) or label (Docker) covers it only on the child of a hardened component,
 * which validated the record, unless `justifications: 'any-resource'` is set.
 *
 * Every other type that carries a pod or a container is judged as it is: Patch types on the fields
 * they set, List types on their items, every API version of each workload kind, PersistentVolume
 * `hostPath`, Swarm services, plugins with `grantAllPermissions`. Helm releases and charts, YAML and
 * kustomize packagings are reported (a warning naming them) as not verifiable. Other resources pass
 * through untouched.
 *
 * A security field given as an Output or a Promise is audited when it resolves, and the resource's
 * registration waits for that audit: a violation then fails the registration instead of following it.
 * At preview a value the engine does not know yet is reported `unknown`, never passed.
 *
 * @remarks A legacy transformation runs in this process, before transformations registered on
 * parents further up and on the stack after it; those, and new-style `transforms` (run by the
 * engine), can still change the resource afterwards. The CrossGuard policies judge what the engine
 * finally holds: run them as well.
 *
 * @example
 * pulumi.runtime.registerStackTransformation(hardeningTransformation());
 * // or, for the children of one component: { transformations: [hardeningTransformation()] }
 */
export function hardeningTransformation(
  options: HardeningTransformationOptions = {},
): pulumi.ResourceTransformation {
  const audit = hardenedAudit(options);
  const scope = assertJustificationScope(options.justifications, 'hardeningTransformation options');
  return (args) => {
    if (!isAuditedResource(args.type, args.props)) return undefined;
    const label: ComponentLabel = { type: args.type, name: args.name };
    const kind = kubernetesWorkloadKind(args.type);
    try {
      const honoured = scope === 'any-resource' || isGuardedChild(args.opts.parent, args.type, args.name);
      const auditOf = resourceAuditOf(
        args.type,
        args.name,
        audit,
        honoured
          ? undefined
          : `${args.type} "${args.name}" is not the child of a hardened-workloads component, so no component validated the record`,
      );
      const props =
        kind !== undefined
          ? hardenKubernetesWorkload(kind, args.props, args.name, options)
          : args.type === DOCKER_CONTAINER_TYPE
            ? hardenDockerContainer(args.props, options)
            : args.props;
      const gated = gateOnAudit(label, props, auditOf, () => args.resource);
      return { props: gated.value, opts: args.opts };
    } catch (error) {
      throw rejectArgs(label, error);
    }
  };
}

function isDeferred(value: unknown): boolean {
  return (
    pulumi.Output.isInstance(value) ||
    (value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof (value as { then?: unknown }).then === 'function')
  );
}

function plainObject(value: unknown, field: string): Json {
  if (isDeferred(value)) {
    throw new TypeError(
      `${field} is a Pulumi output, so it cannot be hardened before it is known: pass a plain object, or use the Hardened* components`,
    );
  }
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${field} must be an object`);
  return value as Json;
}

function plainArray(value: unknown, field: string): unknown[] {
  if (isDeferred(value)) {
    throw new TypeError(
      `${field} is a Pulumi output, so it cannot be hardened before it is known: pass a plain list`,
    );
  }
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError(`${field} must be a list`);
  return value;
}

/** Renders the posture into the pod of a raw workload; explicit settings are kept for the audit to judge. */
function hardenKubernetesWorkload(
  kind: string,
  props: Json,
  name: string,
  options: HardeningTransformationOptions,
): Json {
  const keys = [...(POD_TEMPLATE_PATHS[kind] ?? []), 'spec'];
  const result: Json = { ...props };
  let parent = result;
  let path = '';
  for (const key of keys.slice(0, -1)) {
    path = path === '' ? key : `${path}.${key}`;
    const next = { ...plainObject(parent[key], path) };
    parent[key] = next;
    parent = next;
  }
  const specPath = path === '' ? 'spec' : `${path}.spec`;
  parent.spec = hardenPodSpec(plainObject(parent.spec, specPath), specPath, `${kind}/${name}`, options);
  return result;
}

function hardenPodSpec(
  spec: Json,
  specPath: string,
  where: string,
  options: HardeningTransformationOptions,
): Json {
  const group = (key: 'containers' | 'initContainers' | 'ephemeralContainers') =>
    plainArray(spec[key], `${specPath}.${key}`).map((raw, index) => {
      const container = plainObject(raw, `${specPath}.${key}[${index}]`);
      if (typeof container.name !== 'string') {
        throw new TypeError(
          `${specPath}.${key}[${index}].name must be a plain string to harden the container`,
        );
      }
      return container;
    });
  const containers = group('containers');
  const initContainers = group('initContainers');
  const ephemeralContainers = group('ephemeralContainers');
  // The defaults come from the same renderer as the components; ephemeral containers are named like the others.
  const rendered = renderHardenedPod({
    containers: [...containers, ...ephemeralContainers].map((c) => ({ name: c.name as string })),
    initContainers: initContainers.map((c) => ({ name: c.name as string })),
    where,
    ...(options.environment !== undefined && { environment: options.environment }),
    ...(options.now !== undefined && { now: options.now }),
  });
  const harden = (c: Json, index: number, key: string): Json => {
    const defaults = rendered.containers.get(c.name as string)?.securityContext ?? {};
    const own = plainObject(c.securityContext, `${specPath}.${key}[${index}].securityContext`);
    const capabilities = plainObject(
      own.capabilities,
      `${specPath}.${key}[${index}].securityContext.capabilities`,
    );
    const drop = plainArray(
      capabilities.drop,
      `${specPath}.${key}[${index}].securityContext.capabilities.drop`,
    );
    return {
      ...c,
      securityContext: {
        ...defaults,
        ...own,
        capabilities: { ...capabilities, drop: drop.includes('ALL') ? drop : [...drop, 'ALL'] },
      },
    };
  };
  return {
    ...spec,
    automountServiceAccountToken:
      spec.automountServiceAccountToken ?? DEFAULT_POSTURE.automountServiceAccountToken,
    securityContext: {
      ...rendered.securityContext,
      ...plainObject(spec.securityContext, `${specPath}.securityContext`),
    },
    containers: containers.map((c, i) => harden(c, i, 'containers')),
    ...(initContainers.length > 0 && {
      initContainers: initContainers.map((c, i) => harden(c, i, 'initContainers')),
    }),
    ...(ephemeralContainers.length > 0 && {
      ephemeralContainers: ephemeralContainers.map((c, i) => harden(c, i, 'ephemeralContainers')),
    }),
  };
}

/** Renders the Docker posture into the unset arguments of a `docker.Container`. */
function hardenDockerContainer(props: Json, options: HardeningTransformationOptions): Json {
  const defaults = renderDockerContainer({
    name: 'defaults',
    image: 'defaults',
    ...(options.environment !== undefined && { environment: options.environment }),
  });
  const capabilities = plainObject(props.capabilities, 'capabilities');
  const drops = plainArray(capabilities.drops, 'capabilities.drops');
  const securityOpts = plainArray(props.securityOpts, 'securityOpts');
  const hasNoNewPrivileges = securityOpts.some(
    (o) => typeof o === 'string' && o.startsWith('no-new-privileges'),
  );
  return {
    ...props,
    user: props.user ?? defaults.user,
    readOnly: props.readOnly ?? defaults.readOnly,
    privileged: props.privileged ?? false,
    capabilities: { ...capabilities, drops: drops.includes('ALL') ? drops : [...drops, 'ALL'] },
    securityOpts:
      hasNoNewPrivileges || props.privileged === true
        ? securityOpts
        : [...securityOpts, ...defaults.securityOpt],
    ipcMode: props.ipcMode ?? 'private',
    memory: props.memory ?? defaults.memoryMb,
    cpus: props.cpus ?? String(defaults.cpus),
  };
}
