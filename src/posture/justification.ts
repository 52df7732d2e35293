import { ownValue } from './own-data';

/**
 * Why a relaxation of the default posture is acceptable. Recorded in the synthesized output and
 * shown in every report, never dropped.
 */
export interface Justification {
  /**
   * Why the workload needs the relaxation. At least 20 characters, and not a placeholder such as
   * "TODO", "tbd", "n/a", "temp" or "fix later".
   * @remarks The reason is what a reviewer reads in the manifest, the audit and the checklist; a
   * placeholder cannot be judged, so it is refused like a missing one.
   */
  readonly reason: string;
  /** A tracking reference, such as a ticket id or URL. @default - none */
  readonly ticket?: string;
  /** Who reviewed and approved the relaxation. Required for the high-risk exemptions. @default - none */
  readonly approvedBy?: string;
  /**
   * ISO date (YYYY-MM-DD) after which the justification no longer holds.
   * @remarks An expired justification is refused when rendering and justifies no finding in the audit,
   * so a temporary relaxation is reviewed again rather than kept forever.
   * @default - never expires
   */
  readonly expires?: string;
}

/** A justification that names its approver: the seed treats high-risk relaxations as a design review. */
export interface ApprovedJustification extends Justification {
  /** Who reviewed and approved the relaxation: required, since this kind is a design review. */
  readonly approvedBy: string;
}

/**
 * Raised when a justification is missing or unacceptable. The message says what to fix.
 *
 * @remarks Raised while the app is synthesized or the stack previewed, before anything reaches a
 * cluster or a Docker host: an unjustified relaxation never ships.
 */
export class JustificationError extends Error {
  /** Always `JustificationError`, so the error can be told apart after serialisation. */
  public override readonly name = 'JustificationError';
}

/** The shortest reason accepted. */
export const MIN_REASON_LENGTH = 20;

// Words that carry no reason on their own; what is left once they are removed must still explain.
const PLACEHOLDER_WORDS =
  /\b(todo|tbd|tba|fixme|xxx|n\/?a|none|temp|temporary|test(ing)?|later|placeholder|dummy|asdf|foo|bar|baz|lorem|ipsum|whatever|something|because|needed|required|reason|fix|wip)\b/gi;
const PLACEHOLDER_MARKERS = /\b(todo|tbd|tba|fixme|xxx|wip)\b|\bfix(\s+it)?\s+later\b|lorem ipsum/i;

/** What checking a justification needs to know about its use. */
export interface JustificationCheck {
  /** The exemption needs an `approvedBy`. */
  readonly requireApproval: boolean;
  /** The clock for expiry; injectable for tests. */
  readonly now: Date;
  /**
   * The longest lifetime, in days from `now`, of a justification that needs an approver: it must
   * set `expires` no later than that. @default - no limit
   */
  readonly maxApprovedDays?: number;
}

// Characters that show nothing: white space, format controls (zero-width space, joiners, BOM,
// soft hyphen), other controls, combining marks on their own, and the blank-looking letters.
const INVISIBLE = /[\s\p{Z}\p{Cf}\p{Cc}\p{M}\u115f\u1160\u2800\u3164\uffa0]+/gu;

