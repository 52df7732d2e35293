import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { AdmissionPolicyOptions, ExemptionsParams } from '../admission';
import {
  admissionExemptionsOfManifests,
  admissionPolicy,
  DEFAULT_EXEMPTIONS_NAME,
  WORKLOAD_LABEL,
  workloadLabelValue,
} from '../admission';
import type { AuditOptions } from '../audit';
import { POD_TEMPLATE_PATHS } from '../audit/workloads';
import { isHardenedWorkload } from './pod-hardening';

/** Props of an {@link AdmissionPolicy}: the options of `hardened-workloads admission-policy`. */
export type AdmissionPolicyProps = AdmissionPolicyOptions;

/**
 * The ValidatingAdmissionPolicy and binding that enforce a level in the cluster (Kubernetes
 * 1.30+), generated from the same rules as the synth-time audit.
 *
 * @remarks Roll out with `validationActions: ['Audit']`, then `['Deny']`. Rules CEL cannot check
 * are in {@link AdmissionPolicy.notEnforced} and in the policy's annotation.
 */
export class AdmissionPolicy extends Construct {
  /** Rules of the level the cluster does not check (run the audit in CI for them). */
  public readonly notEnforced: readonly string[];

  public constructor(scope: Construct, id: string, props: AdmissionPolicyProps = {}) {
    super(scope, id);
    const set = admissionPolicy(props);
    this.notEnforced = set.notEnforced.map((n) => n.rule);
    set.objects.forEach((object, index) => {
      const { apiVersion, kind, metadata, ...rest } = object as {
        apiVersion: string;
        kind: string;
        metadata: Record<string, unknown>;
      };
      new ApiObject(this, `${kind}-${index}`, { apiVersion, kind, metadata, ...rest });
    });
  }
}

/** Props of an {@link AdmissionExemptions}. */
export interface AdmissionExemptionsProps extends ExemptionsParams {
  /**
   * The workloads whose validated justifications become cluster exemptions: hardened constructs
   * (`HardenedDeployment`, ...), whose records are built from exemptions the library validated. Any
   * other construct is refused unless `acceptManifestRecords` is set.
   */
  readonly workloads: readonly Construct[];
  /**
   * Also honour the justification annotation of other constructs (an `ApiObject`, an `Include`), for
   * records reviewed outside this app. The ConfigMap then says so in its
   * `hardened-workloads.io/generated-from` annotation.
   * @default false - only hardened constructs' own records become cluster exemptions
   */
  readonly acceptManifestRecords?: boolean;
  /** The audit the justifications are validated in (level, version, environment, clock). @default - hardened, latest, production, now */
  readonly audit?: AuditOptions;
}

function templateLabelPointer(kind: string): string {
  const path = POD_TEMPLATE_PATHS[kind];
  if (path === undefined) throw new Error(`${kind} carries no pod template`);
  return `/${[...path, 'metadata', 'labels', WORKLOAD_LABEL.replace(/~/g, '~0').replace(/\//g, '~1')].join('/')}`;
}

/**
 * The params ConfigMap of the cluster's exemptions, written at synth from the workloads'
 * validated justifications: reviewing the IaC change is reviewing the cluster exemption.
 *
 * @remarks Labels each workload's pod template `hardened-workloads.io/workload: <Kind>.<name>`,
 * which the policy reads to find a pod's entries. Anyone who may create pods in the namespace can
 * set that label: an exemption is as strong as the namespace's RBAC. With several apps per
 * cluster, keep one ConfigMap (several params objects run the policy once each, and all must
 * pass): merge the apps' `data`. A justified finding that cannot become an entry fails synth.
 */
export class AdmissionExemptions extends Construct {
  /** The ConfigMap. */
  public readonly configMap: ApiObject;

  public constructor(scope: Construct, id: string, props: AdmissionExemptionsProps) {
    super(scope, id);
    const foreign = props.workloads.filter((workload) => !isHardenedWorkload(workload));
    if (foreign.length > 0 && props.acceptManifestRecords !== true) {
      throw new Error(
        `${this.node.path}: ${foreign.map((w) => w.node.path).join(', ')} ${foreign.length > 1 ? 'are not hardened constructs' : 'is not a hardened construct'}: ` +
          'its justification records were written by hand, not built from exemptions the library validated, and would become cluster exemptions. ' +
          'Use a HardenedDeployment (or another hardened construct) with its exemptions, or, for records reviewed outside this app, set acceptManifestRecords: true (the ConfigMap then says so)',
      );
    }
    const objects = props.workloads.map((workload) => ApiObject.of(workload));
    for (const object of objects) {
      if (object.metadata.name === undefined)
        throw new Error(`${this.node.path}: ${object.node.path} has no name`);
      object.addJsonPatch(
        JsonPatch.add(templateLabelPointer(object.kind), workloadLabelValue(object.kind, object.name)),
      );
    }
    const data: unknown = Lazy.any({
      produce: () => {
        const { entries, problems } = admissionExemptionsOfManifests(
          objects.map((o) => o.toJson() as unknown),
          props.audit,
        );
        if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
        return Object.fromEntries(entries.map((e) => [e.key, e.expires]));
      },
    });
    this.configMap = new ApiObject(this, 'ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: props.name ?? DEFAULT_EXEMPTIONS_NAME,
        namespace: props.namespace,
        annotations: {
          'hardened-workloads.io/generated-from':
            foreign.length === 0
              ? 'validated justifications of hardened constructs (AdmissionExemptions)'
              : `validated justifications of hardened constructs, and the reviewed justification annotations of ${foreign.map((w) => w.node.path).join(', ')} (acceptManifestRecords)`,
        },
      },
      data,
    });
  }
}
