import { join } from 'node:path';
import { loadOptional } from './optional';
import type { RunContext, WorkResult } from './types';

/**
 * The one place the benchmark calls the library's audit. Its report is read defensively (findings
 * and summary only), so a change in the report's shape shows up as a wrong check, not a crash.
 */
type AuditPaths = (paths: string[], options?: Record<string, unknown>) => unknown;

export function loadAudit(ctx: RunContext): Promise<AuditPaths> {
  const auditPaths = loadOptional(join(ctx.repoRoot, 'src', 'audit'), 'auditPaths');
  if (typeof auditPaths !== 'function')
    throw new Error('src/audit exports auditPaths, but not as a function');
  return Promise.resolve(auditPaths as AuditPaths);
}

export async function auditCorpus(ctx: RunContext, auditPaths: AuditPaths): Promise<WorkResult> {
  if (ctx.corpus === undefined) throw new Error('the audit needs a corpus');
  const { dir, files, workloads, violating } = ctx.corpus;
  const report = (await auditPaths(files.map((f) => join(dir, f)))) as {
    findings?: unknown;
    summary?: unknown;
  };
  const findings = Array.isArray(report.findings)
    ? (report.findings as { file?: unknown; name?: unknown }[])
    : [];
  const flagged = new Set(findings.map((f) => `${String(f.file)}\u0000${String(f.name)}`));
  return {
    units: workloads,
    check: `${findings.length} findings on ${flagged.size} workloads (corpus has ${violating} with a violation)`,
    retain: report,
  };
}
