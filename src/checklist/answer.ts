import type { Finding, ResolvedAudit, Workload } from '../audit';
import { evaluateWorkload, resolveAudit } from '../audit';
import type { JustificationRecord, PostureEnvironment } from '../posture';
import { podSecurityLevelNeeded } from '../rules/pod-security-level';
import type { PssVersion } from '../rules/pss-version';
import type { Rule } from '../rules/rule';
import type {
  AnswerTo,
  ChecklistAnswer,
  ChecklistStatus,
  Concern,
  QuestionFacts,
  WorkloadChecklist,
} from './answer-types';
import { capabilitiesConcerns, capabilitiesFacts, describeCapabilities } from './capabilities';
import { questionsOfFinding } from './classify';
import { debuggingFacts, describeDebugging } from './debugging';
import { describeHostAccess, hostAccessConcerns, hostAccessFacts } from './host-access';
import {
  describePrivilegeEscalation,
  privilegeEscalationConcerns,
  privilegeEscalationFacts,
} from './privilege-escalation';
import type { QuestionId } from './questions';
import { CHECKLIST_QUESTIONS } from './questions';
import { describeRuntimeSocket, runtimeSocketConcerns, runtimeSocketFacts } from './runtime-socket';
import { describeSeccomp, seccompConcerns, seccompFacts } from './seccomp';
import { describeUser, userConcerns, userFacts } from './user';
import { describeWritablePaths, writablePathsConcerns, writablePathsFacts } from './writable-paths';

/** How to answer the checklist. */
export interface ChecklistOptions {
  /** The clock for justification expiry. @default - now */
  readonly now?: Date;
  /** Where the workloads run: production refuses Unconfined seccomp even when justified. @default 'production' */
  readonly environment?: PostureEnvironment;
  /** The Pod Security version whose checks apply. @default LATEST_PSS_VERSION */
  readonly pssVersion?: PssVersion;
  /** The rules that classify the answers, at the hardened level. @default ALL_RULES */
  readonly rules?: readonly Rule[];
}

interface Draft<Facts> {
  readonly answer: string;
  readonly facts: Facts;
  readonly concerns: readonly Concern[];
}

type Drafts = { readonly [Id in QuestionId]: Draft<QuestionFacts[Id]> };

/**
 * Answers the seed's eight questions for one workload, from its rendered pod. Every answer is
 * classified by the audit itself (the hardened level), so the checklist and the audit agree.
 */
export function answerChecklist(workload: Workload, options: ChecklistOptions = {}): WorkloadChecklist {
  return answerWithAudit(workload, checklistAudit(options));
}

/** Answers the checklist for every workload; the rule selection is resolved once. */
export function answerChecklists(
  workloads: Iterable<Workload>,
  options: ChecklistOptions = {},
): WorkloadChecklist[] {
  const audit = checklistAudit(options);
  return [...workloads].map((workload) => answerWithAudit(workload, audit));
}

function checklistAudit(options: ChecklistOptions): ResolvedAudit {
  return resolveAudit({
    level: 'hardened',
    ...(options.now !== undefined && { now: options.now }),
    ...(options.environment !== undefined && { environment: options.environment }),
    ...(options.pssVersion !== undefined && { pssVersion: options.pssVersion }),
    ...(options.rules !== undefined && { rules: options.rules }),
  });
}

