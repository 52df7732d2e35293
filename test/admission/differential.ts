import type { ResolvedAudit } from '../../src/audit';
import { evaluateWorkload, resolveAudit, workloadsFromManifest } from '../../src/audit';
import type { AdmissionPolicySet } from '../../src/admission';
import { admissionPolicy } from '../../src/admission';
import type { Level, PssVersion } from '../../src/rules';
import { formatPssVersion } from '../../src/rules';
import type { AdmissionRequest } from './policy-evaluator';
import { CompiledPolicy, MESSAGE_FAILED } from './policy-evaluator';

/** A rule on which the audit and the policy disagree for one document. */
export interface Disagreement {
  readonly rule: string;
  /** What the audit found (its messages), or `admitted`. */
  readonly audit: string;
  /** What the policy said. */
  readonly policy: string;
}

/** The audit and the generated policy at one level and version, side by side. */
export class Differential {
  public readonly audit: ResolvedAudit;
  public readonly set: AdmissionPolicySet;
  public readonly policies: CompiledPolicy[];
  /** Rule ids the policy checks: any other finding of the audit is outside the comparison. */
  public readonly checked: ReadonlySet<string>;

  public constructor(
    public readonly level: Level,
    public readonly version: PssVersion,
    withExemptions = false,
    /** A policy set to run instead of the generated one (to prove the comparison bites). */
    set?: AdmissionPolicySet,
  ) {
    const now = new Date('2026-01-01T00:00:00Z');
    this.audit = resolveAudit({ level, pssVersion: version, now });
    this.set =
      set ??
      admissionPolicy({
        level,
        pssVersion: version,
        ...(withExemptions && { exemptions: { namespace: 'platform' } }),
      });
    this.policies = this.set.objects
      .filter((o) => o.kind === 'ValidatingAdmissionPolicy')
      .map((o) => new CompiledPolicy(o));
    this.checked = new Set(this.policies.flatMap((p) => p.rules));
  }

  public get label(): string {
    return `${this.level}@${formatPssVersion(this.version)}`;
  }

  /**
   * The rules the audit finds (justified or not: an annotation admits nothing in the cluster). A
   * generated profile's hash in the annotation clears seccomp-profile-generated in the audit but not
   * in the cluster, which learns it only from a params entry: no input here carries one (the
   * exemption tests cover that case).
   */
  public auditFindings(document: unknown): Map<string, string[]> {
    const { workloads, problems } = workloadsFromManifest(document);
    if (problems.length > 0 || workloads.length !== 1)
      throw new Error(
        `expected one workload, got ${workloads.length}: ${problems.map((p) => p.message).join('; ')}`,
      );
    const byRule = new Map<string, string[]>();
    for (const workload of workloads) {
      for (const finding of evaluateWorkload(workload, this.audit)) {
        if (!this.checked.has(finding.rule)) continue;
        byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding.message]);
      }
    }
    return byRule;
  }

  /** The rules the policy refuses (a failed validation or an error, which failurePolicy Fail refuses). */
  public policyFindings(request: AdmissionRequest): Map<string, string> {
    const byRule = new Map<string, string>();
    for (const policy of this.policies) {
      const outcome = policy.evaluate(request);
      for (const [rule, result] of outcome.byRule) {
        if (result.result !== 'pass') byRule.set(rule, `${result.result}: ${result.message}`);
      }
    }
    return byRule;
  }

  /** Every rule on which the two disagree for one document. */
  public compare(document: unknown, request: Omit<AdmissionRequest, 'object'> = {}): Disagreement[] {
    const audit = this.auditFindings(document);
    const policy = this.policyFindings({ ...request, object: document });
    const disagreements: Disagreement[] = [];
    for (const rule of this.checked) {
      const found = audit.get(rule);
      const refused = policy.get(rule);
      // A refusal must also say why: the API server falls back to the static message when the
      // messageExpression fails, and the culprits are lost.
      if ((found === undefined) !== (refused === undefined) || refused?.includes(MESSAGE_FAILED) === true) {
        disagreements.push({ rule, audit: found?.join('; ') ?? 'admitted', policy: refused ?? 'admitted' });
      }
    }
    return disagreements;
  }
}
