/** Identifier of one checklist question, stable in the JSON report. */
export type QuestionId =
  | 'user'
  | 'writable-paths'
  | 'capabilities'
  | 'privilege-escalation'
  | 'seccomp'
  | 'runtime-socket'
  | 'host-access'
  | 'debugging';

/** One question of the seed's decision checklist. */
export interface ChecklistQuestion {
  /** Stable identifier, the key of the answer's facts and of the JSON report. */
  readonly id: QuestionId;
  /** The question as the seed words it. */
  readonly question: string;
}

/** The seed's decision checklist: the eight questions to answer before a container runs in production. */
export const CHECKLIST_QUESTIONS: readonly ChecklistQuestion[] = Object.freeze([
  { id: 'user', question: 'What UID and GID does it run as?' },
  { id: 'writable-paths', question: 'Which directories are writable?' },
  { id: 'capabilities', question: 'Which Linux capabilities remain?' },
  { id: 'privilege-escalation', question: 'Does it need privilege escalation?' },
  { id: 'seccomp', question: "Does it use Docker's default seccomp profile?" },
  { id: 'runtime-socket', question: 'Does it mount the Docker socket?' },
  { id: 'host-access', question: 'Does it need host networking, host PID, or privileged mode?' },
  {
    id: 'debugging',
    question: 'How will operators debug it without adding tools to the runtime image?',
  },
]);
