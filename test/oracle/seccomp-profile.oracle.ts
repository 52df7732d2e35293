/**
 * Differential tier: the seccomp profile judgement (src/posture/seccomp-profile-judgement.ts)
 * against the real readers. For generated profile texts (default actions and syscall lists under
 * keys in several cases and escapes, repeated, with nulls and values of the wrong type), Go's
 * encoding/json decodes the text as written (what docker run and Compose v2 hand the engine) and the
 * text Debian's Compose v1 hands the engine after its own SecurityOpt.parse; the judgement must give
 * the worse of the two verdicts, and the content it gives Pulumi Docker's engine must decode to the
 * default action it judged.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import type { SeccompProfileJudgement } from '../../src/posture/seccomp-profile-judgement';
import {
  DENYING_SECCOMP_ACTIONS,
  PERMITTING_SECCOMP_ACTIONS,
  judgeSeccompProfile,
} from '../../src/posture/seccomp-profile-judgement';

const CASES = Number(process.env.SECCOMP_ORACLE_CASES ?? 2000);
const SEED = Number(process.env.SECCOMP_ORACLE_SEED ?? 20261202);
const PYTHON = '/usr/bin/python3';

/** What Go's decoder kept, as test/oracle/seccomp-decoder prints it. */
interface GoDecoding {
  readonly valid: boolean;
  readonly error: string;
  readonly defaultAction: string;
  readonly rules: number;
}

