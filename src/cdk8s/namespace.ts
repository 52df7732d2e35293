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
import { guardMethod } from './guarded-method';
import { checkWrittenObject, synthGeneration } from './synth-session';
import { sealRendering } from '../posture/sealed-rendering';

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
    const expected: Record<string, string> = {
      ...podSecurityLabels(this.podSecurityVersion, this.enforceLevel),
      ...(props.admissionPolicy === true && { [ADMISSION_NAMESPACE_LABEL]: 'enforce' }),
    };
    const apiObject = ApiObject.of(this);
    const path = this.node.path;
    const labelErrors = (manifest: unknown) => namespaceLabelErrors(manifest, expected, path);
    // Rendered once per synth session and frozen, like a workload's: a toJson wrapper assigned later
    // renders inside, so the labels checked are the labels written.
    let sealed: { readonly generation: number; readonly manifest: Record<string, unknown> } | undefined;
    guardMethod<Record<string, unknown>>(
      apiObject,
      'toJson',
      apiObject.toJson.bind(apiObject) as () => Record<string, unknown>,
      (render) => {
        const generation = synthGeneration();
        if (generation !== undefined && sealed?.generation === generation) return sealed.manifest;
        const manifest = render();
        if (generation === undefined) return manifest;
        sealed = { generation, manifest: sealRendering(manifest).manifest };
        return sealed.manifest;
      },
      path,
    );
    checkWrittenObject(this, {
      path,
      kind: 'Namespace',
      identity: () => ({ name: apiObject.name, namespace: apiObject.metadata.namespace }),
      audited: () => (sealed?.generation === synthGeneration() ? sealed?.manifest : undefined),
      judge: labelErrors,
    });
    this.node.addValidation({
      validate: () => {
        const manifest = apiObject.toJson() as Record<string, unknown>;
        return [...outputFidelityErrors(manifest), ...labelErrors(manifest)];
      },
    });
  }
}

/**
 * The Pod Security labels (and the admission label, when opted in) a rendered Namespace must carry
 * as the construct chose them: a label lowered or removed afterwards (addLabel, a JSON patch, a
 * post-processor) fails the synth.
 */
function namespaceLabelErrors(
  manifest: unknown,
  expected: Readonly<Record<string, string>>,
  path: string,
): string[] {
  const metadata = (manifest as { metadata?: { labels?: unknown } } | null)?.metadata;
  const labels =
    metadata?.labels !== null && typeof metadata?.labels === 'object'
      ? (metadata.labels as Record<string, unknown>)
      : {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const written = Object.hasOwn(labels, key) ? labels[key] : undefined;
    if (written === value) continue;
    errors.push(
      `namespace-posture: HardenedNamespace ${path} must keep label ${key}=${value} (it is ${written === undefined ? 'removed' : JSON.stringify(written)}): ` +
        (key === ADMISSION_NAMESPACE_LABEL
          ? 'leave the admission policy on, or drop admissionPolicy: true'
          : 'choose the level with podSecurity: { level, justification } on the construct instead of changing the label') +
        ` (field metadata.labels["${key}"])`,
    );
  }
  return errors;
}
