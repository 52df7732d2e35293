/**
 * The row registry. A row is one file in bench/rows/ whose default export is a `Row`; the runner
 * discovers the files, so adding a row touches nothing else.
 */

/** What the runner hands to a child process; plain JSON so it crosses the process boundary. */
export interface RunContext {
  repoRoot: string;
  /** A scratch directory for this run only (synth output, copies); removed by the runner. */
  scratchDir: string;
  /** Medians of the rows run before this one, by row id, for variants that depend on them. */
  earlier: Record<string, Measured[]>;
  corpus?: { dir: string; files: string[]; workloads: number; totalBytes: number; violating: number };
}

/** What a variant reports besides the time and memory the harness measures itself. */
export interface WorkResult {
  /** Units of work done, for a throughput column (workloads, deployments, components). */
  units?: number;
  /** A sanity figure printed next to the timing (findings, documents parsed, bytes written). */
  check?: string;
  /** What the work returned to its caller (an audit report): held until the kept heap is measured. */
  retain?: unknown;
}

/** Thrown (or returned by `load`) when the side under test does not exist yet; the row is skipped. */
export class NotAvailable extends Error {
  override readonly name = 'NotAvailable';
}

export interface Variant<S = unknown> {
  key: string;
  label: string;
  /** Workloads in the corpus this variant reads, if any; the runner generates it once. */
  corpus?: number;
  /** Runs for this variant; defaults to the row's `runs`. Lower only where a run is very long... */
  runs?: number;
  /** ...and say why: printed with the row whenever fewer than five runs were made. */
  runsWhy?: string;
  /**
   * Untimed: load modules, build inputs. Throw `NotAvailable` when the code under test is missing.
   * Memory used here still counts in peak RSS, as it would for a user.
   */
  prepare?: (ctx: RunContext) => Promise<S>;
  /** The timed part, run once per child process. Either this or `command`. */
  run?: (ctx: RunContext, state: S) => Promise<WorkResult>;
  /**
   * Instead of `run` inside a child: a command timed from the parent, wall clock from spawn to exit
   * (cold starts). Its peak memory is the child's maxRSS as reported by the OS.
   */
  command?: (ctx: RunContext) => { argv: string[]; unavailable?: string; okExitCodes?: number[] };
}

/** Judges a row once its medians are known; returns undefined when there is nothing to judge yet. */
export interface Verdict {
  target: string;
  pass: boolean;
  detail: string;
}

export interface Measured {
  key: string;
  label: string;
  runs: number[];
  medianMs: number;
  /** Median of the runs' peak RSS; undefined for commands timed from outside. */
  peakMb?: number;
  runsPeakMb: number[];
  /** Median heap still reachable after the run and a full GC. */
  keptMb?: number;
  /** Median user+system CPU time of the child over the timed span. */
  cpuMs?: number;
  /** Why fewer runs than five: the variant's own reason, or the runner's time box or timeout. */
  note?: string;
  /** Set when a run was killed for taking longer than the row's timeout. */
  timedOutMs?: number;
  units?: number;
  check?: string;
  unavailable?: string;
}

export interface RowDefinition {
  id: string;
  title: string;
  /** Rows run in ascending order; the parse floor first, because later rows compare to it. */
  order: number;
  /** Runs per variant; at least 5 unless a variant says why not. */
  runs?: number;
  /**
   * Variants measured alternately (A, B, A, B...) so drift on a noisy machine hits all of them.
   * A function may see earlier rows' results (the audit row pairs itself with the fastest parser).
   */
  variants: Variant<never>[] | ((earlier: Record<string, Measured[]>) => Variant<never>[]);
  /** Extra lines printed and written under the row: ratios, targets, notes. */
  summarize?: (measured: Measured[], earlier: Record<string, Measured[]>) => RowSummary;
  /**
   * Time box for variants too slow to repeat within the 10-minute budget: once a variant has
   * `minRuns` runs and has spent `budgetMs`, it is not run again. The reason is printed with it.
   */
  adaptive?: { budgetMs: number; minRuns: number; exemptFastest?: boolean; why: string };
  /** A child running longer than this is killed and the variant reported as too slow; default 120 s. */
  timeoutMs?: number;
}

export interface RowSummary {
  lines: string[];
  verdicts: Verdict[];
}

/** Identity helper that keeps a variant's state type checked between `prepare` and `run`. */
export function variant<S>(v: Variant<S>): Variant<never> {
  return v as unknown as Variant<never>;
}

export function defineRow(row: RowDefinition): RowDefinition {
  return row;
}
