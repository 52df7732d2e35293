import type { PostureEnvironment } from '../posture';
import type { Level } from '../rules/rule';
import type { SkipNote } from './document-workloads';
import type { Finding } from './finding';
import type { InputError } from './input-error';
import type { BaselineEntryAt } from './baseline';

/** The counts of an audit. A finding counts once: as justified, or as an error or a warning. */
export interface AuditSummary {
  /** The level audited. */
  readonly level: Level;
  /** The Pod Security Standards version checked, e.g. `v1.35`. */
  readonly pssVersion: string;
  /** The environment audited for. */
  readonly environment: PostureEnvironment;
  /**
   * Findings that are not justified: `errors + warnings`.
   * @remarks Reports print errors and warnings apart (a warning does not fail the audit by
   * default): the JSON report leaves this sum out.
   */
  readonly violations: number;
  /** Unjustified findings of severity `error`: each fails the audit. */
  readonly errors: number;
  /** Unjustified findings of severity `warning`: they fail the audit only with `--fail-on warning`. */
  readonly warnings: number;
  /** Findings covered by a valid recorded justification: listed, never failing. */
  readonly justified: number;
  /** Violations accepted by an entry of the baseline file: listed, never failing. */
  readonly accepted: number;
  /** Findings of severity `info` (e.g. read-only binds of project files): listed, never failing, not violations. */
  readonly info: number;
  /** Unjustified findings whose value is not known yet (a Pulumi output at preview); counted in errors or warnings. */
  readonly unknown: number;
  /** Workloads audited, Compose services included. */
  readonly workloads: number;
  /** How many of the workloads are Compose services: a run of Compose files only speaks Compose. */
  readonly composeServices: number;
  /** Workloads with at least one unjustified finding. */
  readonly workloadsWithViolations: number;
  /** Files read. */
  readonly files: number;
  /** YAML documents (or Compose files) read. */
  readonly documents: number;
  /**
   * Documents and files read that hold no workload (a ConfigMap, an unknown kind without a pod
   * template, an empty file): listed with their reasons in `inputs.skipped`.
   */
  readonly skipped: number;
  /**
   * Inputs refused as unreadable (a missing path, malformed YAML, a file over the size cap): the
   * audit is incomplete. Listed in `inputs.errors`; the CLI exits 2 while any is refused, whatever
   * the findings in the rest.
   */
  readonly refused: number;
  /** Unjustified findings per rule id. */
  readonly byRule: Readonly<Record<string, number>>;
}

/** What was read, and what was not. */
export interface AuditInputs {
  /** Files read. */
  readonly files: number;
  /** YAML documents (or Compose files) read. */
  readonly documents: number;
  /** Workloads found in them. */
  readonly workloads: number;
  /** Documents and files that hold no workload. */
  readonly skipped: readonly SkipNote[];
  /** Bad input, when the audit was asked to collect it rather than throw. */
  readonly errors: readonly InputError[];
  /** The baseline used, with the entries that matched no finding and how many had expired. @default - absent: no baseline */
  readonly baseline?: BaselineUse;
}

/** The baseline an audit used. */
export interface BaselineUse {
  /** The baseline file's path. */
  readonly file: string;
  /** The entries that matched no finding, each with its line. */
  readonly unmatched: readonly BaselineEntryAt[];
  /** How many matching entries had expired (their findings fail again). */
  readonly expired: number;
}

/** The result of an audit. */
export interface AuditReport {
  /** In input order: file, then document, then rule order. */
  readonly findings: readonly Finding[];
  /** The counts that decide the exit code. */
  readonly summary: AuditSummary;
  /** What was read, skipped or unreadable. */
  readonly inputs: AuditInputs;
}

/** Which findings fail an audit: `error` (the default) or also `warning`. */
export type FailOn = 'error' | 'warning';

/** Whether the report fails at this threshold. Justified findings never fail it. */
export function auditFails(
  summary: Pick<AuditSummary, 'errors' | 'warnings'>,
  failOn: FailOn = 'error',
): boolean {
  return summary.errors > 0 || (failOn === 'warning' && summary.warnings > 0);
}
