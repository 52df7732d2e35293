import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from '../../bench/harness/prng';
import { firstDifference } from '../../src/audit/kubectl-decoder-reading';
import { readOnFastPath } from '../../src/audit/read-file';
import { OUTSIDE_MUTATIONS, generateInSubset, randomEdit } from './generate';
import { readNatively } from './native-decoder';

/*
 * The proof of the fast path (issue 27 item 3): on every input, generated or mutated, when the
 * audit's fast path reads a file it must read exactly what kubectl's decoder reads (the native
 * build of go/kubernetes-reader: same modules, same versions as the shipped WebAssembly), and the
 * decoder must not refuse it. Inputs are a function of FUZZ_SEED and their index: a failure prints
 * both, and FUZZ_SEED=<seed> FUZZ_ONLY=<index> replays that one input.
 */

const NATIVE = process.env.FUZZ_KUBERNETES_READER ?? '';
const COUNT = Number(process.env.FUZZ_COUNT ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);
const BATCH = 5_000;

/** Mutation classes whose every input is outside the subset, wherever the mutation lands. */
const ALWAYS_OUTSIDE = new Set(['tab', 'escape', 'directive', 'documentEnd', 'mergeKey']);

type Origin = 'generated' | 'real-world seed' | `outside: ${string}` | 'random edit';

interface FuzzInput {
  readonly index: number;
  readonly origin: Origin;
  readonly text: string;
}

const ROOT = join(__dirname, '..', '..');
/** Real-world files as mutation seeds: every YAML manifest in the repository, cut into documents. */
const REAL_WORLD: readonly string[] = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((path) => path !== '' && !path.includes('compose') && !path.startsWith('.github'))
  .flatMap((path) => readFileSync(join(ROOT, path), 'utf8').split(/^---.*$/m))
  .filter((document) => document.trim() !== '' && document.length < 20_000);

function input(index: number): FuzzInput {
  const rng = new Prng((SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const roll = rng.next();
  const mutationNames = Object.keys(OUTSIDE_MUTATIONS);
  let origin: Origin;
  let text: string;
  if (roll < 0.4) {
    origin = 'generated';
    text = generateInSubset(rng);
  } else if (roll < 0.7) {
    const name = rng.pick(mutationNames);
    origin = `outside: ${name}`;
    const seed = rng.chance(0.8) || REAL_WORLD.length === 0 ? generateInSubset(rng) : rng.pick(REAL_WORLD);
    text = (OUTSIDE_MUTATIONS[name] as (t: string, r: Prng) => string)(seed, rng);
  } else if (roll < 0.85) {
    origin = 'random edit';
    text = generateInSubset(rng);
    for (let edits = rng.int(1, 3); edits > 0; edits--) text = randomEdit(text, rng);
  } else {
    origin = 'real-world seed';
    text = REAL_WORLD.length === 0 ? generateInSubset(rng) : rng.pick(REAL_WORLD);
    if (rng.chance(0.7)) text = randomEdit(text, rng);
  }
  // Files are UTF-8: a cut through a surrogate pair cannot occur in one.
  return { index, origin, text: wellFormed(text) };
}

// A lone surrogate (a cut through a pair) becomes U+FFFD, as UTF-8 decoding would make it.
function wellFormed(text: string): string {
  return text.replaceAll(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

interface Tally {
  inputs: number;
  fast: number;
  routed: number;
  disagreements: number;
}

describe('the fast path against the native build of kubectl decoder', () => {
  beforeAll(() => {
    if (NATIVE === '') throw new Error('FUZZ_KUBERNETES_READER is not set: run test/kubectl-fuzz/run.sh');
  });

  test(`${ONLY === undefined ? COUNT : 1} inputs read identically whenever the fast path reads them (seed in the log)`, async () => {
    console.log(
      `fuzz: FUZZ_SEED=${SEED} FUZZ_COUNT=${COUNT}${ONLY === undefined ? '' : ` FUZZ_ONLY=${ONLY}`}`,
    );
    const tallies = new Map<string, Tally>();
    const failures: string[] = [];
    const indices = ONLY === undefined ? [...Array(COUNT).keys()] : [ONLY];
    for (let start = 0; start < indices.length; start += BATCH) {
      const batch = indices.slice(start, start + BATCH).map(input);
      const native = await readNatively(
        NATIVE,
        batch.map((item) => item.text),
      );
      for (const [i, item] of batch.entries()) {
        const reading = native[i] as (typeof native)[number];
        const tally = tallies.get(item.origin) ?? { inputs: 0, fast: 0, routed: 0, disagreements: 0 };
        tallies.set(item.origin, tally);
        tally.inputs++;
        const { fast } = readOnFastPath(item.text);
        if (fast === undefined) {
          tally.routed++;
          continue;
        }
        tally.fast++;
        const values = fast.map((entry) =>
          entry.document === undefined ? entry.error : entry.document.value,
        );
        const expected = reading.docs.filter((doc) => doc !== null);
        const difference =
          reading.error !== undefined
            ? `kubectl refuses it (${reading.error}), the fast path reads it`
            : values.length !== expected.length
              ? `${expected.length} documents for kubectl, ${values.length} on the fast path`
              : expected
                  .map((doc, d) => firstDifference(doc, values[d], [d]))
                  .find((path) => path !== undefined)
                  ?.join('.');
        if (difference !== undefined) {
          tally.disagreements++;
          if (failures.length < 10) {
            failures.push(
              `FUZZ_SEED=${SEED} FUZZ_ONLY=${item.index} (${item.origin}): ${difference}\n${JSON.stringify(item.text)}`,
            );
          }
        }
      }
    }
    const rows = [...tallies.entries()].sort(([a], [b]) => a.localeCompare(b));
    console.log(
      [
        'origin | inputs | fast path | routed to the decoder | disagreements',
        ...rows.map(([o, t]) => `${o} | ${t.inputs} | ${t.fast} | ${t.routed} | ${t.disagreements}`),
      ].join('\n'),
    );
    expect(failures).toEqual([]);
    // Not vacuous: most generated inputs take the fast path, and the always-outside classes never do.
    const generated = tallies.get('generated');
    const generatedFastShare =
      ONLY !== undefined || generated === undefined ? 1 : generated.fast / generated.inputs;
    expect(generatedFastShare).toBeGreaterThan(0.5);
    expect([...ALWAYS_OUTSIDE].filter((name) => (tallies.get(`outside: ${name}`)?.fast ?? 0) > 0)).toEqual(
      [],
    );
  });
});
