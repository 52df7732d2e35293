import { InputError } from '../../src/audit/input-error';
import { readManifestText } from '../../src/audit/read-file';

/** What the audit reads from one file: its documents, or the refusal (exit 2) with its message. */
export type AuditReading =
  | { readonly docs: readonly unknown[]; readonly refusal?: undefined }
  | { readonly refusal: InputError; readonly docs?: undefined };

export function readWithAudit(text: string, file = 'generated.yaml'): AuditReading {
  const docs: unknown[] = [];
  try {
    for (const item of readManifestText(file, text)) {
      if (item.error) return { refusal: item.error };
      // kubectl's resource builder skips a document that reads as null.
      if (item.document.value !== null) docs.push(item.document.value);
    }
  } catch (error) {
    if (error instanceof InputError) return { refusal: error };
    throw error;
  }
  return { docs };
}

/** JSON with sorted keys, so that two readings compare whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    // A null prototype keeps a `__proto__` key an ordinary key.
    const sorted = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}
