import fc from 'fast-check';
import { evaluateWorkload, resolveAudit } from 'hardened-workloads/audit';
import {
  COMPOSE_SERVICE_KEYS,
  isComposeDocument,
  workloadsFromCompose,
} from 'hardened-workloads/audit/compose';

const audit = resolveAudit();
const serviceKey = fc.oneof(fc.constantFrom(...COMPOSE_SERVICE_KEYS), fc.string({ maxLength: 8 }));
const service = fc.dictionary(serviceKey, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 12 });
const composeDoc = fc.record({
  services: fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(service, fc.jsonValue())),
});

describe('the Compose translation on arbitrary input', () => {
  test('never throws, and every workload can be audited without a rule crashing', () => {
    fc.assert(
      fc.property(fc.oneof(composeDoc, fc.jsonValue()), (doc) => {
        isComposeDocument(doc);
        const { workloads } = workloadsFromCompose(doc);
        for (const workload of workloads) {
          const crashed = evaluateWorkload(workload, audit).filter((f) =>
            f.message.includes('could not check'),
          );
          expect(crashed).toEqual([]);
        }
      }),
      { numRuns: 200, seed: 20261128 },
    );
  });
});
