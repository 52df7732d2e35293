import type { ExemptionKind, JustificationRecord, MountMode } from '../posture';
import type { Acceptance } from './baseline';
import type { PodSecurityLevel } from '../rules/pod-security-level';
import type { Level, PssCheckId, Severity } from '../rules/rule';

/**
 * `violation`: the workload breaks the rule. `justified`: it does, under a valid recorded
 * justification (listed, never dropped). `unknown`: the value cannot be known yet (a Pulumi
 * output at preview): never a pass. `accepted`: a violation accepted by an entry of the audit's
 * baseline file (listed with its reason, never dropped, never failing).
 */
export type FindingStatus = 'violation' | 'justified' | 'unknown' | 'accepted';

/** One rule broken by one workload (or one container of it). */
export interface Finding {
  /** The file the workload was read from, or null for an in-memory input. */
  readonly file: string | null;
  /** 1-based line of the offending field, or of the document when the field cannot be located. */
  readonly line: number | null;
  /** The workload's kind, e.g. `Deployment` (`ComposeService` for Compose). */
  readonly kind: string;
  /** The workload's name (for Compose, the service's). */
  readonly name: string;
  /** The workload's namespace, or null when the manifest sets none. */
  readonly namespace: string | null;
  /** The container at fault, or null for a pod-level finding. */
  readonly container: string | null;
  /** The id of the rule broken; `hardened-workloads explain <rule>` tells all about it. */
  readonly rule: string;
  /** The upstream Pod Security check the rule implements, or null for the hardened rules. */
  readonly pssCheck: PssCheckId | null;
  /** The rule's severity: whether the finding fails the audit by default. */
  readonly severity: Severity;
  /** The lowest level the rule belongs to. */
  readonly level: Level;
  /** Whether it is a violation, justified by a recorded exemption, or not decidable yet. */
  readonly status: FindingStatus;
  /** Short reason plus the culprits, in the style of Pod Security Admission. */
  readonly message: string;
  /** Dotted path of the offending field in the document. */
  readonly path: string;
  /** 1-based line where the workload's document starts, when `line` was narrowed to the field. @default - `line` */
  readonly documentLine?: number;
  /**
   * The justification recorded for it: it covers the finding when status is `justified`; at the
   * baseline and restricted levels a Pod Security check keeps status `violation` beside it (Pod
   * Security Admission has no per-workload exemptions). @default - absent: none recorded
   */
  readonly justification?: JustificationRecord;
  /**
   * The exemption kinds whose justification would allow it (empty: none may), so that a message can
   * say what to write. @default - absent: not known (a finding not made by a rule)
   */
  readonly exemptionKinds?: readonly ExemptionKind[];
  /** The baseline entry that accepts it (status `accepted`). @default - absent: no baseline entry matched */
  readonly acceptance?: Acceptance;
  /** The capability, host path or host port at fault, which such an exemption must name. @default - absent */
  readonly subject?: string;
  /** How `container` mounts the volume the finding is about (read-only or read-write). @default - absent: not a mount */
  readonly mode?: MountMode;
  /**
   * For a Pod Security check whose finding is justified (or, at baseline and restricted, would be):
   * the `pod-security.kubernetes.io/enforce` level a namespace needs to admit the pod, since Pod
   * Security Admission at restricted rejects it. @default - absent: not a justified Pod Security finding
   */
  readonly namespaceEnforce?: PodSecurityLevel;
}
