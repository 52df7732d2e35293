import type { ExemptionKind, JustificationRecord, PostureEnvironment } from '../posture';
import { assertMaxExemptionDays, assertPostureEnvironment, recordCovers } from '../posture';
import { ALL_RULES } from '../rules';
import { recordProblems } from '../rules/justification-valid';
import type { PodView } from '../rules/pod-view';
import type { PodSecurityLevel } from '../rules/pod-security-level';
import { POD_SECURITY_ENFORCE_LABEL, podSecurityLevelNeeded } from '../rules/pod-security-level';
import type { PssVersion } from '../rules/pss-version';
import { LATEST_PSS_VERSION } from '../rules/pss-version';
import type { Level, Rule, RuleContext, Violation } from '../rules/rule';
import { LEVELS } from '../rules/rule';
import type { Finding } from './finding';

/** A workload found in some input, with its pod. */
export interface Workload {
  /** The file it was read from. @default - absent: an in-memory input */
  readonly file?: string;
  /** 1-based line where the document (or Compose service) starts. @default - absent: unknown */
  readonly line?: number;
  /** The workload's kind, e.g. `Deployment` (`ComposeService` for Compose). */
  readonly kind: string;
  /** The workload's name (for Compose, the service's). */
  readonly name: string;
  /** The workload's namespace. @default - absent: the manifest sets none */
  readonly namespace?: string;
  /** Its pod spec, as the rules read it. */
  readonly pod: PodView;
  /**
   * Rewrites a violation for the input's own vocabulary (a Compose service names `security_opt`,
   * not `securityContext`). Rules phrase findings for Kubernetes. @default - unchanged
   */
  readonly present?: (violation: Violation, rule: Rule) => Violation;
  /**
   * Where a field of the workload was written, when the workload spans files (a Compose service
   * that extends or is included from another file). @default - the document's own lines
   */
  readonly locate?: (path: string) => FieldLocation | undefined;
}

/** Where a field was written, when it is not the workload's own document. */
export interface FieldLocation {
  /** The file. @default - the workload's file */
  readonly file?: string;
  /** The 1-based line. @default - unknown */
  readonly line?: number;
}

/** How to audit. */
export interface AuditOptions {
  /** The highest rule level checked: `baseline`, `restricted` or `hardened`. @default 'hardened' */
  readonly level?: Level;
  /** The Pod Security Standards version checked; newer checks are skipped for older versions. @default LATEST_PSS_VERSION */
  readonly pssVersion?: PssVersion;
  /** Where the workloads run; production refuses Unconfined seccomp even when justified. @default DEFAULT_POSTURE.environment ('production') */
  readonly environment?: PostureEnvironment;
  /** The clock for justification expiry. @default - now */
  readonly now?: Date;
  /**
   * The posture's longest lifetime, in days, of a justification that needs an approver
   * (privileged, host namespaces, capabilities outside baseline, ...): a record without `expires`,
   * or expiring later, justifies nothing and is a `justification-valid` violation. @default - no limit
   */
  readonly maxExemptionDays?: number;
  /** The rules to choose from, before level and version filtering. @default ALL_RULES */
  readonly rules?: readonly Rule[];
}

/** Options resolved once per audit: the rule selection is not recomputed per workload. */
export interface ResolvedAudit {
  /** The active rules, overridden ones removed, in registry order. */
  readonly rules: readonly Rule[];
  /** What every rule is told about the audit. */
  readonly context: RuleContext;
}

/** Picks the rules active at a level and version, with Pod Security's overrides applied. */
export function resolveAudit(options: AuditOptions = {}): ResolvedAudit {
  const level = options.level ?? 'hardened';
  const pssVersion = options.pssVersion ?? LATEST_PSS_VERSION;
  const rank = LEVELS.indexOf(level);
  const candidates = (options.rules ?? ALL_RULES).filter(
    (rule) =>
      LEVELS.indexOf(rule.level) <= rank &&
      (rule.sinceVersion === undefined || pssVersion.minor >= rule.sinceVersion.minor),
  );
  const overridden = new Set(candidates.flatMap((rule) => rule.overrides ?? []));
  return {
    rules: candidates.filter((rule) => !overridden.has(rule.id)),
    context: {
      level,
      pssVersion,
      environment: assertPostureEnvironment(options.environment, 'audit options'),
      now: options.now ?? new Date(),
      ...(options.maxExemptionDays !== undefined && {
        maxExemptionDays: assertMaxExemptionDays(options.maxExemptionDays, 'audit options'),
      }),
    },
  };
}

