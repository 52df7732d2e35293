import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ResolvedAudit } from '../../src/audit';
import { evaluateWorkload, resolveAudit, workloadsFromManifest } from '../../src/audit';
import type { PssVersion } from '../../src/rules';
import { findRule, formatPssVersion, LATEST_PSS_VERSION } from '../../src/rules';
import { CONFORMANCE_DIR, conformanceUnavailable } from './conformance-dir';
import type { KyvernoDisagreement, KyvernoSource } from './kyverno-disagreements';
import { KYVERNO_DISAGREEMENTS } from './kyverno-disagreements';
import type { KyvernoMirror } from './kyverno-mirrors';
import { KYVERNO_MIRRORS, KYVERNO_NOT_PSS } from './kyverno-mirrors';

/**
 * The Kyverno pod-security policy tests (shared/conformance/kyverno), run against the rule that
 * mirrors each policy: every kyverno-test.yaml result and every chainsaw good/bad object.
 */

/** Before the Pod Security changes Kyverno lacks (Windows exemptions of 1.25 and everything later). */
const KYVERNO_CLOSEST_VERSION: PssVersion = { major: 1, minor: 24 };

interface KyvernoCase {
  readonly policy: string;
  readonly source: KyvernoSource;
  /** The Kyverno rule, for kyverno-test results; chainsaw objects face the whole policy. */
  readonly kyvernoRule?: string;
  readonly kind: string;
  readonly name: string;
  readonly expected: 'pass' | 'fail';
  readonly document: unknown;
}

interface KyvernoResult {
  readonly kind: string;
  readonly rule: string;
  readonly result: string;
  readonly resources: readonly string[];
}

function documents(file: string): { kind?: string; metadata?: { name?: string } }[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as unknown)
    .filter(
      (doc): doc is { kind?: string; metadata?: { name?: string } } =>
        doc !== null && typeof doc === 'object',
    );
}

function loadCases(mirror: KyvernoMirror): KyvernoCase[] {
  const dir = path.join(CONFORMANCE_DIR, 'kyverno', mirror.level, mirror.policy);
  const resources = documents(path.join(dir, 'resource.yaml'));
  const [test] = documents(path.join(dir, 'kyverno-test.yaml')) as { results?: KyvernoResult[] }[];
  const cases: KyvernoCase[] = [];
  for (const result of test?.results ?? []) {
    if (result.result !== 'pass' && result.result !== 'fail')
      throw new Error(`${mirror.policy}: unexpected result ${result.result}`);
    for (const name of result.resources) {
      const document = resources.find((doc) => doc.kind === result.kind && doc.metadata?.name === name);
      if (document === undefined)
        throw new Error(`${mirror.policy}: ${result.kind}/${name} is not in resource.yaml`);
      cases.push({
        policy: mirror.policy,
        source: 'kyverno-test',
        kyvernoRule: result.rule,
        kind: result.kind,
        name,
        expected: result.result,
        document,
      });
    }
  }
  for (const file of ['pod-good', 'pod-bad', 'podcontroller-good', 'podcontroller-bad'] as const) {
    for (const document of documents(path.join(dir, 'chainsaw', `${file}.yaml`))) {
      cases.push({
        policy: mirror.policy,
        source: `chainsaw/${file}`,
        kind: document.kind ?? '<no kind>',
        name: document.metadata?.name ?? '<no name>',
        expected: file.endsWith('bad') ? 'fail' : 'pass',
        document,
      });
    }
  }
  return cases;
}

/** Our verdict on a case: fail when the mirrored rule (or the part of it the Kyverno rule covers) finds anything. */
function verdict(mirror: KyvernoMirror, kyvernoCase: KyvernoCase, audit: ResolvedAudit): 'pass' | 'fail' {
  const { workloads, problems } = workloadsFromManifest(kyvernoCase.document);
  if (problems.length > 0 || workloads.length !== 1)
    throw new Error(`${kyvernoCase.policy} ${kyvernoCase.kind}/${kyvernoCase.name}: expected one workload`);
  const select =
    kyvernoCase.kyvernoRule === undefined ? undefined : mirror.findingsOf?.[kyvernoCase.kyvernoRule];
  const findings = workloads
    .flatMap((workload) => evaluateWorkload(workload, audit))
    .filter((finding) => select === undefined || select(finding.message));
  return findings.length > 0 ? 'fail' : 'pass';
}

