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
}

/**
 * Lists what is wrong with a justification (empty when it is acceptable). Accepts `unknown` because
 * JavaScript callers and hand-edited manifests bypass the compiler.
 */
export function justificationProblems(value: unknown, check: JustificationCheck): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return ['a justification object { reason, ticket?, approvedBy?, expires? } is required'];
  }
  const j = value as Record<string, unknown>;
  const problems: string[] = [];
  const reason = j.reason;
  if (typeof reason !== 'string' || reason.trim() === '') {
    problems.push('justification.reason is required');
  } else if (reason.trim().length < MIN_REASON_LENGTH) {
    problems.push(
      `justification.reason must be at least ${MIN_REASON_LENGTH} characters (got ${reason.trim().length}): say why the workload needs it`,
    );
  } else if (isPlaceholder(reason)) {
    problems.push(
      `justification.reason ${JSON.stringify(reason)} is a placeholder: say why the workload needs it`,
    );
  }
  for (const key of ['ticket', 'approvedBy', 'expires'] as const) {
    const field = j[key];
    if (field !== undefined && (typeof field !== 'string' || field.trim() === '')) {
      problems.push(`justification.${key} must be a non-empty string when given`);
    }
  }
  if (check.requireApproval && (typeof j.approvedBy !== 'string' || j.approvedBy.trim() === '')) {
    problems.push(
      'justification.approvedBy is required for this high-risk exemption (it is a design review)',
    );
  }
  if (typeof j.expires === 'string' && j.expires.trim() !== '') {
    const expiry = parseExpiry(j.expires);
    if (expiry === undefined) {
      problems.push(`justification.expires ${JSON.stringify(j.expires)} is not an ISO date (YYYY-MM-DD)`);
    } else if (expiry.getTime() < check.now.getTime()) {
      problems.push(`justification expired on ${j.expires}: review the exemption and renew or remove it`);
    }
  }
  return problems;
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
