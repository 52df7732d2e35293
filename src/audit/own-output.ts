import { basename } from 'node:path';

/**
 * Files the project's own tools write beside the manifests they synthesize: cdk8s's
 * `construct-metadata.json` and the validation plugin's `hardened-checklist.json` (its Markdown twin
 * is not read at all). `audit dist/` skips them without a note when they hold no workload; a file of
 * the same name that does hold one is audited like any other.
 */
export const OWN_OUTPUT_FILES: readonly string[] = Object.freeze([
  'construct-metadata.json',
  'hardened-checklist.json',
]);

/** Whether a file is one of {@link OWN_OUTPUT_FILES}. */
export function isOwnOutputFile(file: string | undefined): boolean {
  return file !== undefined && OWN_OUTPUT_FILES.includes(basename(file));
}