function isReviewed(kyvernoCase: KyvernoCase, version: PssVersion): KyvernoDisagreement | undefined {
  return KYVERNO_DISAGREEMENTS.find(
    (d) =>
      d.policy === kyvernoCase.policy &&
      d.source === kyvernoCase.source &&
      d.kind === kyvernoCase.kind &&
      d.name === kyvernoCase.name &&
      d.kyverno === kyvernoCase.expected &&
      version.minor >= d.since.minor,
  );
}

const unavailable = conformanceUnavailable('kyverno');

if (unavailable !== undefined) {
  describe('Kyverno pod-security policies (unavailable)', () => {
    test(`are skipped: ${unavailable}`, () => {
      console.warn(unavailable);
      expect(unavailable).toContain('not found');
    });
  });
} else {
  const cases = new Map(KYVERNO_MIRRORS.map((mirror) => [mirror, loadCases(mirror)]));
  const allCases = [...cases.values()].flat();

  describe('Kyverno pod-security policies', () => {
    test('every policy directory is mirrored by a rule or excluded with a reason', () => {
      const present = ['baseline', 'restricted'].flatMap((level) =>
        readdirSync(path.join(CONFORMANCE_DIR, 'kyverno', level)),
      );
      const accounted = [...KYVERNO_MIRRORS.map((m) => m.policy), ...Object.keys(KYVERNO_NOT_PSS)];
      expect(present.sort()).toEqual(accounted.sort());
      for (const mirror of KYVERNO_MIRRORS) {
        expect(findRule(mirror.ruleId)?.pssCheck).toBeTruthy();
        expect(existsSync(path.join(CONFORMANCE_DIR, 'kyverno', mirror.level, mirror.policy))).toBe(true);
      }
    });

    test('every policy with several kyverno-test rules has a finding selector for each', () => {
      const missing = [...cases].flatMap(([mirror, list]) => {
        const kyvernoRules = [...new Set(list.flatMap((c) => c.kyvernoRule ?? []))].sort();
        const selectors = Object.keys(mirror.findingsOf ?? {}).sort();
        return kyvernoRules.length > 1 && kyvernoRules.join() !== selectors.join() ? [mirror.policy] : [];
      });
      expect(missing).toEqual([]);
    });

    describe.each([
      ['closest to Kyverno', KYVERNO_CLOSEST_VERSION],
      ['latest', LATEST_PSS_VERSION],
    ] as const)('at the version %s', (_label, version) => {
      const counts = { agree: 0, reviewed: 0 };
      afterAll(() => {
        const count = (source: string) => allCases.filter((c) => c.source.startsWith(source)).length;
        console.log(
          `Kyverno conformance at ${formatPssVersion(version)}: ${KYVERNO_MIRRORS.length} policies, ` +
            `${allCases.length} cases (${count('kyverno-test')} kyverno-test results, ${count('chainsaw')} chainsaw objects): ` +
            `${counts.agree} agree, ${counts.reviewed} reviewed disagreements`,
        );
      });

      test.each(KYVERNO_MIRRORS.map((m) => [m.policy, m] as const))('%s', (_policy, mirror) => {
        const rule = findRule(mirror.ruleId);
        if (rule === undefined) throw new Error(`no rule ${mirror.ruleId}`);
        const audit = resolveAudit({ level: 'restricted', pssVersion: version, rules: [rule] });
        const unexpected: string[] = [];
        for (const kyvernoCase of cases.get(mirror) ?? []) {
          const ours = verdict(mirror, kyvernoCase, audit);
          const reviewed = isReviewed(kyvernoCase, version);
          const where = `${kyvernoCase.source} ${kyvernoCase.kind}/${kyvernoCase.name}${kyvernoCase.kyvernoRule ? ` (${kyvernoCase.kyvernoRule})` : ''}`;
          if (ours === kyvernoCase.expected) {
            if (reviewed) unexpected.push(`${where}: listed as a disagreement, but we agree with Kyverno`);
            else counts.agree++;
          } else if (reviewed) {
            counts.reviewed++;
          } else {
            unexpected.push(`${where}: Kyverno expects ${kyvernoCase.expected}, we say ${ours}`);
          }
        }
        expect(unexpected).toEqual([]);
      });
    });

    test('every reviewed disagreement names a real case', () => {
      for (const d of KYVERNO_DISAGREEMENTS) {
        expect(
          allCases.some(
            (c) => c.policy === d.policy && c.source === d.source && c.kind === d.kind && c.name === d.name,
          ),
        ).toBe(true);
      }
    });
  });
}
