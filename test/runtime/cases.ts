/* eslint-disable jest/no-export -- the shared case harness: *.runtime.ts files import it to declare tests */
/**
 * One runtime case = one input (inputs.ts), one engine, the posture it must show from inside, and
 * the negative controls that prove each check can fail. `describeRuntimeCase` turns a case into
 * jest tests and report rows.
 */
import type { InputSource } from './input-source';
import { labEnv } from './lab-env';
import {
  assertPosture,
  formatCaps,
  checkPosture,
  PostureViolation,
  type CheckResult,
  type ControlKind,
  type PostureExpectation,
} from './probe';
import { recordNote, recordRows, type Method, type ReportRow } from './report';
import type { DeclaredPaths, ProbeRun } from './runners';
import type { StaticControl } from './static-controls';
import { auditOutcome, staticOutcome, type StaticOutcome } from './static-outcomes';

/** The posture of the design doc, as numbers. */
export const POSTURE_UID = 10001;
export const POSTURE_GID = 10001;
/** Paths every hardened workload must be able to write (declared as tmpfs/emptyDir). */
export const REQUIRED_WRITABLE = ['/tmp'] as const;

/**
 * A variant of the case's input missing a setting (derived from the input itself, so that it
 * differs in that one thing); the named checks must fail on it.
 */
export interface NegativeControl<I> {
  readonly name: string;
  readonly bites: readonly ControlKind[];
  readonly make: (input: I) => I;
  /** Audit rules that must report this variant (cases with an `audit`). @default - not audited */
  readonly auditRules?: readonly string[];
}

/** A variant that only the audit reads: a setting no engine here acts on (e.g. a justification). */
export interface AuditNegative<I> {
  readonly name: string;
  readonly make: (input: I) => I;
  readonly auditRules: readonly string[];
}

/** The project's audit applied to the case's input as a file, at the hardened level. */
export interface CaseAudit<I> {
  /** The file the audit reads: the Compose file, the manifest. */
  readonly text: (input: I) => string;
  /** How the row names it, e.g. "hardened-workloads audit of the generated Compose file". */
  readonly control: string;
  /** @default - none */
  readonly auditOnlyNegatives?: readonly AuditNegative<I>[];
}

export interface RuntimeCaseSpec<I> {
  /** Sorts the report; short, unique. */
  readonly id: string;
  readonly title: string;
  readonly method: Exclude<Method, 'static only'>;
  readonly input: InputSource<I>;
  readonly probe: (label: string, input: I, extraPaths: readonly string[]) => Promise<ProbeRun>;
  readonly expectation: (declared: DeclaredPaths) => PostureExpectation;
  /** The checks this case is about (default: all). */
  readonly checks?: readonly ControlKind[];
  readonly negatives: readonly NegativeControl<I>[];
  readonly notes?: readonly string[];
  /** How many negative-control containers run at once (the engine must cope). @default 1 */
  readonly parallel?: number;
  /** The audit verdict on the input, with the negatives that carry `auditRules`. @default - none */
  readonly audit?: CaseAudit<I>;
  /** Controls the engine ignores, checked on the input itself (reported as static only). @default - none */
  readonly staticControls?: readonly StaticControl<I>[];
}

/** The default posture's expectation with the given capability sets and :80 outcome. */
export function hardenedExpectation(
  declared: DeclaredPaths,
  caps: { readonly capEff: bigint; readonly capBnd: bigint; readonly canBindPort80: boolean },
): PostureExpectation {
  return {
    uid: POSTURE_UID,
    gid: POSTURE_GID,
    capEff: caps.capEff,
    capBnd: caps.capBnd,
    noNewPrivs: true,
    seccompFilter: true,
    rootReadOnly: true,
    writablePaths: [...new Set([...REQUIRED_WRITABLE, ...declared.writable])],
    readOnlyPaths: declared.readOnly,
    canBindPort80: caps.canBindPort80,
  };
}

/** Maps `items` through `work`, at most `size` at a time, keeping the order; the first failure rejects. */
async function inPool<T, R>(size: number, items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
  return results;
}

/** How one check fared on the negative controls meant to make it fail. */
interface Bite {
  readonly name: string;
  readonly result: CheckResult | undefined;
}

function negativeText(bites: readonly Bite[]): string {
  if (bites.length === 0) return 'NONE: no negative control targets this check';
  return bites
    .map((b) =>
      b.result === undefined
        ? `${b.name}: not checked`
        : `${b.name}: ${b.result.observed}${b.result.pass ? ' (DID NOT FAIL)' : ''}`,
    )
    .join('; ');
}

