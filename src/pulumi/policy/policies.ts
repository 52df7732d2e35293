// Types from the module that defines them: @pulumi/policy's index.d.ts re-exports names its
// proxy.d.ts does not declare, so a declaration that loads it fails builds without skipLibCheck.
import type {
  EnforcementLevel,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
} from '@pulumi/policy/policy';
import { UnknownValueError } from '@pulumi/policy';
import type { AuditOptions, Finding, ResolvedAudit } from '../../audit';
import { resolveAudit } from '../../audit';
import type { Level, Rule } from '../../rules';
import type { JustificationScope, RecordProvenance } from '../internal/justification-provenance';
import { assertJustificationScope, provenanceFromUrn } from '../internal/justification-provenance';
import { NOT_VERIFIABLE_RULE, RESOURCE_SETTINGS_RULE, auditResourceInputs } from '../internal/resource-audit';
import { isAuditedResource } from '../internal/resource-workloads';
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
  /**
   * Which resources' justification records (the `hardened-workloads.io/justifications` annotation or
   * Docker label) are honoured. `hardened-components`: only on the workload a hardened-workloads
   * component registered as its child, which built the record from exemptions it validated; on any
   * other resource a finding the record would justify stays a violation that names the record.
   * `any-resource`: records written by hand on raw resources are honoured too, and each one is listed
   * by the advisory {@link RAW_RESOURCE_JUSTIFICATIONS_POLICY} policy for review.
   * @default 'hardened-components'
   */
  readonly justifications?: JustificationScope;
}

/** The name of the policy that refuses a workload resource the rules cannot read. */
export const WORKLOAD_READABLE_POLICY = 'workload-readable';

/**
 * The name of the advisory policy that lists the records honoured on resources no hardened component
 * registered; present only with `justifications: 'any-resource'`.
 */
export const RAW_RESOURCE_JUSTIFICATIONS_POLICY = 'raw-resource-justifications';

/**
 * The name of the mandatory policy for findings a warning rule reports as errors in their case: a
 * capability add-back that cannot take effect is a warning, and an error once a justification
 * approved it (a reviewer approved nothing real). A policy's enforcement level is fixed, so these
 * findings cannot stay in their rule's advisory policy.
 */
export const ESCALATED_FINDINGS_POLICY = 'escalated-warnings';

// The policy SDK reports this error as "can't run policy during preview" (advisory): the native
// form of "unknown", and the policy runs again with known values during the update.
const Unknown = UnknownValueError as unknown as new (sentinel: string, path: string[]) => Error;
const UNKNOWN_SENTINEL = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

interface ResourceAudit {
  readonly findings: readonly Finding[];
  readonly problems: readonly string[];
  /** Where an unknown value hid what a rule needed, per rule id. */
  readonly unknownRules: ReadonlyMap<string, string>;
  /** Whether its justification records were validated by a hardened component. */
  readonly provenance: RecordProvenance;
}

/**
 * One CrossGuard policy per rule active at the level (the same rules as the CLI and the components),
 * plus {@link WORKLOAD_READABLE_POLICY}, for every Kubernetes workload kind and
 * `docker:index/container:Container`. A justification annotation (Kubernetes) or label (Docker) on
 * the workload a hardened component registered turns findings into justified ones, which are not
 * reported; on any other resource it is not honoured (see {@link HardenedPolicyOptions.justifications}).
 * Build a pack with `createHardenedPolicyPack`.
 */
