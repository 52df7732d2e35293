import { LATEST_PSS_VERSION, LEVELS, parsePssVersion } from '../../src/rules';
import { conformanceUnavailable } from '../conformance/conformance-dir';
import { WORKLOAD_WRAPPERS } from '../conformance/workload-wrappers';
import type { Disagreement } from './differential';
import { Differential } from './differential';
import { corpusWorkloads, fieldVariationPods, kyvernoWorkloads, pssFixtures } from './inputs';

/**
 * The generated policy, run offline with @bufbuild/cel, against the audit: on every input and at
 * every level, the rules the policy refuses are exactly the rules the audit finds.
 */

const differentials = new Map<string, Differential>();
function differentialAt(level: (typeof LEVELS)[number], version: string): Differential {
  const key = `${level}@${version}`;
  let found = differentials.get(key);
  if (found === undefined) {
    const parsed = version === 'latest' ? LATEST_PSS_VERSION : parsePssVersion(version);
    if (parsed === undefined) throw new Error(`unreadable version ${version}`);
    found = new Differential(level, parsed);
    differentials.set(key, found);
  }
  return found;
}

function describeDisagreements(where: string, disagreements: readonly Disagreement[]): string[] {
  return disagreements.map((d) => `${where}: ${d.rule}: audit ${d.audit} / policy ${d.policy}`);
}

const counts: string[] = [];
afterAll(() => {
  console.log(`admission differential:\n  ${counts.join('\n  ')}`);
});

const unavailable = conformanceUnavailable('pss') ?? conformanceUnavailable('kyverno');
if (unavailable !== undefined) {
  describe('admission differential (unavailable)', () => {
    test(`is skipped: ${unavailable}`, () => {
      console.warn(unavailable);
      expect(unavailable).toContain('not found');
    });
  });
} else {
  describe('Pod Security fixtures, bare and wrapped in every workload kind', () => {
    const fixtures = pssFixtures();
    test.each(LEVELS)('policy and audit agree rule by rule at %s, at the fixture version', (level) => {
      const problems: string[] = [];
      let compared = 0;
      for (const fixture of fixtures) {
        const differential = differentialAt(level, fixture.version);
        for (const [kind, document] of [
          ['Pod', fixture.pod] as const,
          ...Object.entries(WORKLOAD_WRAPPERS).map(([k, wrap]) => [k, wrap(fixture.pod)] as const),
        ]) {
          compared++;
          problems.push(
            ...describeDisagreements(
              `${fixture.level}/${fixture.version}/${fixture.expect}/${fixture.name} as ${kind}`,
              differential.compare(document),
            ),
          );
        }
      }
      counts.push(`PSS fixtures at ${level}: ${compared} documents, ${problems.length} disagreements`);
      expect(fixtures.length).toBeGreaterThanOrEqual(254);
      expect(problems).toEqual([]);
    });

    test('the policy refuses every fail fixture at its own level and admits every pass fixture', () => {
      const wrong: string[] = [];
      for (const fixture of fixtures) {
        const refused = differentialAt(fixture.level, fixture.version).policyFindings({
          object: fixture.pod,
        });
        if (refused.size > 0 !== (fixture.expect === 'fail'))
          wrong.push(
            `${fixture.level}/${fixture.version}/${fixture.expect}/${fixture.name}: ${[...refused.keys()].join(', ') || 'admitted'}`,
          );
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('Kyverno pod-security cases', () => {
    const cases = kyvernoWorkloads();
    test.each(LEVELS)('policy and audit agree rule by rule at %s', (level) => {
      const differential = differentialAt(level, 'latest');
      const problems = cases.flatMap((c) => describeDisagreements(c.file, differential.compare(c.document)));
      counts.push(`Kyverno cases at ${level}: ${cases.length} documents, ${problems.length} disagreements`);
      expect(cases.length).toBeGreaterThan(1000);
      expect(problems).toEqual([]);
    });
  });
}

describe('benchmark corpus (deterministic 1k subset; the bench row runs all 10k)', () => {
  const workloads = corpusWorkloads(1000);
  test.each(LEVELS)('policy and audit agree rule by rule at %s', (level) => {
    const differential = differentialAt(level, 'latest');
    const problems = workloads.flatMap((w, i) =>
      describeDisagreements(`corpus #${i}`, differential.compare(w)),
    );
    counts.push(`corpus at ${level}: ${workloads.length} documents, ${problems.length} disagreements`);
    expect(workloads).toHaveLength(1000);
    expect(problems).toEqual([]);
  });

  test('the corpus violations are refused by the policy at hardened', () => {
    const refusedDocuments = workloads.filter(
      (w) => differentialAt('hardened', 'latest').policyFindings({ object: w }).size > 0,
    );
    expect(refusedDocuments.length).toBeGreaterThan(0);
  });
});

describe('root group, projected token and Localhost profile variations, bare and wrapped in every workload kind', () => {
  const pods = fieldVariationPods();
  test.each(LEVELS)('policy and audit agree rule by rule at %s', (level) => {
    const differential = differentialAt(level, 'latest');
    const problems: string[] = [];
    const found = new Map<string, number>();
    let compared = 0;
    for (const pod of pods) {
      for (const [kind, document] of [
        ['Pod', pod] as const,
        ...Object.entries(WORKLOAD_WRAPPERS).map(([k, wrap]) => [k, wrap(pod)] as const),
      ]) {
        compared++;
        for (const rule of differential.auditFindings(document).keys())
          found.set(rule, (found.get(rule) ?? 0) + 1);
        problems.push(
          ...describeDisagreements(`${pod.metadata?.name ?? ''} as ${kind}`, differential.compare(document)),
        );
      }
    }
    const rules = ['no-root-group', 'projected-service-account-token', 'seccomp-profile-generated'];
    counts.push(
      `variations at ${level}: ${compared} documents, ${problems.length} disagreements; audit findings ` +
        rules.map((rule) => `${rule} ${found.get(rule) ?? 0}`).join(', '),
    );
    expect(problems).toEqual([]);
    // The comparison covers refusals, not only admissions (the rules are hardened only).
    const hardened = level === 'hardened';
    expect(found.get('no-root-group') ?? 0).toBeGreaterThanOrEqual(hardened ? 100 : 0);
    expect(found.get('projected-service-account-token') ?? 0).toBeGreaterThanOrEqual(hardened ? 10 : 0);
    expect(found.get('seccomp-profile-generated') ?? 0).toBeGreaterThanOrEqual(hardened ? 10 : 0);
  });
});

describe('the differential bites', () => {
  test('a policy whose privileged check always passes disagrees with the audit on a privileged pod', () => {
    const differential = new Differential('baseline', LATEST_PSS_VERSION);
    const privilegedPod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'app', image: 'app:1', securityContext: { privileged: true } }] },
    };
    expect(differential.compare(privilegedPod)).toEqual([]);
    const sabotaged = new Differential('baseline', LATEST_PSS_VERSION);
    const policy = sabotaged.set.objects.find((o) => o.kind === 'ValidatingAdmissionPolicy') as {
      spec: { validations: { expression: string; message: string }[] };
    };
    const validation = policy.spec.validations.find((v) => v.message.startsWith('privileged:'));
    if (validation === undefined) throw new Error('no privileged validation');
    validation.expression = 'true';
    const rebuilt = new Differential('baseline', LATEST_PSS_VERSION, false, sabotaged.set);
    expect(rebuilt.compare(privilegedPod)).toEqual([
      expect.objectContaining({ rule: 'privileged', policy: 'admitted' }),
    ]);
  });
});