export function describeRuntimeCase<I>(spec: RuntimeCaseSpec<I>): void {
  const only = spec.checks;
  const relevant = (rs: readonly CheckResult[]): CheckResult[] =>
    only === undefined ? [...rs] : rs.filter((r) => only.includes(r.kind));

  describe(`${spec.title} [${spec.method}]`, () => {
    let input: I;
    let hardened: ProbeRun;
    let expectation: PostureExpectation;
    const negatives = new Map<string, ProbeRun>();
    let staticResults: StaticOutcome[] = [];
    let setupError: Error | undefined;

    beforeAll(async () => {
      const started = Date.now();
      try {
        input = await spec.input.load();
        hardened = await spec.probe(spec.id, input, []);
        expectation = spec.expectation(hardened.declared);
        const paths = [...expectation.writablePaths, ...expectation.readOnlyPaths];
        const runs = await inPool(spec.parallel ?? 1, spec.negatives, (n) =>
          spec.probe(`${spec.id}-neg`, n.make(input), paths),
        );
        spec.negatives.forEach((n, i) => negatives.set(n.name, runs[i]!));
      } catch (e) {
        setupError = e instanceof Error ? e : new Error(`case setup failed: ${JSON.stringify(e)}`);
        recordRows([
          {
            caseId: spec.id,
            caseTitle: spec.title,
            inputSource: spec.input.source,
            control: 'case could not run',
            method: spec.method,
            expected: 'a container probed',
            observed: e instanceof Error ? e.message.split('\n')[0]! : String(e),
            negative: '',
            result: 'FAIL',
          },
        ]);
        throw e;
      }
      const results = relevant(checkPosture(hardened.observation, expectation));
      const rows: ReportRow[] = results.map((r) => {
        const bites: Bite[] = spec.negatives
          .filter((n) => n.bites.includes(r.kind))
          .map((n) => ({
            name: n.name,
            result: checkPosture(negatives.get(n.name)!.observation, expectation).find(
              (x) => x.control === r.control,
            ),
          }));
        const bitten = bites.length > 0 && bites.every((b) => b.result !== undefined && !b.result.pass);
        return {
          caseId: spec.id,
          caseTitle: spec.title,
          inputSource: spec.input.source,
          control: r.control,
          method: spec.method,
          expected: r.expected,
          observed: r.observed,
          negative: negativeText(bites),
          result: r.pass && bitten ? 'PASS' : 'FAIL',
        };
      });
      staticResults = [
        ...(spec.audit === undefined ? [] : [auditOutcome(spec.audit, spec.negatives, input)]),
        ...(spec.staticControls ?? []).map((c) => staticOutcome(c, input)),
      ];
      for (const o of staticResults) {
        rows.push({
          caseId: spec.id,
          caseTitle: spec.title,
          inputSource: spec.input.source,
          control: o.control,
          method: 'static only',
          via: o.via,
          expected: o.expected,
          observed: o.observed,
          negative: o.negative,
          result: o.pass ? 'PASS' : 'FAIL',
        });
      }
      recordNote({
        caseId: spec.id,
        caseTitle: spec.title,
        inputSource: spec.input.source,
        lines: [
          ...(spec.notes ?? []),
          `Run: \`${hardened.commands.map(stable).join('` then `')}\` (\`$PROBE\` is PROBE_SCRIPT of probe.ts)`,
          `Changed to run the probe here: ${hardened.substitutions.map(stable).join('; ')}.`,
          `Also observed: CapPrm ${formatCaps(hardened.observation.capPrm)}, CapAmb ${formatCaps(hardened.observation.capAmb)}, groups ${hardened.observation.groups.join(' ')}.`,
          `Negative controls: ${spec.negatives.map((n) => `${n.name} (targets ${n.bites.join(', ')})`).join('; ')}.`,
          `Time: ${spec.negatives.length + 1} containers in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        ],
      });
      recordRows(rows);
    });

    /** The run's unique name and the lab directory, shown stably in the report. */
    const stable = (text: string): string =>
      text.split(hardened.name).join('<name>').split(labEnv().dir).join('$RUNTIME_LAB_DIR');

    const ready = (): void => {
      if (setupError !== undefined) throw setupError;
    };

    test('the posture holds inside the container', () => {
      ready();
      const failed = relevant(checkPosture(hardened.observation, expectation)).filter((r) => !r.pass);
      if (failed.length > 0)
        throw new PostureViolation(`${spec.id} (${hardened.commands.join(' ; ')})`, failed);
      expect(failed).toEqual([]);
    });

    test.each(spec.negatives.map((n) => [n.name, n] as const))(
      'negative control "%s" fails every check it targets',
      (_name, n) => {
        ready();
        const results = checkPosture(negatives.get(n.name)!.observation, expectation);
        for (const kind of n.bites) {
          const ofKind = results.filter((r) => r.kind === kind);
          expect({ kind, checked: ofKind.length > 0 }).toEqual({ kind, checked: true });
          expect(ofKind.filter((r) => r.pass)).toEqual([]);
        }
        // The suite's own assertion must refuse the control too.
        const obs = negatives.get(n.name)!.observation;
        expect(() => assertPosture(n.name, obs, expectation)).toThrow(PostureViolation);
      },
    );

    test('every check of the case is targeted by a negative control', () => {
      ready();
      const targeted = new Set(spec.negatives.flatMap((n) => n.bites));
      const untargeted = relevant(checkPosture(hardened.observation, expectation))
        .map((r) => r.kind)
        .filter((k) => !targeted.has(k));
      expect(untargeted).toEqual([]);
    });

    if (spec.audit !== undefined) {
      test('the hardened-workloads audit passes the input and reports every audited negative control', () => {
        ready();
        const verdict = staticResults.find((o) => o.control === spec.audit?.control);
        expect(verdict).toMatchObject({ pass: true });
      });
    }

    if (spec.staticControls !== undefined) {
      test('controls the engine ignores hold statically, and fail on their negative controls', () => {
        ready();
        const own = new Set(spec.staticControls?.map((c) => c.control));
        expect(staticResults.filter((o) => own.has(o.control) && !o.pass)).toEqual([]);
      });
    }
  });
}