// A justification cannot lift a Pod Security check below the hardened level: Pod Security
// Admission, which those levels stand for, has no per-workload exemptions.
function admissionNote(needed: PodSecurityLevel, level: Level, reason: string): string {
  return level === 'hardened'
    ? `; justified (${reason}), but Pod Security Admission at restricted rejects this pod: its namespace needs ${POD_SECURITY_ENFORCE_LABEL}=${needed}`
    : `; a justification is recorded (${reason}), but Pod Security Admission has no per-workload exemptions: only a namespace labelled ${POD_SECURITY_ENFORCE_LABEL}: ${needed} admits this pod`;
}

/**
 * Runs the active rules on one workload and applies its valid justifications. A justified Pod
 * Security finding stays a violation at the baseline and restricted levels, and at every level
 * says which namespace enforce level would admit the pod.
 */
export function evaluateWorkload(workload: Workload, audit: ResolvedAudit): Finding[] {
  const findings: Finding[] = [];
  const justifications = workload.pod.justifications.records;
  const level = audit.context.level;
  let needed: PodSecurityLevel | undefined;
  const neededLevel = () => (needed ??= podSecurityLevelNeeded(workload.pod, audit.context.pssVersion));
  // Indexed loops: a synth runs this once per workload, mostly before V8 optimises it, where an
  // iterator object per loop is a measurable share of the cost.
  const rules = audit.rules;
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
    const rule = rules[ruleIndex] as Rule;
    if (!rule.dialects.includes(workload.pod.dialect)) continue;
    let violations: readonly Violation[];
    try {
      violations = rule.check(workload.pod, audit.context);
    } catch (error) {
      // A crashed rule is a failure to show, never a silent pass.
      violations = [
        {
          message: `rule ${rule.id} could not check this workload: ${String(error)}`,
          path: workload.pod.path,
        },
      ];
    }
    for (let violationIndex = 0; violationIndex < violations.length; violationIndex++) {
      const raw = violations[violationIndex] as Violation;
      const violation = workload.present ? workload.present(raw, rule) : raw;
      const justification =
        rule.justifiedBy.length > 0 ? findJustification(rule, violation, justifications, audit) : undefined;
      // Only when Pod Security Admission itself rejects the pod (a rule may judge more strictly at hardened).
      const needs =
        justification !== undefined && rule.pssCheck !== null && rule.level !== 'hardened'
          ? neededLevel()
          : 'restricted';
      const namespaceEnforce = needs === 'restricted' ? undefined : needs;
      const admitted =
        justification !== undefined && (namespaceEnforce === undefined || level === 'hardened');
      findings.push({
        file: workload.file ?? null,
        line: workload.line ?? null,
        kind: workload.kind,
        name: workload.name,
        namespace: workload.namespace ?? null,
        container: violation.container ?? null,
        rule: rule.id,
        pssCheck: rule.pssCheck,
        severity: violation.severity ?? rule.severity,
        level: rule.level,
        status: admitted ? 'justified' : 'violation',
        message:
          namespaceEnforce === undefined || justification === undefined
            ? violation.message
            : violation.message + admissionNote(namespaceEnforce, level, justification.reason),
        path: violation.path,
        ...(justification && { justification }),
        exemptionKinds: allowingKinds(rule, violation),
        ...(violation.subject !== undefined && { subject: violation.subject }),
        ...(violation.mode !== undefined && { mode: violation.mode }),
        ...(namespaceEnforce !== undefined && { namespaceEnforce }),
      });
    }
  }
  return findings;
}

/** The exemption kinds that may justify a violation: its own, or its rule's; none when it says null. */
function allowingKinds(rule: Rule, violation: Violation): readonly ExemptionKind[] {
  if (violation.exemption === null) return [];
  return violation.exemption ? [violation.exemption] : rule.justifiedBy;
}

function findJustification(
  rule: Rule,
  violation: Violation,
  records: readonly JustificationRecord[],
  audit: ResolvedAudit,
): JustificationRecord | undefined {
  const kinds = allowingKinds(rule, violation);
  if (kinds.length === 0) return undefined;
  return records.find(
    (record) =>
      kinds.includes(record.exemption) && recordCovers(record, violation) && isUsable(record, audit),
  );
}

// Validity depends on the clock and the environment: cache per resolved audit, never across audits.
const usableByAudit = new WeakMap<RuleContext, WeakMap<JustificationRecord, boolean>>();

// Invalid records are reported by the justification-valid rule; here they simply justify nothing.
function isUsable(record: JustificationRecord, audit: ResolvedAudit): boolean {
  let usable = usableByAudit.get(audit.context);
  if (usable === undefined) {
    usable = new WeakMap();
    usableByAudit.set(audit.context, usable);
  }
  let ok = usable.get(record);
  if (ok === undefined) {
    ok = recordProblems(record, audit.context).length === 0;
    usable.set(record, ok);
  }
  return ok;
}
