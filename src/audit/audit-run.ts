import { formatPssVersion } from '../rules/pss-version';
import type { AuditInputs, AuditReport } from './audit-report';
import type { BaselineMatcher } from './baseline';
import type { ComposeReadOptions } from './compose';
import type { SkipNote } from './document-workloads';
import { workloadsOfDocument } from './document-workloads';
import type { AuditOptions, ResolvedAudit } from './evaluate';
import { evaluateWorkload, resolveAudit } from './evaluate';
import type { FieldLocator } from './field-line';
import type { Finding } from './finding';
import { InputError } from './input-error';
import { isOwnOutputFile } from './own-output';

/** What to do with bad input: stop at the first (`throw`, the default) or report all of it (`collect`). */
export type InputErrorMode = 'throw' | 'collect';

/** One document to audit, with where it came from. */
export interface AuditedDocument {
  readonly value: unknown;
  readonly file?: string;
  readonly line?: number;
  /** Locates field lines; only called for documents with findings or problems. */
  readonly locator?: () => FieldLocator;
}

/** Accumulates one audit, document by document, so that no input is held longer than its own evaluation. */
export class AuditRun {
  private readonly audit: ResolvedAudit;
  private readonly findings: Finding[] = [];
  private readonly skipped: SkipNote[] = [];
  private readonly errors: InputError[] = [];
  private readonly byRule: Record<string, number> = {};
  private files = 0;
  private documents = 0;
  private workloads = 0;
  private composeServices = 0;
  private workloadsWithViolations = 0;
  private readonly composeProjects = new Map<string, string>();

  private readonly expiredEntries: Finding[] = [];

  public constructor(
    options: AuditOptions,
    private readonly mode: InputErrorMode,
    private readonly compose: ComposeReadOptions = {},
    private readonly baseline?: BaselineMatcher,
  ) {
    this.audit = resolveAudit(options);
  }

  public addFile(): void {
    this.files++;
  }

  public skip(note: SkipNote): void {
    this.skipped.push(note);
  }

  /** Records bad input: thrown in `throw` mode, kept in `collect` mode. */
  public fail(error: InputError): void {
    if (this.mode === 'throw') throw error;
    this.errors.push(error);
  }

  public addDocument(document: AuditedDocument): void {
    this.documents++;
    const source = {
      ...(document.file !== undefined && { file: document.file }),
      ...(document.line !== undefined && { line: document.line }),
    };
    let locator: FieldLocator | undefined;
    const lineOf = (path: string): number | undefined => {
      if (document.locator === undefined) return undefined;
      locator ??= document.locator();
      return locator.lineOf(path);
    };
    const extracted = workloadsOfDocument(document.value, source, {
      read: this.compose,
      locate: lineOf,
      projects: this.composeProjects,
    });
    // The project's own output beside the manifests holds no workload by design: no note for it.
    if (extracted.skipped && !isOwnOutputFile(document.file)) this.skip(extracted.skipped);
    for (const problem of extracted.problems) {
      this.fail(
        new InputError(problem.message, {
          ...((problem.file ?? document.file) !== undefined && { file: problem.file ?? document.file }),
          ...(problem.located === true
            ? { line: problem.line }
            : document.line !== undefined && { line: lineOf(problem.path) ?? problem.line ?? document.line }),
          field: problem.path,
          hint: 'fix the field so the workload can be audited, or leave the document out of the audit',
        }),
      );
    }
    for (const workload of extracted.workloads) {
      this.workloads++;
      if (workload.pod.dialect === 'compose') this.composeServices++;
      let violating = false;
      for (const evaluated of evaluateWorkload(workload, this.audit)) {
        const finding = this.applyBaseline(evaluated);
        const written = workload.locate?.(finding.path);
        const line = written === undefined ? lineOf(finding.path) : written.line;
        this.findings.push({
          ...finding,
          ...(written?.file !== undefined && { file: detach(written.file) }),
          ...(line !== undefined && finding.line !== null && { line, documentLine: finding.line }),
          kind: detach(finding.kind),
          name: detach(finding.name),
          namespace: finding.namespace === null ? null : detach(finding.namespace),
          container: finding.container === null ? null : detach(finding.container),
          message: detach(finding.message),
        });
        if (finding.status !== 'justified' && finding.status !== 'accepted' && finding.severity !== 'info') {
          violating = true;
          this.byRule[finding.rule] = (this.byRule[finding.rule] ?? 0) + 1;
        }
      }
      if (violating) this.workloadsWithViolations++;
    }
  }

  /**
   * A violation its baseline entry accepts becomes `accepted`; past the entry's expiry it stays a
   * violation that says so. Justified, unknown and info findings are left as they are.
   */
  private applyBaseline(finding: Finding): Finding {
    if (this.baseline === undefined || finding.status !== 'violation' || finding.severity === 'info')
      return finding;
    const match = this.baseline.match(finding);
    if (match === undefined) return finding;
    if (!match.expired) return { ...finding, status: 'accepted', acceptance: match.acceptance };
    const expired = {
      ...finding,
      message: `${finding.message}; its baseline entry expired on ${match.acceptance.expires ?? '?'}: review it and renew or remove it (${match.acceptance.baseline})`,
    };
    this.expiredEntries.push(expired);
    return expired;
  }

  public report(): AuditReport {
    let errors = 0;
    let warnings = 0;
    let justified = 0;
    let unknown = 0;
    let info = 0;
    let accepted = 0;
    for (const finding of this.findings) {
      if (finding.severity === 'info') info++;
      else if (finding.status === 'justified') justified++;
      else if (finding.status === 'accepted') accepted++;
      else if (finding.severity === 'error') errors++;
      else warnings++;
      if (finding.status === 'unknown') unknown++;
    }
    const inputs: AuditInputs = {
      files: this.files,
      documents: this.documents,
      workloads: this.workloads,
      skipped: this.skipped,
      errors: this.errors,
      ...(this.baseline !== undefined && {
        baseline: {
          file: this.baseline.baseline.file,
          unmatched: this.baseline.unmatched(),
          expired: this.expiredEntries.length,
        },
      }),
    };
    return {
      findings: this.findings,
      summary: {
        level: this.audit.context.level,
        pssVersion: formatPssVersion(this.audit.context.pssVersion),
        environment: this.audit.context.environment,
        violations: errors + warnings,
        errors,
        warnings,
        justified,
        accepted,
        info,
        unknown,
        workloads: this.workloads,
        composeServices: this.composeServices,
        workloadsWithViolations: this.workloadsWithViolations,
        files: this.files,
        documents: this.documents,
        skipped: this.skipped.length,
        refused: this.errors.length,
        byRule: this.byRule,
      },
      inputs,
    };
  }
}

/**
 * A copy of a string that shares no memory with the text it was cut from. A parser's strings are
 * slices of the whole file: a finding that kept one would keep every file with a finding in memory.
 */
function detach(text: string): string {
  // Concatenation then slice makes V8 flatten into a fresh string; short strings are copied anyway.
  return ` ${text}`.slice(1);
}
