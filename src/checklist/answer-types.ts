import type { JustificationRecord } from '../posture';
import type { Finding } from '../audit';
import type { ContainerGroup, Dialect } from '../rules/pod-view';
import type { QuestionId } from './questions';

/**
 * `default`: matches the default posture. `justified`: relaxes it under a valid recorded
 * justification. `violation`: relaxes it without one (or the answer cannot be verified).
 */
export type ChecklistStatus = 'default' | 'justified' | 'violation';

/**
 * Where the facts differ from the default posture. The audit must report each one; a concern
 * no finding covers still makes the answer a violation, so a missing rule never reads as a pass.
 */
export interface Concern {
  /** The container at fault, or null for the pod. */
  readonly container: string | null;
  readonly message: string;
}

/** One of the eight answers for one workload. */
export interface ChecklistAnswer<Facts = unknown> {
  readonly id: QuestionId;
  readonly question: string;
  readonly status: ChecklistStatus;
  /** The answer in plain language, one sentence per container group. */
  readonly answer: string;
  /** The structured facts the answer is written from. */
  readonly facts: Facts;
  /** The audit's findings about this question (violations and justified ones). */
  readonly findings: readonly Finding[];
  /** The justification records behind `justified` findings, each once. */
  readonly justifications: readonly JustificationRecord[];
  /** Deviations from the default posture that no audit finding covers (each makes the answer a violation). */
  readonly uncovered: readonly Concern[];
}

/** Where a container sits, for facts keyed by container. */
export interface ContainerRef {
  readonly container: string;
  readonly group: ContainerGroup;
}

/** The checklist of one workload. */
export interface WorkloadChecklist {
  readonly file: string | null;
  readonly line: number | null;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
  readonly dialect: Dialect;
  /** The worst status of the eight answers and of {@link otherFindings}. */
  readonly status: ChecklistStatus;
  /** The eight answers, in the seed's order. */
  readonly answers: readonly ChecklistAnswer[];
  /** Audit findings outside the eight questions (AppArmor, sysctls, resource limits, justification records...). */
  readonly otherFindings: readonly Finding[];
}
