import type { Exemption, ExemptionKind } from './exemption';
import { EXEMPTION_KINDS, exemptionSubject, isExemptionKind } from './exemption';
import { ownValue } from './own-data';

/**
 * The annotation (on a workload and on its pod template) or label (on a Docker container) that
 * records the justifications of its exemptions. Its value is a JSON array of
 * {@link JustificationRecord}; the audit reads it back and turns matching findings into `justified`.
 */
export const JUSTIFICATIONS_ANNOTATION = 'hardened-workloads.io/justifications';

/** One justified exemption, as recorded in a manifest. */
export interface JustificationRecord {
  /** What is relaxed. */
  readonly exemption: ExemptionKind;
  /**
   * The container it applies to.
   * @default - absent: a pod-level exemption, or one that applies to every container
   */
  readonly container?: string;
  /**
   * The capability, host path or host port it is about, for kinds granted one at a time.
   * @default - absent: the kind has no subject
   */
  readonly subject?: string;
  /** Why the relaxation is acceptable (`Justification.reason`). */
  readonly reason: string;
  /** The tracking reference (`Justification.ticket`). @default - absent */
  readonly ticket?: string;
  /** Who approved it (`Justification.approvedBy`). @default - absent */
  readonly approvedBy?: string;
  /** ISO date after which it no longer holds (`Justification.expires`). @default - absent (never expires) */
  readonly expires?: string;
  /**
   * How the host path or socket it is about was mounted when it was reviewed (`hostPath` and
   * `dockerSocket` only). The record justifies only a mount of that container in that mode: a review
   * of a read-only mount says nothing about a writable one. @default - absent: no mount
   */
  readonly mode?: MountMode;
  /**
   * SHA-256 of a generated seccomp profile (`seccompLocalhost` only): the profile was generated and
   * reviewed, not written by hand. @default - absent
   */
  readonly profileSha256?: string;
}

/** How a container mounts a volume: what a volume-borne justification was reviewed for. */
export type MountMode = 'read-only' | 'read-write';

/** The mode of a mount whose `readOnly` (Compose `read_only`) field holds `readOnly`: writable unless it is `true`. */
export function mountMode(readOnly: unknown): MountMode {
  return readOnly === true ? 'read-only' : 'read-write';
}

/** What a finding is about, as a justification record must name it. */
export interface JustificationTarget {
  /** The container at fault. @default - absent: a pod-level finding */
  readonly container?: string;
  /** The capability, host path or host port at fault. @default - absent: no subject */
  readonly subject?: string;
  /** For a finding borne by a mount: the mode that container mounts it with. @default - absent: no mount */
  readonly mode?: MountMode;
}

/**
 * Whether a record covers a finding: same subject and, for a finding borne by a mount (socket, host
 * path, propagation), the same container and the same mode; a record for sidecar `agent` does not
 * cover the same socket in `web`, and one reviewed read-only does not cover a writable mount. Every
 * host and the audit decide it here, so the manifests, the Docker labels and the cluster's
 * exemptions agree.
 */
export function recordCovers(record: JustificationRecord, target: JustificationTarget): boolean {
  if (target.subject !== undefined && record.subject !== target.subject) return false;
  if (target.mode !== undefined) {
    return (
      record.mode === target.mode && (target.container === undefined || record.container === target.container)
    );
  }
  // A record without a container applies to every container; a pod-level finding to any record.
  return (
    record.container === undefined || target.container === undefined || record.container === target.container
  );
}

/** The mode a volume-borne exemption is rendered with: a host path read-only unless it says otherwise, a socket writable. */
function exemptionMountMode(exemption: Exemption): MountMode | undefined {
  if (exemption.kind === 'hostPath') return mountMode(exemption.readOnly ?? true);
  if (exemption.kind === 'dockerSocket') return 'read-write';
  return undefined;
}

