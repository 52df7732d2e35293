import * as path from 'node:path';
import type { Finding, ResolvedAudit } from '../../src/audit';
import { evaluateWorkload, resolveAudit, workloadsFromManifest } from '../../src/audit';
import type { PssCheckId } from '../../src/rules';
import { parsePssVersion } from '../../src/rules';
import { conformanceUnavailable } from './conformance-dir';
import type { PssFixture } from './pss-fixture-files';
import { pssFixtures } from './pss-fixture-files';
import { WORKLOAD_WRAPPERS } from './workload-wrappers';

/**
 * Every upstream Pod Security Admission fixture (shared/conformance/pss): each fail file must be
 * rejected at its level and version by the check its name names, each pass file admitted.
 */

/** A fixture file name prefix (the lower-cased check id) mapped to the checks that may reject it. */
const CHECKS_BY_PREFIX: Readonly<Record<string, readonly PssCheckId[]>> = {
  allowprivilegeescalation: ['allowPrivilegeEscalation'],
  apparmorprofile: ['appArmorProfile'],
  capabilities_baseline: ['capabilities_baseline', 'capabilities_restricted'],
  capabilities_restricted: ['capabilities_restricted'],
  hostnamespaces: ['hostNamespaces'],
  hostpathvolumes: ['hostPathVolumes', 'restrictedVolumes'],
  hostports: ['hostPorts'],
  hostprobesandhostlifecycle: ['hostProbesAndHostLifecycle'],
  privileged: ['privileged'],
  procmount: ['procMount', 'procMount_restricted'],
  restrictedvolumes: ['restrictedVolumes'],
  runasnonroot: ['runAsNonRoot'],
  runasuser: ['runAsUser'],
  seccompprofile_baseline: ['seccompProfile_baseline', 'seccompProfile_restricted'],
  seccompprofile_restricted: ['seccompProfile_restricted'],
  selinuxoptions: ['seLinuxOptions'],
  sysctls: ['sysctls'],
  windowshostprocess: ['windowsHostProcess'],
};

type Fixture = PssFixture;

function checksFor(file: string): readonly PssCheckId[] {
  const prefix = path.basename(file, '.yaml').replace(/\d+$/, '');
  const checks = CHECKS_BY_PREFIX[prefix];
  if (checks === undefined)
    throw new Error(`${file}: no check is mapped to the file name prefix "${prefix}"`);
  return checks;
}

function audit(document: unknown, resolved: ResolvedAudit): Finding[] {
  const { workloads, problems } = workloadsFromManifest(document);
  if (problems.length > 0 || workloads.length !== 1) {
    throw new Error(
      `expected one workload, got ${workloads.length}: ${problems.map((p) => p.message).join('; ')}`,
    );
  }
  return workloads.flatMap((workload) => evaluateWorkload(workload, resolved));
}

/** What is wrong with the verdict on one fixture, or undefined when it is right. */
function verdictProblem(fixture: Fixture, findings: readonly Finding[]): string | undefined {
  const violations = findings.filter((f) => f.status !== 'justified');
  const where = `${fixture.level}/${fixture.version}/${fixture.expect}/${path.basename(fixture.file)}`;
  if (fixture.expect === 'pass') {
    return violations.length === 0
      ? undefined
      : `${where} must be admitted, got: ${violations.map((v) => `${v.rule}: ${v.message}`).join('; ')}`;
  }
  const expected = checksFor(fixture.file);
  return violations.some((v) => v.pssCheck !== null && expected.includes(v.pssCheck))
    ? undefined
    : `${where} must be rejected by ${expected.join(' or ')}, got: ${violations.map((v) => v.rule).join(', ') || 'nothing'}`;
}

const unavailable = conformanceUnavailable('pss');

if (unavailable !== undefined) {
  describe('Pod Security Admission fixtures (unavailable)', () => {
    test(`are skipped: ${unavailable}`, () => {
      console.warn(unavailable);
      expect(unavailable).toContain('not found');
    });
  });
} else {
  const fixtures = pssFixtures();
  const now = new Date('2026-01-01T00:00:00Z');
  const audits = new Map<string, ResolvedAudit>();
  const auditFor = (fixture: Fixture): ResolvedAudit => {
    const key = `${fixture.level}@${fixture.version}`;
    let resolved = audits.get(key);
    if (resolved === undefined) {
      const pssVersion = parsePssVersion(fixture.version);
      if (pssVersion === undefined) throw new Error(`${fixture.file}: unreadable version directory`);
      resolved = resolveAudit({ level: fixture.level, pssVersion, now });
      audits.set(key, resolved);
    }
    return resolved;
  };

  describe('Pod Security Admission fixtures', () => {
    afterAll(() => {
      const count = (expect: string) => fixtures.filter((f) => f.expect === expect).length;
      console.log(
        `PSS conformance: ${fixtures.length} fixtures (${count('fail')} fail, ${count('pass')} pass), ` +
          `each also wrapped as ${Object.keys(WORKLOAD_WRAPPERS).join(', ')}: ` +
          `${fixtures.length * (1 + Object.keys(WORKLOAD_WRAPPERS).length)} verdicts`,
      );
    });

    test('cover both levels and both copied versions', () => {
      const dirs = new Set(fixtures.map((f) => `${f.level}/${f.version}/${f.expect}`));
      expect([...dirs].sort()).toEqual(
        ['baseline', 'restricted'].flatMap((l) =>
          ['v1.28', 'v1.30'].flatMap((v) => [`${l}/${v}/fail`, `${l}/${v}/pass`]),
        ),
      );
      expect(fixtures.length).toBeGreaterThanOrEqual(254);
    });

    test('every bare Pod gets the upstream verdict from the check it names', () => {
      const problems = fixtures.flatMap((f) => verdictProblem(f, audit(f.pod, auditFor(f))) ?? []);
      expect(problems).toEqual([]);
    });

    test.each(Object.keys(WORKLOAD_WRAPPERS))(
      'every fixture wrapped in a %s gets the same verdict',
      (kind) => {
        const wrap = WORKLOAD_WRAPPERS[kind];
        if (wrap === undefined) throw new Error(kind);
        const problems = fixtures.flatMap((f) => verdictProblem(f, audit(wrap(f.pod), auditFor(f))) ?? []);
        expect(problems).toEqual([]);
      },
    );

    test('rejects every fail fixture with a violation path inside the pod spec', () => {
      const wrap = WORKLOAD_WRAPPERS.CronJob;
      if (wrap === undefined) throw new Error('CronJob');
      for (const f of fixtures.filter((x) => x.expect === 'fail')) {
        const violations = audit(wrap(f.pod), auditFor(f)).filter((v) => v.status === 'violation');
        expect(violations.length).toBeGreaterThan(0);
        for (const v of violations)
          expect(v.path).toMatch(/^spec\.jobTemplate\.spec\.template\.(spec|metadata)\./);
      }
    });
  });
}
