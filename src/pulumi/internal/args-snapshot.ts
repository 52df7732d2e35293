import * as pulumi from '@pulumi/pulumi';

function isPromiseLike(value: object): value is PromiseLike<unknown> {
  // `then` is read once here; the value is then handed to pulumi.output, which reads it itself.
  return typeof (value as { then?: unknown }).then === 'function';
}

// Values Pulumi serializes by identity (resource references, assets, archives): kept, never copied.
function isPulumiReference(value: object): boolean {
  return (
    pulumi.Output.isInstance(value) ||
    pulumi.Resource.isInstance(value) ||
    pulumi.asset.Asset.isInstance(value) ||
    pulumi.asset.Archive.isInstance(value)
  );
}

/**
 * A deep copy of a component's arguments that cannot change after it is taken: own enumerable
 * properties only (what Pulumi serializes), each getter read exactly once, every object and list
 * frozen, and every Promise turned into one Output, so that the value audited and the value
 * registered are the same resolution. Outputs, resources and assets are kept by reference.
 *
 * @remarks Components audit their arguments before `super()` and register the child later; without
 * the copy a caller could mutate a volume, or answer a getter differently on the second read, between
 * the audit and the registration.
 * @throws RangeError naming the field when the arguments contain a cycle.
 */
export function snapshotArgs<T>(value: T, where: string): T {
  return copy(value, where, new Set()) as T;
}

function copy(value: unknown, path: string, ancestors: Set<object>): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (typeof value === 'function') return value;
  if (isPulumiReference(value)) return value;
  if (value instanceof Date) return Object.freeze(new Date(value.getTime()));
  if (isPromiseLike(value)) return pulumi.output(value);
  if (ancestors.has(value)) throw new RangeError(`${path} refers to itself: pass plain data`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const length = value.length;
      const items: unknown[] = [];
      for (let index = 0; index < length; index++) {
        items.push(copy(readOnce(value, String(index)), `${path}[${index}]`, ancestors));
      }
      return Object.freeze(items);
    }
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(value)) {
      entries.push([key, copy(readOnce(value, key), `${path}.${key}`, ancestors)]);
    }
    // fromEntries defines own properties: a `__proto__` key stays data, never a prototype.
    return Object.freeze(Object.fromEntries(entries));
  } finally {
    ancestors.delete(value);
  }
}

// A data property's value, or its getter's answer, read a single time.
function readOnce(target: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined) return undefined;
  if ('value' in descriptor) return descriptor.value;
  return descriptor.get?.call(target);
}

/** Freezes a rendered document and everything in it, except the Pulumi values it holds by reference. */
export function freezeDocument<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !isPulumiReference(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freezeDocument(child);
  }
  return value;
}