const actionKey = fc.constantFrom(
  '"defaultAction"',
  '"DefaultAction"',
  '"DEFAULTACTION"',
  '"defaultaction"',
  '"default\\u0041ction"',
  '"defaultAction "',
  '"defaultActi\\u00f6n"',
);
const syscallsKey = fc.constantFrom(
  '"syscalls"',
  '"Syscalls"',
  '"SYSCALLS"',
  '"\\u017fyscalls"',
  '"\u017fyscalls"',
  '"syscall"',
);
const actionValue = fc.constantFrom(
  '"SCMP_ACT_ERRNO"',
  '"SCMP_ACT_KILL_PROCESS"',
  '"SCMP_ACT_ALLOW"',
  '"SCMP_ACT_LOG"',
  '"SCMP_ACT_NOTIFY"',
  '"scmp_act_errno"',
  '""',
  'null',
  '1',
  '[]',
);
const syscallsValue = fc.constantFrom(
  '[]',
  'null',
  '[{}]',
  '[{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO"}]',
  '{}',
  '"x"',
);
const member = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(actionKey, actionValue) },
  { weight: 3, arbitrary: fc.tuple(syscallsKey, syscallsValue) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant('"comment"'),
      fc.constantFrom('"a,b:}"', '{"defaultAction": "SCMP_ACT_ALLOW"}'),
    ),
  },
);
const profileText = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .array(member, { maxLength: 5 })
      .map((members) => `{${members.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('null', '[]', '"SCMP_ACT_ERRNO"', '{"defaultAction": NaN}', '') },
);

function decoderPath(): string {
  const path = process.env.ORACLE_SECCOMP_DECODER;
  if (path === undefined || path === '') {
    throw new Error('ORACLE_SECCOMP_DECODER is not set: run this tier with bash test/oracle/run.sh');
  }
  return path;
}

// One JSON text per line in, one JSON answer per line out: how both oracle programs are driven.
function answersOf<T>(
  command: string,
  args: readonly string[],
  texts: readonly string[],
  env?: NodeJS.ProcessEnv,
): T[] {
  const run = spawnSync(command, args, {
    input: texts.map((t) => JSON.stringify(t)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...(env !== undefined && { env }),
  });
  if (run.error !== undefined) throw run.error;
  expect(run.stderr).toBe('');
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

function decodeWithGo(texts: readonly string[]): GoDecoding[] {
  return answersOf<GoDecoding>(decoderPath(), [], texts);
}

// Compose v1's own reading (compose.config.types.SecurityOpt.parse): the file read with Python's
// json and written again; what it hands the engine, or its refusal.
const V1_DRIVER = `
import json, os, sys, tempfile
from compose.config.types import SecurityOpt
directory = tempfile.mkdtemp()
path = os.path.join(directory, "profile.json")
for line in sys.stdin:
    with open(path, "w") as f:
        f.write(json.loads(line))
    try:
        answer = {"value": SecurityOpt.parse("seccomp=" + path).value[len("seccomp="):]}
    except Exception as error:
        answer = {"error": str(error)}
    sys.stdout.write(json.dumps(answer) + "\\n")
`;

function composeV1Texts(texts: readonly string[]): ({ value: string } | { error: string })[] {
  return answersOf(PYTHON, ['-c', V1_DRIVER], texts, { PATH: '/usr/bin:/bin' });
}

type Verdict = SeccompProfileJudgement['verdict'];

/** The engine's verdict from what Go decoded: moby's and runc's rules, written out independently. */
function engineVerdict(decoded: GoDecoding): Verdict {
  if (!decoded.valid || decoded.error !== '') return 'refused';
  if (decoded.defaultAction === '') return 'unconfined';
  if (PERMITTING_SECCOMP_ACTIONS.includes(decoded.defaultAction)) return 'unconfined';
  return DENYING_SECCOMP_ACTIONS.includes(decoded.defaultAction) ? 'denies' : 'refused';
}

const worse = (a: Verdict, b: Verdict): Verdict =>
  a === 'unconfined' || b === 'unconfined'
    ? 'unconfined'
    : a === 'refused' || b === 'refused'
      ? 'refused'
      : 'denies';

describe("Seccomp profile oracle: the judgement is the engine's, from docker run, Compose v2 and Compose v1", () => {
  test(`${CASES} generated profiles (seed ${SEED})`, () => {
    if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: the tier script installs docker-compose`);
    const texts = fc.sample(profileText, { numRuns: CASES, seed: SEED });
    const asWritten = decodeWithGo(texts);
    const v1 = composeV1Texts(texts);
    const v1Decoded = decodeWithGo(v1.map((answer) => ('value' in answer ? answer.value : '')));
    const judged = texts.map(judgeSeccompProfile);
    const contents = judged.map((j) => (j.verdict === 'denies' ? j.dockerContent : '{}'));
    const contentDecoded = decodeWithGo(contents);

    const disagreements: string[] = [];
    const tally = new Map<string, number>();
    texts.forEach((text, index) => {
      const written = engineVerdict(asWritten[index]!);
      const v1Answer = v1[index]!;
      const byV1 = 'error' in v1Answer ? 'refused' : engineVerdict(v1Decoded[index]!);
      const expected = worse(written, byV1);
      const judgement = judged[index]!;
      const key = `${written}/${byV1}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      if (judgement.verdict !== expected) {
        disagreements.push(
          `${JSON.stringify(text)}: judged ${judgement.verdict}, engine ${written} (v2), ${byV1} (v1)`,
        );
      } else if (
        judgement.verdict === 'denies' &&
        contentDecoded[index]!.defaultAction !== judgement.defaultAction
      ) {
        disagreements.push(
          `${JSON.stringify(text)}: the engine would read its content as ${contentDecoded[index]!.defaultAction}`,
        );
      }
    });
    process.stdout.write(
      `seccomp oracle: ${texts.length} profiles, (as written / as Compose v1 writes it): ${JSON.stringify([...tally].sort())}\n`,
    );
    expect(disagreements.slice(0, 20)).toEqual([]);
    // Every class is reached, and the two Compose readings differ somewhere: else the tier proves little.
    for (const key of ['denies/denies', 'unconfined/unconfined', 'refused/refused', 'denies/unconfined'])
      expect(tally.get(key) ?? 0).toBeGreaterThan(0);
  });

  test("the decoder is the engine's: a re-cased key overrides, a null leaves the string", () => {
    expect(
      decodeWithGo([
        '{"defaultAction": "SCMP_ACT_ERRNO", "DefaultAction": "SCMP_ACT_ALLOW"}',
        '{"defaultAction": "SCMP_ACT_ERRNO", "defaultAction": null}',
      ]),
    ).toEqual([
      { valid: true, error: '', defaultAction: 'SCMP_ACT_ALLOW', rules: 0 },
      { valid: true, error: '', defaultAction: 'SCMP_ACT_ERRNO', rules: 0 },
    ]);
  });
});