function draftAnswers(workload: Workload): Drafts {
  const pod = workload.pod;
  const user = userFacts(pod);
  const writable = writablePathsFacts(workload);
  const capabilities = capabilitiesFacts(pod);
  const escalation = privilegeEscalationFacts(pod);
  const seccomp = seccompFacts(pod);
  const socket = runtimeSocketFacts(pod);
  const host = hostAccessFacts(pod);
  const debugging = debuggingFacts(workload, user);
  return {
    user: { answer: describeUser(pod, user), facts: user, concerns: userConcerns(pod, user) },
    'writable-paths': {
      answer: describeWritablePaths(pod, writable),
      facts: writable,
      concerns: writablePathsConcerns(writable),
    },
    capabilities: {
      answer: describeCapabilities(pod, capabilities),
      facts: capabilities,
      concerns: capabilitiesConcerns(capabilities),
    },
    'privilege-escalation': {
      answer: describePrivilegeEscalation(pod, escalation),
      facts: escalation,
      concerns: privilegeEscalationConcerns(escalation),
    },
    seccomp: {
      answer: describeSeccomp(pod, seccomp),
      facts: seccomp,
      concerns: seccompConcerns(pod, seccomp),
    },
    'runtime-socket': {
      answer: describeRuntimeSocket(socket),
      facts: socket,
      concerns: runtimeSocketConcerns(socket),
    },
    'host-access': {
      answer: describeHostAccess(pod, host),
      facts: host,
      concerns: hostAccessConcerns(pod, host),
    },
    debugging: { answer: describeDebugging(debugging), facts: debugging, concerns: [] },
  };
}

function answerWithAudit(workload: Workload, audit: ResolvedAudit): WorkloadChecklist {
  const findings = evaluateWorkload(workload, audit);
  const byQuestion = new Map<QuestionId, Finding[]>();
  const otherFindings: Finding[] = [];
  for (const finding of findings) {
    const questions = questionsOfFinding(finding, workload.pod);
    if (questions.length === 0) otherFindings.push(finding);
    for (const id of questions) byQuestion.set(id, [...(byQuestion.get(id) ?? []), finding]);
  }
  const drafts = draftAnswers(workload);
  const answers: ChecklistAnswer[] = CHECKLIST_QUESTIONS.map(({ id, question }) => {
    const draft = drafts[id];
    const attached = byQuestion.get(id) ?? [];
    const uncovered = draft.concerns.filter((concern) => !attached.some((f) => covers(f, concern)));
    // Each id is paired with its own draft's facts: the union cannot see that correlation.
    return {
      id,
      question,
      status: worst([statusOf(attached), uncovered.length > 0 ? 'violation' : 'default']),
      answer: draft.answer,
      facts: draft.facts,
      findings: attached,
      justifications: justificationsOf(attached),
      uncovered,
    } as ChecklistAnswer;
  });
  return {
    file: workload.file ?? null,
    line: workload.line ?? null,
    kind: workload.kind,
    name: workload.name,
    namespace: workload.namespace ?? null,
    dialect: workload.pod.dialect,
    namespaceEnforce:
      workload.pod.dialect === 'kubernetes'
        ? podSecurityLevelNeeded(workload.pod, audit.context.pssVersion)
        : null,
    status: worst([...answers.map((a) => a.status), statusOf(otherFindings)]),
    answers,
    otherFindings,
  };
}

// A finding on the pod covers every container; a finding on a container covers that container.
function covers(finding: Finding, concern: Concern): boolean {
  return finding.container === null || concern.container === null || finding.container === concern.container;
}

/**
 * Errors decide the status, as they decide the audit's exit code; warnings are listed with the
 * answer. An `unknown` value is never a pass.
 */
function statusOf(findings: readonly Finding[]): ChecklistStatus {
  const decisive = findings.filter((f) => f.severity === 'error' || f.status === 'unknown');
  if (decisive.some((f) => f.status !== 'justified')) return 'violation';
  return decisive.length > 0 ? 'justified' : 'default';
}

const RANK: Readonly<Record<ChecklistStatus, number>> = { default: 0, justified: 1, violation: 2 };

function worst(statuses: readonly ChecklistStatus[]): ChecklistStatus {
  return statuses.reduce<ChecklistStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'default');
}

function justificationsOf(findings: readonly Finding[]): JustificationRecord[] {
  const records: JustificationRecord[] = [];
  for (const finding of findings) {
    if (finding.justification !== undefined && !records.includes(finding.justification))
      records.push(finding.justification);
  }
  return records;
}

/** The answer to one question of a workload's checklist, with its facts typed by the question. */
export function findAnswer<Id extends QuestionId>(
  checklist: WorkloadChecklist,
  id: Id,
): AnswerTo<Id> | undefined {
  // The answers hold each id once, with the facts of that id.
  return checklist.answers.find((a) => a.id === id) as AnswerTo<Id> | undefined;
}
