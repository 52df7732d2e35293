// From the module that defines it: @pulumi/policy's index.d.ts re-exports names its proxy.d.ts
// does not declare, so loading it fails every consumer build without skipLibCheck.
import { PolicyPack } from '@pulumi/policy/policy';
import type { HardenedPolicyOptions } from './policies';
import { hardenedPolicies } from './policies';

/**
 * Constructs the hardened-workloads CrossGuard policy pack. Call it once from a policy pack's
 * `index.ts` (constructing a PolicyPack starts the policy gRPC server, so tests use
 * {@link hardenedPolicies} instead). Justification records are honoured only on the workload a
 * hardened component registered; `options.justifications: 'any-resource'` honours records written on
 * raw resources too, and lists each one in an advisory policy.
 *
 * @example
 * // index.ts of a policy pack (PulumiPolicy.yaml: `runtime: nodejs`)
 * import { createHardenedPolicyPack } from 'hardened-workloads/pulumi/policy';
 * createHardenedPolicyPack();
 */
export function createHardenedPolicyPack(
  name = 'hardened-workloads',
  options: HardenedPolicyOptions = {},
): PolicyPack {
  return new PolicyPack(name, {
    policies: hardenedPolicies(options),
    ...(options.enforcementLevel !== undefined && { enforcementLevel: options.enforcementLevel }),
  });
}
