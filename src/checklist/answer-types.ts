import type { PodSecurityLevel } from '../rules/pod-security-level';
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
  /** What differs from the default posture, e.g. `container "app" adds capability NET_ADMIN`. */
  readonly message: string;
}

/** The structured facts behind each question's answer. */
export interface QuestionFacts {
  /** Effective UID, GID and non-root guard of each container. */
  readonly user: UserFacts;
  /** Whether the root filesystem is read-only and which paths each container can write. */
  readonly 'writable-paths': WritablePathsFacts;
  /** Capabilities dropped and added back per container. */
  readonly capabilities: CapabilitiesFacts;
  /** Whether each container can gain privileges (`no_new_privs`). */
  readonly 'privilege-escalation': PrivilegeEscalationFacts;
  /** The effective seccomp profile of each container. */
  readonly seccomp: SeccompFacts;
  /** Mounts of a container runtime socket. */
  readonly 'runtime-socket': RuntimeSocketFacts;
  /** Host namespaces, privileged containers, host paths and host ports. */
  readonly 'host-access': HostAccessFacts;
  /** How operators can debug the workload without tools in its image. */
  readonly debugging: DebuggingFacts;
}

/** The answer to one question for one workload; `facts` has the shape its `id` names. */
export interface AnswerTo<Id extends QuestionId> {
  /** Which question this answers. */
  readonly id: Id;
  /** The question, as the seed words it. */
  readonly question: string;
  /** Whether the answer matches the default posture, is justified, or is a violation. */
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
  /** The container's name (for Compose, the service's). */
  readonly container: string;
  /** Which list of the pod spec it is in. */
  readonly group: ContainerGroup;
}

/** The checklist of one workload. */
export interface WorkloadChecklist {
  /** The file the workload was read from, or null for an in-memory input. */
  readonly file: string | null;
  /** The 1-based line its document starts on, or null when unknown. */
  readonly line: number | null;
  /** The workload's kind, e.g. `Deployment` (Compose services are `ComposeService`). */
  readonly kind: string;
  /** The workload's name (for Compose, the service's). */
  readonly name: string;
  /** Its namespace, or null when the manifest sets none. */
  readonly namespace: string | null;
  /** Whether it was read from a Kubernetes manifest or a Compose file. */
  readonly dialect: Dialect;
  /**
   * The `pod-security.kubernetes.io/enforce` level its namespace needs to admit it (justifications
   * do not count: Pod Security Admission has no per-workload exemptions), or null for a Compose
   * service, which no admission controller judges.
   */
  readonly namespaceEnforce: PodSecurityLevel | null;
  /** The worst status of the eight answers and of {@link otherFindings}. */
  readonly status: ChecklistStatus;
  /** The eight answers, in the seed's order. */
  readonly answers: readonly ChecklistAnswer[];
  /** Audit findings outside the eight questions (AppArmor, sysctls, resource limits, justification records...). */
  readonly otherFindings: readonly Finding[];
}
