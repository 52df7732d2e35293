import { normaliseCapability, PSS_RESTRICTED_ADDABLE_CAPABILITIES } from '../../posture';
import { asArray, at, containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { asText, quote } from './field-values';
import { containerFields } from './restricted-fields';
import { isExemptWindowsPod } from './version-relaxations';

const ADDABLE = new Set<string>(PSS_RESTRICTED_ADDABLE_CAPABILITIES);

/**
 * Pod Security `capabilities_restricted` (restricted): containers drop ALL capabilities and add back at most NET_BIND_SERVICE.
 *
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.drop
 * and .add
 * Allowed Values: drop must include ALL; add may only be undefined/empty or NET_BIND_SERVICE.
 * Windows pods (`spec.os.name: windows`) are exempt from v1.25.
 *
 * A missing `drop: ["ALL"]` is never justifiable: its violation carries `exemption: null`, so no
 * recorded "capability" justification can cover it. Only an added capability (its own violation,
 * with the capability as subject) can be justified, one capability at a time, because the default
 * posture always drops ALL and an exemption adds one capability back.
 */
export const capabilitiesRestricted = defineRule({
  id: 'capabilities-restricted',
  title: 'Containers drop ALL capabilities and add back at most NET_BIND_SERVICE',
  severity: 'error',
  level: 'restricted',
  pssCheck: 'capabilities_restricted',
  overrides: ['capabilities-baseline'],
  sinceVersion: { major: 1, minor: 22 },
  dialects: ['kubernetes', 'compose'],
  restrictedFields: containerFields('securityContext.capabilities.drop', 'securityContext.capabilities.add'),
  allowedValues: 'drop: any list that includes ALL; add: undefined/empty, NET_BIND_SERVICE',
  references: {
    cisDocker: ['5.4'],
    polaris: ['insecureCapabilities'],
    kubeLinter: ['drop-net-raw-capability'],
    checkov: ['CKV_K8S_37', 'CKV_K8S_28'],
    kubesec: ['CapDropAll', 'CapDropAny'],
    trivy: ['KSV-0106', 'KSV-0003', 'KSV-0004'],
  },
  rationale:
    'Even the runtime default capabilities (NET_RAW, SETUID, DAC_OVERRIDE, ...) are more than most processes ' +
    'need and widen what a compromised process can do. Dropping ALL and adding back only what is needed ' +
    'leaves the smallest kernel surface.',
  remediation:
    'Set securityContext.capabilities.drop to ["ALL"] on every container, and add back only NET_BIND_SERVICE, ' +
    'or another capability under a justified "capability" exemption.',
  exampleFix: 'securityContext:\n  capabilities:\n    drop: ["ALL"]',
  justifiedBy: ['capability'],
  check(pod, context) {
    if (isExemptWindowsPod(pod, context.pssVersion)) return [];
    const violations: Violation[] = [];
    for (const c of pod.containers) {
      const capabilities = at(c.securityContext, 'capabilities');
      if (!asArray(at(capabilities, 'drop')).includes('ALL')) {
        violations.push({
          message: `${containersPhrase([c.name])} must set securityContext.capabilities.drop=["ALL"]`,
          path: `${c.path}.securityContext.capabilities.drop`,
          container: c.name,
          exemption: null,
        });
      }
      asArray(at(capabilities, 'add')).forEach((added, index) => {
        if (typeof added === 'string' && ADDABLE.has(added)) return;
        violations.push({
          message: `${containersPhrase([c.name])} must not include ${quote(added)} in securityContext.capabilities.add`,
          path: `${c.path}.securityContext.capabilities.add[${index}]`,
          container: c.name,
          subject: normaliseCapability(asText(added)),
        });
      });
    }
    return violations;
  },
});
