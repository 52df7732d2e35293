/*
 * Exemptions and justifications come from user code, which may hand over objects with getters,
 * proxies or an altered Object.prototype (`Object.prototype.approvedBy = 'x'`). A check that reads
 * such an object and a renderer that reads it again may see different values. So they are copied
 * once, reading own data properties only, into frozen objects without a prototype; the copy is
 * validated and rendered, never the original.
 */

/** Raised when a value handed to a hardened construct cannot be copied as plain data. */
export class PlainDataError extends TypeError {
  /** Always `PlainDataError`, so the error can be told apart after serialisation. */
  public override readonly name = 'PlainDataError';
}

/**
 * A deep, frozen copy of a plain data value: objects become prototype-less objects holding their
 * own enumerable string-keyed data properties, arrays their own elements. An accessor (getter or
 * setter) or a cycle is refused, naming `where` and the property, rather than read.
 */
export function copyOwnData<T>(value: T, where: string): T {
  return copy(value, where, new Set()) as T;
}

/** A property of an object, only if it is the object's own data property; never a getter or the prototype's. */
export function ownValue(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  return descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
}

function copy(value: unknown, where: string, ancestors: Set<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value)) throw new PlainDataError(`${where} refers to itself: pass plain data`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const length = ownDataProperty(value, 'length', where);
      const items: unknown[] = [];
      for (let index = 0; index < (length as number); index++) {
        items.push(
          copy(ownDataProperty(value, String(index), `${where}[${index}]`), `${where}[${index}]`, ancestors),
        );
      }
      return Object.freeze(items);
    }
    const result = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      const field = `${where}.${key}`;
      result[key] = copy(ownDataProperty(value, key, field), field, ancestors);
    }
    return Object.freeze(result);
  } finally {
    ancestors.delete(value);
  }
}

function ownDataProperty(value: object, key: string, where: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  if (descriptor === undefined) return undefined;
  if (!('value' in descriptor)) {
    throw new PlainDataError(`${where} is a getter or setter: pass a plain value, read once`);
  }
  return descriptor.value;
}
