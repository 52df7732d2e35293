import type { KnownPart } from '../internal/deferred-values';

// The sentinels @pulumi/policy puts in place of values unknown during a preview (proxy.js, 1.x);
// a test checks them against the installed package.
const POLICY_UNKNOWN_SENTINELS: ReadonlySet<unknown> = new Set([
  '1c4a061d-8072-4f0a-a4cb-0ff528b18fe7',
  '3eeb2bf0-c639-47a8-9e75-3b44932eb421',
  '04da6b54-80e4-46f7-96ec-b56ff0331ba9',
  '6a19a0b0-7e62-4c92-b797-7f8e31da9cc2',
  '030794c1-ac77-496b-92df-f27374a8bd58',
  'e48ece36-62e2-4504-bad9-02848725956a',
  'dd056dcd-154b-4c76-9bd3-c8f88648b5ff',
]);

/** Whether a value is one of the policy SDK's unknown sentinels. */
export function isPolicyUnknown(value: unknown): boolean {
  return POLICY_UNKNOWN_SENTINELS.has(value);
}

// The policy SDK wraps props in a proxy that throws on an unknown; the rules must read the plain object.
const PROXY_TARGET = '__getSpecialProxyTarget';

/** The resource inputs without their unknown parts, and where those were. */
export function knownProps(props: unknown): KnownPart<Record<string, unknown>> {
  const target = (props as Record<string, unknown> | null)?.[PROXY_TARGET] ?? props;
  const pendingPaths: string[] = [];
  const value = strip(target, '', pendingPaths) as Record<string, unknown> | undefined;
  return { value: value ?? {}, pendingPaths };
}

function strip(value: unknown, path: string, pending: string[]): unknown {
  if (isPolicyUnknown(value)) {
    pending.push(path);
    return undefined;
  }
  if (Array.isArray(value))
    return value.map((item: unknown, index) => strip(item, `${path}[${index}]`, pending));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const stripped = strip(item, path === '' ? key : `${path}.${key}`, pending);
      if (stripped !== undefined) out[key] = stripped;
    }
    return out;
  }
  return value;
}