export function hardenedPolicies(options: HardenedPolicyOptions = {}): ResourceValidationPolicy[] {
  const audit = resolveAudit({ ...options.audit, level: options.level ?? 'hardened' });
  const scope = assertJustificationScope(options.justifications, 'hardenedPolicies options');
  // Each policy sees the same args object per resource: extract and audit once. The URN and parent
  // are part of the key: whether a record is honoured depends on them.
  const cache = new WeakMap<object, Map<string, ResourceAudit>>();
  const auditOf = (args: ResourceValidationArgs): ResourceAudit => {
    const parent = parentOf(args);
    const key = `${args.urn}\n${parent ?? ''}`;
    let byResource = cache.get(args.props);
    if (byResource === undefined) {
      byResource = new Map();
      cache.set(args.props, byResource);
    }
    let result = byResource.get(key);
    if (result === undefined) {
      result = auditResource(args, parent, audit, scope);
      byResource.set(key, result);
    }
    return result;
  };
  const readable: ResourceValidationPolicy = {
    name: WORKLOAD_READABLE_POLICY,
    description:
      'Workload resources can be read by the hardened-workloads rules (an unreadable one is never a pass)',
    enforcementLevel: options.enforcementLevel ?? 'mandatory',
    validateResource: (args, reportViolation) => {
      if (!isAuditedResource(args.type, args.props)) return;
      for (const problem of auditOf(args).problems) reportViolation(problem);
    },
  };
  const settings: ResourceValidationPolicy = {
    name: RESOURCE_SETTINGS_RULE,
    description:
      "Pulumi resources set nothing with a host-level effect that no pod or Compose key expresses: publishAllPorts, a plugin's grantAllPermissions, a PersistentVolume hostPath",
    enforcementLevel: options.enforcementLevel ?? 'mandatory',
    validateResource: (args, reportViolation) => {
      if (!isAuditedResource(args.type, args.props)) return;
      for (const f of auditOf(args).findings) {
        if (f.rule === RESOURCE_SETTINGS_RULE && f.status === 'violation')
          reportViolation(`${f.message} (${f.path})`);
      }
    },
  };
  const notVerifiable: ResourceValidationPolicy = {
    name: NOT_VERIFIABLE_RULE,
    description:
      'Helm releases and charts, YAML and kustomize packagings: their pods are not visible here, so they are reported as not verified, never passed',
    enforcementLevel: options.enforcementLevel ?? 'advisory',
    validateResource: (args, reportViolation) => {
      if (!isAuditedResource(args.type, args.props)) return;
      for (const f of auditOf(args).findings) {
        if (f.rule === NOT_VERIFIABLE_RULE) reportViolation(f.message);
      }
    },
  };
  const escalated: ResourceValidationPolicy = {
    name: ESCALATED_FINDINGS_POLICY,
    description:
      'Findings of a warning rule that are errors in their case: a capability add-back a justification approved that cannot take effect',
    enforcementLevel: options.enforcementLevel ?? 'mandatory',
    validateResource: (args, reportViolation) => {
      if (!isAuditedResource(args.type, args.props)) return;
      for (const f of auditOf(args).findings) {
        const rule = audit.rules.find((r) => r.id === f.rule);
        if (f.status === 'violation' && f.severity === 'error' && rule?.severity === 'warning')
          reportViolation(`${f.rule}: ${f.message} (${f.path}). ${rule.remediation}`);
      }
    },
  };
  const rawRecords: ResourceValidationPolicy = {
    name: RAW_RESOURCE_JUSTIFICATIONS_POLICY,
    description:
      "Justification records honoured on resources no hardened-workloads component registered (justifications: 'any-resource'), listed for review",
    enforcementLevel: 'advisory',
    validateResource: (args, reportViolation) => {
      if (!isAuditedResource(args.type, args.props)) return;
      const result = auditOf(args);
      if (result.provenance.validated) return;
      for (const f of result.findings) {
        if (f.status !== 'justified' || f.justification === undefined) continue;
        const record = f.justification;
        const details = [
          JSON.stringify(record.reason),
          ...(record.approvedBy !== undefined ? [`approved by ${record.approvedBy}`] : []),
          ...(record.expires !== undefined ? [`expires ${record.expires}`] : []),
        ];
        reportViolation(
          `rule ${f.rule} at ${f.path} is justified by a record written on the resource itself, which no component validated ` +
            `(honoured because the pack sets justifications: 'any-resource'): ${details.join(', ')}`,
        );
      }
    },
  };
  return [
    readable,
    settings,
    notVerifiable,
    escalated,
    ...audit.rules.map((rule) => rulePolicy(rule, options, auditOf)),
    ...(scope === 'any-resource' ? [rawRecords] : []),
  ];
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
      if (!isAuditedResource(args.type, args.props)) return;
      const result = auditOf(args);
      for (const finding of result.findings) {
        // A warning rule's error findings go to the mandatory escalated-warnings policy instead.
        const escalated = rule.severity === 'warning' && finding.severity === 'error';
        if (finding.rule === rule.id && finding.status === 'violation' && !escalated) {
          reportViolation(`${finding.message} (${finding.path}). ${rule.remediation}`);
        }
      }
      const unknownAt = result.unknownRules.get(rule.id);
      if (unknownAt !== undefined) throw new Unknown(UNKNOWN_SENTINEL, unknownAt.split('.'));
    },
  };
}

// Tests and older engines may leave the options out: no parent then.
function parentOf(args: ResourceValidationArgs): string | undefined {
  return (args.opts as PolicyResourceOptions | undefined)?.parent;
}

function auditResource(
  args: ResourceValidationArgs,
  parent: string | undefined,
  audit: ResolvedAudit,
  scope: JustificationScope,
): ResourceAudit {
  const known = knownProps(args.props);
  const provenance = provenanceFromUrn({
    type: args.type,
    name: args.name,
    urn: args.urn,
    parent,
  });
  const { findings, problems } = auditResourceInputs(
    args.type,
    args.name,
    known.value,
    known.pendingPaths,
    audit,
    undefined,
    scope === 'hardened-components' && !provenance.validated ? provenance.why : undefined,
  );
  const unknownRules = new Map<string, string>();
  for (const f of findings)
    if (f.status === 'unknown' && f.rule !== NOT_VERIFIABLE_RULE) unknownRules.set(f.rule, f.path);
  return { findings, problems, unknownRules, provenance };
}
