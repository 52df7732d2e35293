import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LATEST_PSS_VERSION } from '../../src/rules';
import { Differential } from '../../test/admission/differential';
import { fmtRate, fmtRatio } from '../harness/stats';
import type { RunContext } from '../harness/types';
import { defineRow, variant } from '../harness/types';

const CORPUS = 10_000;
const LEVEL = 'hardened';

interface Prepared {
  readonly documents: unknown[];
  readonly differential: Differential;
  /** The audit's rules per document, computed untimed for the CEL variant's comparison. */
  readonly auditRules: ReadonlySet<string>[];
}

/** Untimed: the corpus parsed once, the policy generated and compiled once (as the API server does). */
function prepare(ctx: RunContext, withAuditVerdicts = false): Promise<Prepared> {
  if (ctx.corpus === undefined) throw new Error('the admission row needs a corpus');
  const { dir, files } = ctx.corpus;
  const documents = files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => doc.toJS() as unknown),
  );
  const differential = new Differential(LEVEL, LATEST_PSS_VERSION);
  const auditRules = withAuditVerdicts
    ? documents.map((document) => new Set(differential.auditFindings(document).keys()))
    : [];
  return Promise.resolve({ documents, differential, auditRules });
}

/**
 * The generated ValidatingAdmissionPolicy evaluated with @bufbuild/cel on every workload of the
 * 10k corpus, next to the audit's rules on the same parsed documents. The CEL run also compares
 * its verdict with the audit's, rule by rule, on all 10k (the jest differential runs a 1k subset).
 */
export default defineRow({
  id: 'admission-cel',
  title: 'Admission policy (CEL, @bufbuild/cel) on the 10k corpus, next to the audit',
  order: 80,
  // About 6 s of CPU per CEL run; a loaded machine stretches the wall time several times over.
  timeoutMs: 900_000,
  adaptive: {
    budgetMs: 120_000,
    minRuns: 1,
    why: 'a CEL run over 10k workloads takes minutes of wall time on a shared machine',
  },
  variants: [
    variant({
      key: 'cel',
      label: `CEL policy (${LEVEL}), offline`,
      corpus: CORPUS,
      prepare: (ctx) => prepare(ctx, true),
      run: (_ctx, { documents, differential, auditRules }: Prepared) => {
        let refused = 0;
        const verdicts: Map<string, string>[] = [];
        for (const object of documents) {
          const findings = differential.policyFindings({ object });
          if (findings.size > 0) refused++;
          verdicts.push(findings);
        }
        let disagreements = 0;
        auditRules.forEach((audit, i) => {
          for (const rule of differential.checked)
            if (audit.has(rule) !== (verdicts[i]?.has(rule) ?? false)) disagreements++;
        });
        return Promise.resolve({
          units: documents.length,
          check: `${refused} workloads refused; ${disagreements} rule verdicts differ from the audit`,
        });
      },
    }),
    variant({
      key: 'audit',
      label: `audit rules (${LEVEL}), same parsed documents`,
      corpus: CORPUS,
      prepare: (ctx) => prepare(ctx),
      run: (_ctx, { documents, differential }: Prepared) => {
        let flagged = 0;
        for (const document of documents) if (differential.auditFindings(document).size > 0) flagged++;
        return Promise.resolve({ units: documents.length, check: `${flagged} workloads with findings` });
      },
    }),
  ],
  summarize: ([cel, audit]) => {
    if (cel === undefined || audit === undefined || cel.runs.length === 0 || audit.runs.length === 0)
      return { lines: [`Admission policy not measured: ${cel?.unavailable ?? 'no runs'}.`], verdicts: [] };
    return {
      lines: [
        `CEL evaluation ${fmtRate(cel.units, cel.medianMs)} workloads, ${fmtRatio(cel.medianMs / audit.medianMs)} the audit's rules ` +
          `(${fmtRate(audit.units, audit.medianMs)}); CPU ${cel.cpuMs?.toFixed(0) ?? '-'} ms against ${audit.cpuMs?.toFixed(0) ?? '-'} ms; ` +
          `${cel.check ?? ''}. The API server runs compiled cel-go, not this interpreter: ` +
          'the figure bounds the offline proof, not admission latency.',
      ],
      verdicts: [
        {
          target: '0 rule verdicts differ from the audit on the 10k corpus',
          pass: / 0 rule verdicts differ/.test(cel.check ?? ''),
          detail: cel.check ?? '',
        },
      ],
    };
  },
});
