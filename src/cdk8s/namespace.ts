import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { ADMISSION_NAMESPACE_LABEL } from '../admission/policy';
import type { NamespacePodSecurity } from '../posture';
import { NAMESPACE_JUSTIFICATION_ANNOTATION, checkNamespacePodSecurity } from '../posture';
export { NAMESPACE_JUSTIFICATION_ANNOTATION } from '../posture';
export type { NamespacePodSecurity } from '../posture';
import type { PodSecurityLevel } from '../rules/pod-security-level';
import { formatPssVersion, parsePssVersion } from '../rules/pss-version';
import { registerNamespace } from './namespace-registry';
import { outputFidelityErrors } from './output-fidelity';

/** The Pod Security Standards version a {@link HardenedNamespace} pins by default. */
export const DEFAULT_NAMESPACE_PSS_VERSION = 'v1.30';

/** Props of a {@link HardenedNamespace}. */
export interface HardenedNamespaceProps extends kplus.NamespaceProps {
  /**
   * The Pod Security Standards version the labels pin (`v1.30`), or `latest`.
   *
   * @remarks A pinned version keeps a cluster upgrade from changing what is enforced without a
   * review. v1.30 is the first version whose checks read the `appArmorProfile` field (which
   * `pinAppArmorRuntimeDefault: 'field'` renders) and the oldest Kubernetes minor still in
   * wide support; newer versions of the restricted profile added no check our posture fails.
   * `latest` follows the cluster.
   * @default 'v1.30'
   */
  readonly podSecurityVersion?: string;
  /**
   * Opt the namespace in to the hardened-workloads ValidatingAdmissionPolicy (see
   * {@link AdmissionPolicy}): labels it `hardened-workloads.io/admission: enforce`, which the
   * policy's default binding selects.
   * @default false
   */
  readonly admissionPolicy?: boolean;
  /**
   * Enforce a lower Pod Security level than restricted, with its justification.
   * @remarks `audit` and `warn` stay at restricted, so the cluster keeps reporting what the lower
   * level lets through. The justification is recorded in the
   * `hardened-workloads.io/pod-security-justification` annotation.
   * @default - restricted: no justification needed
   */
  readonly podSecurity?: NamespacePodSecurity;
}

/** The Pod Security Admission labels of a namespace enforcing `enforce`, auditing and warning at restricted. */
export function podSecurityLabels(
  version: string,
  enforce: PodSecurityLevel = 'restricted',
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = mode === 'enforce' ? enforce : 'restricted';
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return labels;
}

/**
 * A Namespace labelled for Pod Security Admission: `enforce`, `audit` and `warn` at
 * `restricted`, each with a pinned version.
 *
 * @remarks The constructs harden what they render; the namespace makes the cluster refuse pods
 * that break the restricted profile whoever created them (kubectl, Helm, an operator). Pods
 * with justified exemptions that Pod Security restricted refuses (host namespaces, privileged)
 * belong in another namespace.
 */
export class HardenedNamespace extends kplus.Namespace {
  /** The pinned Pod Security Standards version, e.g. `v1.30`. */
  public readonly podSecurityVersion: string;
  /** The level the `pod-security.kubernetes.io/enforce` label sets. */
  public readonly enforceLevel: PodSecurityLevel;

  public constructor(scope: Construct, id: string, props: HardenedNamespaceProps = {}) {
    const { podSecurity, ...rest } = props;
    super(scope, id, rest);
    const chosen = checkNamespacePodSecurity(podSecurity, this.node.path);
    this.enforceLevel = chosen?.level ?? 'restricted';
    const text = props.podSecurityVersion ?? DEFAULT_NAMESPACE_PSS_VERSION;
    const parsed = parsePssVersion(text);
    if (parsed === undefined) {
      throw new RangeError(
        `${this.node.path}: podSecurityVersion ${JSON.stringify(text)} is not a Pod Security version such as "v1.30" or "latest"`,
      );
    }
    this.podSecurityVersion = text.trim() === 'latest' ? 'latest' : formatPssVersion(parsed);
    for (const [key, value] of Object.entries(
      podSecurityLabels(this.podSecurityVersion, this.enforceLevel),
    )) {
      this.metadata.addLabel(key, value);
    }
    if (props.admissionPolicy === true) this.metadata.addLabel(ADMISSION_NAMESPACE_LABEL, 'enforce');
    if (chosen !== undefined) {
      this.metadata.addAnnotation(
        NAMESPACE_JUSTIFICATION_ANNOTATION,
        JSON.stringify({ level: chosen.level, ...chosen.justification }),
      );
    }
    registerNamespace(this, { path: this.node.path, name: () => this.name, enforceLevel: this.enforceLevel });
    this.node.addValidation({
      validate: () => outputFidelityErrors(ApiObject.of(this).toJson() as Record<string, unknown>),
    });
  }
}
