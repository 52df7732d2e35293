import type { JustificationRecord } from '../posture';
import type { Finding } from '../audit';
import type { ContainerGroup, Dialect } from '../rules/pod-view';
import type { CapabilitiesFacts } from './capabilities';
import type { DebuggingFacts } from './debugging';
import type { HostAccessFacts } from './host-access';
import type { PrivilegeEscalationFacts } from './privilege-escalation';
import type { QuestionId } from './questions';
import type { RuntimeSocketFacts } from './runtime-socket';
import type { SeccompFacts } from './seccomp';
import type { UserFacts } from './user';
import type { WritablePathsFacts } from './writable-paths';

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

/** The structured facts behind each question's answer. */
export interface QuestionFacts {
  readonly user: UserFacts;
  readonly 'writable-paths': WritablePathsFacts;
  readonly capabilities: CapabilitiesFacts;
  readonly 'privilege-escalation': PrivilegeEscalationFacts;
  readonly seccomp: SeccompFacts;
  readonly 'runtime-socket': RuntimeSocketFacts;
  readonly 'host-access': HostAccessFacts;
  readonly debugging: DebuggingFacts;
}

/** The answer to one question for one workload; `facts` has the shape its `id` names. */
export interface AnswerTo<Id extends QuestionId> {
  readonly id: Id;
  readonly question: string;
  readonly status: ChecklistStatus;
  /** The answer in plain language, one sentence per group of containers that answer alike. */
  readonly answer: string;
  /** The structured facts the answer is written from. */
  readonly facts: QuestionFacts[Id];
  /** The audit's findings about this question (violations and justified ones). */
  readonly findings: readonly Finding[];
  /** The justification records behind `justified` findings, each once. */
  readonly justifications: readonly JustificationRecord[];
  /** Deviations from the default posture that no audit finding covers (each makes the answer a violation). */
  readonly uncovered: readonly Concern[];
}

/** One of the eight answers; narrow it by `id` to type its `facts`. */
export type ChecklistAnswer = { readonly [Id in QuestionId]: AnswerTo<Id> }[QuestionId];

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
