// Types from the module that defines them: @pulumi/policy's index.d.ts re-exports names its
// proxy.d.ts does not declare, so a declaration that loads it fails builds without skipLibCheck.
import type {
  EnforcementLevel,
  ResourceValidationArgs,
  ResourceValidationPolicy,
} from '@pulumi/policy/policy';
import { UnknownValueError } from '@pulumi/policy';
import type { AuditOptions, Finding, ResolvedAudit, Workload } from '../../audit';
import { resolveAudit } from '../../audit';
import type { Level, Rule } from '../../rules';
import { auditWithPending } from '../internal/rendered-audit';
import {
  DOCKER_CONTAINER_TYPE,
  dockerPendingInPod,
  isAuditedType,
  workloadsOfResource,
} from '../internal/resource-workloads';
import { knownProps } from './unknown-values';

/** How the policies are built. */
export interface HardenedPolicyOptions {
  /**
   * The enforcement of every policy. @default - 'mandatory' for error-severity rules (and the
   * readability policy), 'advisory' for warning-severity rules
   */
  readonly enforcementLevel?: EnforcementLevel;
  /** The highest rule level enforced: `baseline`, `restricted` or `hardened`. @default 'hardened' */
  readonly level?: Level;
  /** Other options of the audit (Pod Security version, environment, clock, rules). @default - the CLI's defaults */
  readonly audit?: Omit<AuditOptions, 'level'>;
}

/** The name of the policy that refuses a workload resource the rules cannot read. */
export const WORKLOAD_READABLE_POLICY = 'workload-readable';

// The policy SDK reports this error as "can't run policy during preview" (advisory): the native
// form of "unknown", and the policy runs again with known values during the update.
const Unknown = UnknownValueError as unknown as new (sentinel: string, path: string[]) => Error;
const UNKNOWN_SENTINEL = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

interface ResourceAudit {
  readonly findings: readonly Finding[];
  readonly problems: readonly string[];
  /** Where an unknown value hid what a rule needed, per rule id. */
  readonly unknownRules: ReadonlyMap<string, string>;
}

/**
 * One CrossGuard policy per rule active at the level (the same rules as the CLI and the components),
 * plus {@link WORKLOAD_READABLE_POLICY}, for every Kubernetes workload kind and
 * `docker:index/container:Container`. Justification annotations (Kubernetes) and labels (Docker)
 * turn findings into justified ones, which are not reported. Build a pack with `createHardenedPolicyPack`.
 */
export function hardenedPolicies(options: HardenedPolicyOptions = {}): ResourceValidationPolicy[] {
  const audit = resolveAudit({ ...options.audit, level: options.level ?? 'hardened' });
  // Each policy sees the same args object per resource: extract and audit once.
  const cache = new WeakMap<object, ResourceAudit>();
  const auditOf = (args: ResourceValidationArgs): ResourceAudit => {
    const key = args.props as object;
    let result = cache.get(key);
    if (result === undefined) {
      result = auditResource(args, audit);
      cache.set(key, result);
    }
    return result;
  };
  const readable: ResourceValidationPolicy = {
    name: WORKLOAD_READABLE_POLICY,
    description:
      'Workload resources can be read by the hardened-workloads rules (an unreadable one is never a pass)',
    enforcementLevel: options.enforcementLevel ?? 'mandatory',
    validateResource: (args, reportViolation) => {
      if (!isAuditedType(args.type)) return;
      for (const problem of auditOf(args).problems) reportViolation(problem);
    },
  };
  return [readable, ...audit.rules.map((rule) => rulePolicy(rule, options, auditOf))];
}

function rulePolicy(
  rule: Rule,
  options: HardenedPolicyOptions,
  auditOf: (args: ResourceValidationArgs) => ResourceAudit,
): ResourceValidationPolicy {
  return {
    name: rule.id,
    description: rule.title,
    enforcementLevel: options.enforcementLevel ?? (rule.severity === 'error' ? 'mandatory' : 'advisory'),
    validateResource: (args, reportViolation) => {
      if (!isAuditedType(args.type)) return;
      const result = auditOf(args);
      for (const finding of result.findings) {
        if (finding.rule === rule.id && finding.status === 'violation') {
          reportViolation(`${finding.message} (${finding.path}). ${rule.remediation}`);
        }
      }
      const unknownAt = result.unknownRules.get(rule.id);
      if (unknownAt !== undefined) throw new Unknown(UNKNOWN_SENTINEL, unknownAt.split('.'));
    },
  };
}

function auditResource(args: ResourceValidationArgs, audit: ResolvedAudit): ResourceAudit {
  const known = knownProps(args.props);
  const { workloads, problems } = workloadsOfResource(args.type, args.name, known.value);
  const findings = workloads.flatMap((workload: Workload) =>
    auditWithPending(
      workload,
      args.type === DOCKER_CONTAINER_TYPE
        ? dockerPendingInPod(known.pendingPaths, workload.pod.path)
        : known.pendingPaths,
      audit,
    ),
  );
  const unknownRules = new Map<string, string>();
  for (const f of findings) if (f.status === 'unknown') unknownRules.set(f.rule, f.path);
  return {
    findings,
    problems: problems.map((p) => `${p.message}${p.path ? ` (${p.path})` : ''}`),
    unknownRules,
  };
}
