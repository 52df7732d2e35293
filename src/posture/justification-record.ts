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
   * SHA-256 of a generated seccomp profile (`seccompLocalhost` only): the profile was generated and
   * reviewed, not written by hand. @default - absent
   */
  readonly profileSha256?: string;
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
    return {
      exemption: exemption.kind,
      ...(scope !== undefined && { container: scope }),
      ...(subject !== undefined && { subject }),
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
  if (typeof ownValue(entry, 'reason') !== 'string') return 'reason is required';
  return undefined;
}
