import type { JustificationRecord } from '../posture';
import type { Level, PssCheckId, Severity } from '../rules/rule';

/**
 * `violation`: the workload breaks the rule. `justified`: it does, under a valid recorded
 * justification (listed, never dropped). `unknown`: the value cannot be known yet (a Pulumi
 * output at preview): never a pass.
 */
export type FindingStatus = 'violation' | 'justified' | 'unknown';

/** One rule broken by one workload (or one container of it). */
export interface Finding {
  readonly file: string | null;
  /** 1-based line of the offending field, or of the document when the field cannot be located. */
  readonly line: number | null;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
  readonly container: string | null;
  readonly rule: string;
  readonly pssCheck: PssCheckId | null;
  readonly severity: Severity;
  readonly level: Level;
  readonly status: FindingStatus;
  readonly message: string;
  /** Dotted path of the offending field in the document. */
  readonly path: string;
  /** 1-based line where the workload's document starts, when `line` was narrowed to the field. @default - `line` */
  readonly documentLine?: number;
  /** The justification that covers it, when status is `justified`. */
  readonly justification?: JustificationRecord;
}
