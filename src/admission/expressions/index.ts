import type { RuleExpression } from '../context';
import { allowPrivilegeEscalationCel } from './allow-privilege-escalation';
import { apparmorProfileCel } from './apparmor-profile';
import { capabilitiesBaselineCel } from './capabilities-baseline';
import { capabilitiesJustifiedCel } from './capabilities-justified';
import { capabilitiesRestrictedCel } from './capabilities-restricted';
import { customMacProfileJustifiedCel } from './custom-mac-profile-justified';
import { explicitNonRootIdsCel } from './explicit-non-root-ids';
import { hostNamespacesCel } from './host-namespaces';
import { hostPathVolumesCel } from './host-path-volumes';
import { hostPortsCel } from './host-ports';
import { hostProbesAndLifecycleCel } from './host-probes-and-lifecycle';
import { imageTagPinnedCel } from './image-tag-pinned';
import { noContainerRuntimeSocketCel } from './no-container-runtime-socket';
import { noRootGroupCel } from './no-root-group';
import { noSensitiveHostPathsCel } from './no-sensitive-host-paths';
import { noSharedMountPropagationCel } from './no-shared-mount-propagation';
import { privilegedCel } from './privileged';
import { procMountCel } from './proc-mount';
import { procMountRestrictedCel } from './proc-mount-restricted';
import { projectedServiceAccountTokenCel } from './projected-service-account-token';
import { readOnlyRootFilesystemCel } from './read-only-root-filesystem';
import { resourceLimitsCel } from './resource-limits';
import { restrictedVolumesCel } from './restricted-volumes';
import { runAsNonRootCel } from './run-as-non-root';
import { runAsUserCel } from './run-as-user';
import { seccompLocalhostJustifiedCel } from './seccomp-localhost-justified';
import { seccompProfileBaselineCel } from './seccomp-profile-baseline';
import { seccompProfileGeneratedCel } from './seccomp-profile-generated';
import { seccompProfileRestrictedCel } from './seccomp-profile-restricted';
import { selinuxOptionsCel } from './selinux-options';
import { serviceAccountTokenCel } from './service-account-token';
import { sysctlsCel } from './sysctls';
import { windowsHostProcessCel } from './windows-host-process';

/** The CEL of every rule a cluster can check, by rule id. */
export const RULE_EXPRESSIONS: ReadonlyMap<string, RuleExpression> = new Map(
  [
    hostNamespacesCel,
    privilegedCel,
    capabilitiesBaselineCel,
    hostPathVolumesCel,
    hostPortsCel,
    apparmorProfileCel,
    selinuxOptionsCel,
    procMountCel,
    seccompProfileBaselineCel,
    sysctlsCel,
    windowsHostProcessCel,
    hostProbesAndLifecycleCel,
    allowPrivilegeEscalationCel,
    capabilitiesRestrictedCel,
    restrictedVolumesCel,
    runAsNonRootCel,
    runAsUserCel,
    seccompProfileRestrictedCel,
    procMountRestrictedCel,
    readOnlyRootFilesystemCel,
    explicitNonRootIdsCel,
    noRootGroupCel,
    noContainerRuntimeSocketCel,
    noSensitiveHostPathsCel,
    noSharedMountPropagationCel,
    capabilitiesJustifiedCel,
    seccompLocalhostJustifiedCel,
    seccompProfileGeneratedCel,
    customMacProfileJustifiedCel,
    serviceAccountTokenCel,
    projectedServiceAccountTokenCel,
    resourceLimitsCel,
    imageTagPinnedCel,
  ].map((expression) => [expression.ruleId, expression]),
);

/**
 * Rules the cluster does not check, and why: listed by the command and in the policy, never
 * dropped in silence.
 */
export const NOT_IN_CLUSTER: Readonly<Record<string, string>> = Object.freeze({
  'justification-valid':
    'reads JSON justification records from an annotation, and CEL has no JSON decoding; in the cluster an annotation admits nothing anyway (exemptions come from the params ConfigMap): run the audit in CI',
  'capability-add-back-ineffective':
    "judges what the node's runtime makes of an add-back (a warning, an error only beside a justification record, which the cluster does not read); capabilities-justified already refuses an add-back without an exemption: run the audit in CI",
});
