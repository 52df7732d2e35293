import * as pulumi from '@pulumi/pulumi';

/** A plain copy of a value, without the parts that are not known yet, and where those parts were. */
export interface KnownPart<T = unknown> {
  readonly value: T;
  /** Dotted paths (`spec.template.spec.containers[0].image`) of the left-out parts. */
  readonly pendingPaths: readonly string[];
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The part of a component's arguments known while the constructor runs: every Output and Promise is
 * left out (and its path recorded), so the rules can run before any child resource is registered.
 */
export function knownAtConstruction<T>(value: T): KnownPart<T> {
  const pendingPaths: string[] = [];
  const copy = strip(value, '', pendingPaths, (v) => pulumi.Output.isInstance(v) || isPromiseLike(v));
  return { value: copy as T, pendingPaths };
}

/**
 * The part of a resolved value that is known: during a preview the engine hands unknown values over as
 * `pulumi.unknown` sentinels, which are left out (and their paths recorded) so that no rule reads them as absent.
 */
export function knownAtResolution<T>(value: T): KnownPart<T> {
  const pendingPaths: string[] = [];
  const copy = strip(value, '', pendingPaths, (v) => pulumi.isUnknown(v));
  return { value: copy as T, pendingPaths };
}

function strip(value: unknown, path: string, pending: string[], isPending: (v: unknown) => boolean): unknown {
  if (isPending(value)) {
    pending.push(path);
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => strip(item, `${path}[${index}]`, pending, isPending));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const stripped = strip(item, path === '' ? key : `${path}.${key}`, pending, isPending);
      if (stripped !== undefined) out[key] = stripped;
    }
    return out;
  }
  return value;
}

/**
 * Resolves an Input with its unknown parts kept as `pulumi.unknown` sentinels instead of skipping the
 * callback, as a plain `apply` does at preview: an unknown must be reported, never read as a pass.
 * Relies on the second (`runWithUnknowns`) parameter of `Output.apply`, present in @pulumi/pulumi 3.x.
 */
export function applyWithUnknowns<T, U>(
  value: pulumi.Input<T>,
  callback: (resolved: unknown) => U,
): pulumi.Output<U> {
  const output = pulumi.output(value) as unknown as {
    apply(func: (resolved: unknown) => U, runWithUnknowns: boolean): pulumi.Output<U>;
  };
  return output.apply(callback, true);
}