/** The text a reader sees: invisible characters removed, runs of white space collapsed to one space. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, ' ').trim();
}

// Names that are not a person or a group who reviewed anything.
const APPROVER_PLACEHOLDER =
  /^(todo|tbd|tba|fixme|wip|xxx+|x+|n\/?a|none|nobody|no ?one|unknown|anonymous|someone|somebody|anyone|me|myself|self|i|approver|approved|approval|yes|ok|okay|test(ing)?|dummy|placeholder|changeme|sample|example|foo|bar|admin|root|user|lgtm|[-?.!*_#]+)$/i;

/** Why an approver name is not acceptable, or undefined when it names someone. */
export function approverProblem(approvedBy: string): string | undefined {
  const visible = visibleText(approvedBy);
  if (visible === '')
    return 'justification.approvedBy must be visible text, not only white space or invisible characters';
  if ((visible.match(/[\p{L}\p{N}]/gu) ?? []).length < 2 || APPROVER_PLACEHOLDER.test(visible)) {
    return `justification.approvedBy ${JSON.stringify(approvedBy)} is a placeholder: name the person or group who reviewed the exemption`;
  }
  return undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Lists what is wrong with a justification (empty when it is acceptable). Accepts `unknown` because
 * JavaScript callers and hand-edited manifests bypass the compiler. Reads own data properties only:
 * nothing inherited (`Object.prototype.approvedBy`) and no getter counts.
 */
export function justificationProblems(value: unknown, check: JustificationCheck): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return ['a justification object { reason, ticket?, approvedBy?, expires? } is required'];
  }
  const problems: string[] = [];
  const reason = ownValue(value, 'reason');
  const visibleReason = typeof reason === 'string' ? visibleText(reason) : '';
  if (visibleReason === '') {
    problems.push('justification.reason is required');
  } else if (visibleReason.length < MIN_REASON_LENGTH) {
    problems.push(
      `justification.reason must be at least ${MIN_REASON_LENGTH} characters (got ${visibleReason.length}): say why the workload needs it`,
    );
  } else if (isPlaceholder(visibleReason)) {
    problems.push(
      `justification.reason ${JSON.stringify(reason)} is a placeholder: say why the workload needs it`,
    );
  }
  for (const key of ['ticket', 'approvedBy', 'expires'] as const) {
    const field = ownValue(value, key);
    if (field !== undefined && (typeof field !== 'string' || visibleText(field) === '')) {
      problems.push(`justification.${key} must be a non-empty string when given`);
    }
  }
  const approvedBy = ownValue(value, 'approvedBy');
  if (check.requireApproval) {
    if (approvedBy === undefined) {
      problems.push(
        'justification.approvedBy is required for this high-risk exemption (it is a design review)',
      );
    } else if (typeof approvedBy === 'string' && visibleText(approvedBy) !== '') {
      const problem = approverProblem(approvedBy);
      if (problem !== undefined) problems.push(problem);
    }
  }
  const expires = ownValue(value, 'expires');
  const expiry = typeof expires === 'string' && expires.trim() !== '' ? parseExpiry(expires) : undefined;
  if (typeof expires === 'string' && expires.trim() !== '') {
    if (expiry === undefined) {
      problems.push(`justification.expires ${JSON.stringify(expires)} is not an ISO date (YYYY-MM-DD)`);
    } else if (expiry.getTime() < check.now.getTime()) {
      problems.push(`justification expired on ${expires}: review the exemption and renew or remove it`);
    }
  }
  const maxDays = check.maxApprovedDays;
  if (check.requireApproval && maxDays !== undefined) {
    const latest = new Date(check.now.getTime() + (maxDays + 1) * DAY_MS);
    if (expires === undefined) {
      problems.push(
        `justification.expires is required: the posture limits high-risk exemptions to ${maxDays} days (maxExemptionDays)`,
      );
    } else if (expiry !== undefined && expiry.getTime() >= latest.getTime()) {
      problems.push(
        `justification.expires ${JSON.stringify(expires)} is more than ${maxDays} days away: the posture limits high-risk exemptions to ${maxDays} days (maxExemptionDays)`,
      );
    }
  }
  return problems;
}

/** Checks a `maxExemptionDays` setting: a whole number of days, at least 1. */
export function assertMaxExemptionDays(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 36500) {
    throw new RangeError(
      `${where}: maxExemptionDays must be a whole number of days between 1 and 36500 (got ${JSON.stringify(value)}); leave it unset for no limit`,
    );
  }
  return value;
}

/** Whether a reason is a placeholder rather than an explanation. */
export function isPlaceholder(reason: string): boolean {
  if (PLACEHOLDER_MARKERS.test(reason)) return true;
  const meaningful = reason.replace(PLACEHOLDER_WORDS, ' ').replace(/[^a-z]/gi, '');
  return meaningful.length < MIN_REASON_LENGTH / 2 || new Set(meaningful.toLowerCase()).size < 5;
}

/**
 * Parses an expiry date. A bare date stays valid for the whole of that day (UTC).
 * Returns undefined when the text is not an ISO 8601 date or date-time.
 */
export function parseExpiry(text: string): Date | undefined {
  const trimmed = text.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (dateOnly) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    const end = new Date(Date.UTC(year, month - 1, day, 23, 59, 59, 999));
    return end.getUTCMonth() === month - 1 && end.getUTCDate() === day ? end : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) return undefined;
  const parsed = new Date(trimmed);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}
