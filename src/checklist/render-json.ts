import type { ChecklistStatus, WorkloadChecklist } from './answer-types';
import type { ChecklistQuestion } from './questions';
import { CHECKLIST_QUESTIONS } from './questions';

/** Version of the JSON report's shape; bumped on any incompatible change. */
export const CHECKLIST_SCHEMA_VERSION = 1;

/** How many workloads have each status. */
export interface ChecklistSummary {
  /** How many workloads were checked. */
  readonly workloads: number;
  /** How many match the default posture throughout. */
  readonly default: number;
  /** How many relax it only under valid justifications. */
  readonly justified: number;
  /** How many relax it without one (or cannot be verified). */
  readonly violation: number;
}

/**
 * The JSON report: `schemaVersion`, the eight `questions` ({ id, question }), a `summary` of
 * workload statuses, and `workloads` (each a {@link WorkloadChecklist}: its source, `status`, the
 * eight `answers` with `status`, `answer`, `facts`, `findings`, `justifications` and `uncovered`,
 * and `otherFindings`).
 */
export interface ChecklistReport {
  /** The shape's version ({@link CHECKLIST_SCHEMA_VERSION}); consumers should check it. */
  readonly schemaVersion: typeof CHECKLIST_SCHEMA_VERSION;
  /** The eight questions, in the seed's order, so a consumer needs no copy of them. */
  readonly questions: readonly ChecklistQuestion[];
  /** How many workloads have each status. */
  readonly summary: ChecklistSummary;
  /** One checklist per workload, in input order. */
  readonly workloads: readonly WorkloadChecklist[];
}

/** Counts workloads by status. */
export function summariseChecklists(checklists: readonly WorkloadChecklist[]): ChecklistSummary {
  const count = (status: ChecklistStatus) => checklists.filter((c) => c.status === status).length;
  return {
    workloads: checklists.length,
    default: count('default'),
    justified: count('justified'),
    violation: count('violation'),
  };
}

/** The report as a value, for hosts that embed it in their own output. */
export function checklistReport(checklists: readonly WorkloadChecklist[]): ChecklistReport {
  return {
    schemaVersion: CHECKLIST_SCHEMA_VERSION,
    questions: CHECKLIST_QUESTIONS,
    summary: summariseChecklists(checklists),
    workloads: checklists,
  };
}

/** The report as JSON text ({@link ChecklistReport}), two-space indented, ending with a newline. */
export function renderChecklistJson(checklists: readonly WorkloadChecklist[]): string {
  return `${JSON.stringify(checklistReport(checklists), null, 2)}\n`;
}
