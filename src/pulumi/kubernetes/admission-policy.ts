import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { AdmissionPolicyOptions, ExemptionsParams } from '../../admission';
import { admissionExemptionsOfManifests, admissionPolicy, DEFAULT_EXEMPTIONS_NAME } from '../../admission';
import type { AuditOptions } from '../../audit';
import { rejectArgs } from '../internal/component-errors';
import { hardenedWorkloadDocument } from '../internal/hardened-workload-registry';

/** Arguments of an {@link AdmissionPolicy}: the options of `hardened-workloads admission-policy`. */
export type AdmissionPolicyArgs = AdmissionPolicyOptions;

/**
 * The ValidatingAdmissionPolicy and binding that enforce a level in the cluster (Kubernetes
 * 1.30+), generated from the same rules as the components' audit and the CrossGuard pack.
 *
 * @remarks Roll out with `validationActions: ['Audit']`, then `['Deny']`. Rules CEL cannot check
 * are in {@link AdmissionPolicy.notEnforced}.
 */
export class AdmissionPolicy extends pulumi.ComponentResource {
  /** The type token. */
  public static readonly TYPE = 'hardened-workloads:kubernetes:AdmissionPolicy';
  /** Rules of the level the cluster does not check (run the audit in CI for them). */
  public readonly notEnforced: readonly string[];

  /** Throws a `pulumi.ResourceError` on options Kubernetes would refuse (Deny with Warn). */
  constructor(name: string, args: AdmissionPolicyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    let set: ReturnType<typeof admissionPolicy>;
    try {
      set = admissionPolicy(args);
    } catch (error) {
      throw rejectArgs({ type: AdmissionPolicy.TYPE, name }, error);
    }
    super(AdmissionPolicy.TYPE, name, {}, opts);
    this.notEnforced = set.notEnforced.map((n) => n.rule);
    for (const object of set.objects) {
      const { metadata, spec, kind } = object as { metadata: { name: string }; spec: never; kind: string };
      const args = { metadata, spec };
      if (kind === 'ValidatingAdmissionPolicy')
        new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(metadata.name, args, { parent: this });
      else
        new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(metadata.name, args, {
          parent: this,
        });
    }
    this.registerOutputs({ notEnforced: this.notEnforced });
  }
}

/** Arguments of an {@link AdmissionExemptions}. */
export interface AdmissionExemptionsArgs extends ExemptionsParams {
  /**
   * The workloads: the hardened components themselves (`HardenedDeployment`, ...), whose records
   * the component built from exemptions it validated. Their pod templates must carry
   * `hardened-workloads.io/workload: <Kind>.<name>` (`podLabels`), and their names must be set
   * (`metadata.name`). A plain manifest (`{ apiVersion, kind, metadata, spec }`) is refused unless
   * `acceptManifestRecords` is set.
   */
  readonly workloads: readonly (pulumi.ComponentResource | pulumi.Input<Record<string, unknown>>)[];
  /**
   * Also honour the justification annotation of plain manifests, for records reviewed outside this
   * program. The ConfigMap then says so in its `hardened-workloads.io/generated-from` annotation.
   * @default false - only the hardened components' own records become cluster exemptions
   */
  readonly acceptManifestRecords?: boolean;
  /** The audit the justifications are validated in. @default - hardened, latest, production, now */
  readonly audit?: AuditOptions;
}

/** The ConfigMap annotation saying where its entries come from. */
export const GENERATED_FROM_ANNOTATION = 'hardened-workloads.io/generated-from';

/**
 * The params ConfigMap of the cluster's exemptions, computed from the workloads' validated
 * justifications: reviewing the stack change is reviewing the cluster exemption. A justified
 * finding that cannot become an entry (no expiry, no label, no namespace) is logged as an error,
 * which fails the update.
 */
export class AdmissionExemptions extends pulumi.ComponentResource {
  /** The type token. */
  public static readonly TYPE = 'hardened-workloads:kubernetes:AdmissionExemptions';
  /** The ConfigMap (a child of this component). */
  public readonly configMap: k8s.core.v1.ConfigMap;
  /** Its entries: ConfigMap key → RFC 3339 expiry. */
  public readonly data: pulumi.Output<Record<string, string>>;
  /** Justified findings that got no entry; each is also logged as an error, which fails the update. */
  public readonly problems: pulumi.Output<readonly string[]>;

  /** Throws a `pulumi.ResourceError` for a workload whose records no hardened component validated. */
  constructor(name: string, args: AdmissionExemptionsArgs, opts?: pulumi.ComponentResourceOptions) {
    const documents = args.workloads.map((workload, index) =>
      exemptionSource(name, workload, index, args.acceptManifestRecords === true),
    );
    super(AdmissionExemptions.TYPE, name, {}, opts);
    const computed = pulumi
      .all(documents.map((d) => pulumi.output(d.document)))
      .apply((resolved) => admissionExemptionsOfManifests(resolved, args.audit));
    this.problems = computed.apply((result) => {
      // An error diagnostic fails the update: a justified finding never silently drops out of the cluster.
      for (const problem of result.problems)
        void pulumi.log.error(`${AdmissionExemptions.TYPE} "${name}": ${problem}`, this);
      return result.problems;
    });
    this.data = computed.apply((result) => Object.fromEntries(result.entries.map((e) => [e.key, e.expires])));
    const fromManifests = documents.filter((d) => !d.hardened).length;
    this.configMap = new k8s.core.v1.ConfigMap(
      name,
      {
        metadata: {
          name: args.name ?? DEFAULT_EXEMPTIONS_NAME,
          namespace: args.namespace,
          annotations: {
            [GENERATED_FROM_ANNOTATION]:
              fromManifests === 0
                ? 'validated justifications of hardened components (admissionExemptions)'
                : `validated justifications of hardened components, and the reviewed justification annotations of ${fromManifests} plain manifest(s) (acceptManifestRecords)`,
          },
        },
        data: this.data,
      },
      { parent: this },
    );
    this.registerOutputs({ configMap: this.configMap, data: this.data, problems: this.problems });
  }
}

// A hardened component's audited document, or (opted in) a plain manifest; anything else is refused.
function exemptionSource(
  name: string,
  workload: unknown,
  index: number,
  acceptManifestRecords: boolean,
): { readonly document: pulumi.Input<Record<string, unknown>>; readonly hardened: boolean } {
  const hardened = hardenedWorkloadDocument(workload);
  if (hardened !== undefined) return { document: hardened, hardened: true };
  const what =
    workload instanceof pulumi.Resource
      ? 'a resource that no hardened-workloads Kubernetes component registered'
      : 'a plain manifest, whose justification records no hardened-workloads component validated';
  if (workload instanceof pulumi.Resource || !acceptManifestRecords) {
    throw new pulumi.ResourceError(
      `${AdmissionExemptions.TYPE} "${name}": workloads[${index}] is ${what}: a hand-written record would become a cluster exemption. ` +
        'Pass the hardened component itself (new HardenedDeployment(...), with its exemptions), or, for records reviewed outside this program, set acceptManifestRecords: true (the ConfigMap then says so)',
      undefined,
    );
  }
  return { document: workload as pulumi.Input<Record<string, unknown>>, hardened: false };
}