/** Turns validated exemptions into the records written to the manifest. */
export function justificationRecords(
  exemptions: readonly Exemption[],
  container?: string,
): JustificationRecord[] {
  return exemptions.map((exemption) => {
    const subject = exemptionSubject(exemption);
    const { reason, ticket, approvedBy, expires } = exemption.justification;
    const scope = EXEMPTION_KINDS[exemption.kind].scope === 'container' ? container : undefined;
    const mode = exemptionMountMode(exemption);
    return {
      exemption: exemption.kind,
      ...(scope !== undefined && { container: scope }),
      ...(subject !== undefined && { subject }),
      ...(mode !== undefined && { mode }),
      reason,
      ...(ticket !== undefined && { ticket }),
      ...(approvedBy !== undefined && { approvedBy }),
      ...(expires !== undefined && { expires }),
      ...(exemption.kind === 'seccompLocalhost' &&
        exemption.profileSha256 !== undefined && { profileSha256: exemption.profileSha256 }),
    };
  });
}

/** Serialises records for the annotation value: stable, compact JSON. */
export function encodeJustifications(records: readonly JustificationRecord[]): string {
  return JSON.stringify(records);
}

/** The records of an annotation value, and what made any of them unreadable. */
export interface DecodedJustifications {
  /** The well-formed records, in annotation order. */
  readonly records: JustificationRecord[];
  /** One message per unreadable entry (or for the whole value); empty when every entry was read. */
  readonly problems: string[];
}

/**
 * Reads an annotation value back. Never throws: hand-edited YAML gets a problem per bad entry,
 * which the audit reports as a violation of its own.
 */
export function decodeJustifications(value: unknown): DecodedJustifications {
  if (value === undefined) return { records: [], problems: [] };
  if (typeof value !== 'string') {
    return { records: [], problems: [`annotation ${JUSTIFICATIONS_ANNOTATION} must be a JSON string`] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return {
      records: [],
      problems: [`annotation ${JUSTIFICATIONS_ANNOTATION} is not valid JSON: ${(error as Error).message}`],
    };
  }
  if (!Array.isArray(parsed)) {
    return {
      records: [],
      problems: [`annotation ${JUSTIFICATIONS_ANNOTATION} must be a JSON array of records`],
    };
  }
  const records: JustificationRecord[] = [];
  const problems: string[] = [];
  parsed.forEach((entry: unknown, index) => {
    const problem = recordShapeProblem(entry);
    if (problem === undefined) records.push(ownRecord(entry as object));
    else problems.push(`annotation ${JUSTIFICATIONS_ANNOTATION}[${index}]: ${problem}`);
  });
  return { records, problems };
}

const RECORD_FIELDS = [
  'exemption',
  'container',
  'subject',
  'mode',
  'reason',
  'ticket',
  'approvedBy',
  'expires',
  'profileSha256',
] as const;

// The record's own fields only, in a prototype-less object: nothing inherited reads as a field.
function ownRecord(entry: object): JustificationRecord {
  const record = Object.create(null) as Record<string, unknown>;
  for (const key of RECORD_FIELDS) {
    const value = ownValue(entry, key);
    if (value !== undefined) record[key] = value;
  }
  return Object.freeze(record) as unknown as JustificationRecord;
}

function recordShapeProblem(entry: unknown): string | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return 'must be an object';
  const exemption = ownValue(entry, 'exemption');
  if (!isExemptionKind(exemption)) return `unknown exemption ${JSON.stringify(exemption)}`;
  for (const key of ['container', 'subject', 'ticket', 'approvedBy', 'expires', 'profileSha256'] as const) {
    const value = ownValue(entry, key);
    if (value !== undefined && typeof value !== 'string') return `${key} must be a string`;
  }
  const mode = ownValue(entry, 'mode');
  if (mode !== undefined && mode !== 'read-only' && mode !== 'read-write')
    return `mode must be "read-only" or "read-write" (got ${JSON.stringify(mode)})`;
  if (typeof ownValue(entry, 'reason') !== 'string') return 'reason is required';
  return undefined;
}
