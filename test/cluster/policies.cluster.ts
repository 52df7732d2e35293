/**
 * Issue 21 item 2: every policy the CLI, cdk8s and Pulumi can generate (they all call admissionPolicy) is
 * created by the real API server: 3 levels × every Pod Security version × with and without params, each
 * bound with Deny, Warn, Audit and Warn+Audit. The server compiles every expression at creation with its
 * own CEL environment (homogeneous literals, cost estimate against the per-expression budget) and
 * refuses the object on a compile error; its type checker then writes status.typeChecking.
 */
import type { AdmissionPolicyOptions, ValidationAction } from '../../src/admission';
import { admissionPolicy } from '../../src/admission';
import { LATEST_PSS_VERSION, LEVELS } from '../../src/rules';
import { admitted, Kube, message } from './kube';
import { inBatches } from './batches';

const TIER_LABEL = 'hardened-workloads.io/cluster-tier';
const ACTION_SETS: readonly (readonly ValidationAction[])[] = [
  ['Deny'],
  ['Warn'],
  ['Audit'],
  ['Warn', 'Audit'],
];
const POLICIES = '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies';
const BINDINGS = '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings';

interface Generated {
  readonly label: string;
  readonly objects: Record<string, unknown>[];
}

/** Every combination, named apart, bound to no namespace (the selector matches none). */
function everyPolicy(): Generated[] {
  const generated: Generated[] = [];
  for (const level of LEVELS) {
    for (let minor = 0; minor <= LATEST_PSS_VERSION.minor; minor++) {
      for (const params of level === 'hardened' ? [false, true] : [false]) {
        const name = `compile-${level}-v1-${minor}-${params ? 'params' : 'plain'}`;
        const base: AdmissionPolicyOptions = {
          level,
          pssVersion: { major: 1, minor },
          name,
          namespaceSelector: { matchLabels: { [TIER_LABEL]: 'never-matches' } },
          ...(params && { exemptions: { namespace: 'platform' } }),
        };
        const objects: Record<string, unknown>[] = [];
        for (const actions of ACTION_SETS) {
          for (const object of admissionPolicy({ ...base, validationActions: actions }).objects) {
            const metadata = object.metadata as Record<string, unknown>;
            const labelled = { ...object, metadata: { ...metadata, labels: { [TIER_LABEL]: 'compile' } } };
            if (object.kind === 'ValidatingAdmissionPolicy') {
              if (actions === ACTION_SETS[0]) objects.unshift(labelled);
            } else {
              objects.push({
                ...labelled,
                metadata: {
                  ...labelled.metadata,
                  name: `${metadata.name as string}-${actions.join('-').toLowerCase()}`,
                },
              });
            }
          }
        }
        generated.push({ label: `${level} v1.${minor} ${params ? 'with' : 'without'} params`, objects });
      }
    }
  }
  return generated;
}

const kube = Kube.connect();
afterAll(async () => {
  await kube.send('DELETE', `${BINDINGS}?labelSelector=${TIER_LABEL}%3Dcompile`);
  await kube.send('DELETE', `${POLICIES}?labelSelector=${TIER_LABEL}%3Dcompile`);
  kube.close();
});

describe('the real API server creates every generated policy', () => {
  const generated = everyPolicy();
  const policies = generated.flatMap((g) => g.objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy'));

  it(`creates all ${policies.length} policies and their bindings (3 levels × v1.0–v1.${LATEST_PSS_VERSION.minor}, hardened with and without params, × Deny, Warn, Audit, Warn+Audit) without a compile error`, async () => {
    const refused: string[] = [];
    await inBatches(generated, 4, async ({ label, objects }) => {
      for (const object of objects) {
        const response = await kube.create(undefined, object);
        if (!admitted(response))
          refused.push(
            `${label}: ${String(object.kind)} ${(object.metadata as { name: string }).name}: ${message(response)}`,
          );
      }
    });
    expect(refused).toEqual([]);
    console.log(
      `cluster: ${policies.length} policies and ${generated.reduce((n, g) => n + g.objects.length, 0) - policies.length} bindings created`,
    );
  });

  it('refuses a policy with a mixed dyn/string map literal (the check bites)', async () => {
    const response = await kube.create(undefined, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'compile-negative-control', labels: { [TIER_LABEL]: 'compile' } },
      spec: {
        matchConstraints: {
          resourceRules: [
            { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
          ],
        },
        validations: [{ expression: `{'name': object.metadata.name, 'path': 'x' + 'y'}.size() == 2` }],
      },
    });
    expect(response.status).toBe(422);
    expect(message(response)).toMatch(/expected type 'dyn' but found 'string'|homogeneous|type/i);
  });
});
