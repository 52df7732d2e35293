/** The seed's decision checklist: the eight questions to answer before a container runs in production. */
export const CHECKLIST_QUESTIONS = Object.freeze([
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
] as const);

/** Identifier of one checklist question, stable in the JSON report. */
export type QuestionId = (typeof CHECKLIST_QUESTIONS)[number]['id'];
