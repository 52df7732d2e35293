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
  return copy(value, { where, keys: [] }, new Set()) as T;
}

// Where the copy is, kept as keys and formatted only for an error: every node of every
// component's arguments passes through here.
interface CopyPath {
  readonly where: string;
  readonly keys: (string | number)[];
}

function formatPath(path: CopyPath): string {
  let text = path.where;
  for (const key of path.keys) text += typeof key === 'number' ? `[${key}]` : `.${key}`;
  return text;
}

function copy(value: unknown, path: CopyPath, ancestors: Set<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isPulumiReference(value)) return value;
  if (value instanceof Date) return Object.freeze(new Date(value.getTime()));
  if (isPromiseLike(value)) return pulumi.output(value);
  if (ancestors.has(value)) throw new RangeError(`${formatPath(path)} refers to itself: pass plain data`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const length = value.length;
      const items: unknown[] = [];
      for (let index = 0; index < length; index++) {
        path.keys.push(index);
        // One read of each element, a getter's answer included.
        items.push(copy((value as readonly unknown[])[index], path, ancestors));
        path.keys.pop();
      }
      return Object.freeze(items);
    }
    const result: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      path.keys.push(key);
      // One read of each own enumerable property, a getter's answer included.
      const item = copy((value as Record<string, unknown>)[key], path, ancestors);
      path.keys.pop();
      // An assigned `__proto__` would set the prototype: it is defined as data, as Pulumi reads it.
      if (key === '__proto__') {
        Object.defineProperty(result, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else result[key] = item;
    }
    return Object.freeze(result);
  } finally {
    ancestors.delete(value);
  }
}

/** Freezes a rendered document and everything in it, except the Pulumi values it holds by reference. */
export function freezeDocument<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !isPulumiReference(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freezeDocument(child);
  }
  return value;
}
