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
  checkPosture,
  PostureViolation,
  type CheckResult,
  type ControlKind,
  type PostureExpectation,
} from './probe';
import { recordNote, recordRows, type Method, type ReportRow } from './report';
import type { DeclaredPaths, ProbeRun } from './runners';
import type { StaticCheck } from './static-checks';

/** The posture of the design doc, as numbers. */
export const POSTURE_UID = 10001;
export const POSTURE_GID = 10001;
/** Paths every hardened workload must be able to write (declared as tmpfs/emptyDir). */
export const REQUIRED_WRITABLE = ['/tmp'] as const;

/** A variant of the case's input missing one or more settings; the named checks must fail on it. */
export interface NegativeControl<I> {
  readonly name: string;
  readonly bites: readonly ControlKind[];
  readonly make: (input: I) => I;
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
  /** Controls the engine ignores, checked on the input itself (reported as static only). */
  readonly staticChecks?: {
    readonly check: (input: I) => StaticCheck[];
    readonly negative: NegativeControl<I>;
  };
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
    let setupError: Error | undefined;

    beforeAll(async () => {
      try {
        input = await spec.input.load();
        hardened = await spec.probe(spec.id, input, []);
        expectation = spec.expectation(hardened.declared);
        const paths = [...expectation.writablePaths, ...expectation.readOnlyPaths];
        for (const n of spec.negatives)
          negatives.set(n.name, await spec.probe(`${spec.id}-neg`, n.make(input), paths));
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
      if (spec.staticChecks !== undefined) {
        const negInput = spec.staticChecks.negative.make(input);
        const neg = spec.staticChecks.check(negInput);
        for (const s of spec.staticChecks.check(input)) {
          const n = neg.find((x) => x.control === s.control);
          rows.push({
            caseId: spec.id,
            caseTitle: spec.title,
            inputSource: spec.input.source,
            control: s.control,
            method: 'static only',
            expected: s.expected,
            observed: s.observed,
            negative: `${spec.staticChecks.negative.name}: ${n?.observed ?? 'not checked'}${n?.pass === false ? '' : ' (DID NOT FAIL)'}`,
            result: s.pass && n?.pass === false ? 'PASS' : 'FAIL',
          });
        }
      }
      recordNote({
        caseId: spec.id,
        caseTitle: spec.title,
        inputSource: spec.input.source,
        lines: [
          ...(spec.notes ?? []),
          `Run: \`${hardened.commands.map(stable).join('` then `')}\` (\`$PROBE\` is PROBE_SCRIPT of probe.ts)`,
          `Changed to run the probe here: ${hardened.substitutions.map(stable).join('; ')}.`,
          `Negative controls: ${spec.negatives.map((n) => `${n.name} (targets ${n.bites.join(', ')})`).join('; ')}.`,
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

    const unhardened = spec.negatives.find((n) => n.name === UNHARDENED);
    if (unhardened !== undefined) {
      test("the harness's own assertion fails on the unhardened container", () => {
        ready();
        const obs = negatives.get(UNHARDENED)!.observation;
        expect(() => assertPosture(spec.id, obs, expectation)).toThrow(PostureViolation);
      });
    }

    if (spec.staticChecks !== undefined) {
      const sc = spec.staticChecks;
      test('controls the engine ignores hold statically, and fail on the negative control', () => {
        ready();
        expect(sc.check(input).filter((s) => !s.pass)).toEqual([]);
        expect(sc.check(sc.negative.make(input)).filter((s) => s.pass)).toEqual([]);
      });
    }
  });
}

/** The name of the negative control that keeps only the image (root, default everything). */
export const UNHARDENED = 'unhardened';
