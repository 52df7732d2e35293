/**
 * What a Docker-format seccomp profile does with the system calls it does not list, judged as the
 * engine will run it. Docker decodes the profile with Go's encoding/json into moby's `Seccomp` type
 * (moby/profiles `LoadProfile`), so the judgement reads the two fields that decide it, defaultAction
 * and syscalls, the way that decoder does: a later key wins, a key matches its field whatever its
 * case (`DefaultAction`, `DEFAULTACTION`), `null` leaves a string unchanged and empties a list. It
 * does so on the text as written (what docker run and Compose v2 send) and on the text as Compose v1
 * writes it again after Python's json read it, and keeps the worse verdict.
 */

/** Default actions that stop a call the profile does not list. */
export const DENYING_SECCOMP_ACTIONS: readonly string[] = Object.freeze([
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_KILL',
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_TRAP',
]);

/**
 * Default actions that let a call the profile does not list run: ALLOW and LOG run it, TRACE and
 * NOTIFY hand it to another process that may let it run.
 */
export const PERMITTING_SECCOMP_ACTIONS: readonly string[] = Object.freeze([
  'SCMP_ACT_ALLOW',
  'SCMP_ACT_LOG',
  'SCMP_ACT_TRACE',
  'SCMP_ACT_NOTIFY',
]);

/** A profile that denies what it does not list: a custom profile, still to be reviewed. */
export interface DenyingSeccompProfile {
  /** Always `denies`. */
  readonly verdict: 'denies';
  /** The default action the engine applies. */
  readonly defaultAction: string;
  /** The profile as judged, for the engine: one `defaultAction` key, the one the engine would have read. */
  readonly dockerContent: string;
}

/** A profile that lets the calls it does not list run, or switches seccomp off: Unconfined in effect. */
export interface UnconfiningSeccompProfile {
  /** Always `unconfined`. */
  readonly verdict: 'unconfined';
  /** The default action, when there is one. @default - none: the profile has no default action */
  readonly defaultAction?: string;
  /** Why it is Unconfined in effect, e.g. `its defaultAction "SCMP_ACT_ALLOW" lets every system call it does not list run`. */
  readonly reason: string;
}

/** A file the engine (or Compose before it) refuses: the container does not start. */
export interface RefusedSeccompProfile {
  /** Always `refused`. */
  readonly verdict: 'refused';
  /** The default action, when the file has a readable one. @default - none */
  readonly defaultAction?: string;
  /** Why it is refused, e.g. `it is not valid JSON (...)`. */
  readonly reason: string;
}

/** The judgement of one profile's text. */
export type SeccompProfileJudgement =
  DenyingSeccompProfile | UnconfiningSeccompProfile | RefusedSeccompProfile;

// Go's encoding/json matches a key to a field by Unicode simple case folding: ASCII letters, and
// the two non-ASCII runes whose fold set holds an ASCII letter (long s, Kelvin sign).
function goFoldedName(key: string): string {
  return key
    .replace(/\u017f/g, 'S')
    .replace(/\u212a/g, 'K')
    .replace(/[a-z]/g, (c) => c.toUpperCase());
}

const DEFAULT_ACTION = 'DEFAULTACTION';
const SYSCALLS = 'SYSCALLS';

/**
 * Judges a profile file's text as Docker runs it. Never throws.
 *
 * - `denies`: the default action stops unlisted calls (ERRNO, KILL, KILL_PROCESS, KILL_THREAD, TRAP).
 * - `unconfined`: the default action lets them run (ALLOW, LOG, TRACE, NOTIFY), or there is none:
 *   with no default action and no rule the engine runs the container without seccomp (moby's and
 *   runc's "assume seccomp disabled"); with rules but no default action it refuses the container,
 *   except where no rule applies to the host, where it runs it without seccomp. A file holding
 *   `null` decodes to that empty profile.
 * - `refused`: not JSON (Compose stops: it compacts the JSON before sending it), not an object, a
 *   field of the wrong type, or a default action runc does not know.
 */
export function judgeSeccompProfile(text: string): SeccompProfileJudgement {
  let profile: unknown;
  try {
    profile = JSON.parse(text);
  } catch (error) {
    return { verdict: 'refused', reason: `it is not valid JSON (${(error as Error).message})` };
  }
  if (profile === null) {
    return {
      verdict: 'unconfined',
      reason:
        'it holds null, which Docker reads as a profile with no defaultAction and no rule: no seccomp at all',
    };
  }
  if (typeof profile !== 'object' || Array.isArray(profile)) {
    return {
      verdict: 'refused',
      reason: 'it is not a JSON object, so Docker cannot decode it as a seccomp profile',
    };
  }
  // Compose v2 (and docker run) hand the engine the text as written; Compose v1 parses it with
  // Python's json (one value per key, at the key's first place) and writes it again. The engine's Go
  // decoder can read the two differently when a key is repeated in another case: the worse counts.
  const asWritten = verdictOf(engineFields(topLevelMembers(text)), profile);
  const asRewritten = verdictOf(
    engineFields(Object.entries(profile).map(([key, value]) => ({ key, value: value as unknown }))),
    profile,
  );
  if (asWritten.verdict === 'unconfined') return asWritten;
  if (asRewritten.verdict === 'unconfined') {
    return {
      ...asRewritten,
      reason: `${asRewritten.reason} (as Compose v1 hands it to the engine: one value per key)`,
    };
  }
  return asWritten.verdict === 'refused'
    ? asWritten
    : asRewritten.verdict === 'refused'
      ? asRewritten
      : asWritten;
}

/** What the engine's decoder keeps of the two fields that decide the verdict. */
interface EngineFields {
  readonly defaultAction?: string;
  readonly rules: number;
  readonly wrongType: readonly string[];
}

// Members in the order the engine's decoder meets them: a later one overwrites, `null` leaves a
// string as it was and empties a list, a value of another type fails the decoding.
function engineFields(members: readonly { key: string; value: unknown }[]): EngineFields {
  let defaultAction: string | undefined;
  let rules = 0;
  const wrongType: string[] = [];
  for (const { key, value } of members) {
    const folded = goFoldedName(key);
    if (folded === DEFAULT_ACTION) {
      if (typeof value === 'string') defaultAction = value;
      else if (value !== null) wrongType.push(`${JSON.stringify(key)} must be a string`);
    } else if (folded === SYSCALLS) {
      if (Array.isArray(value)) rules = value.length;
      else if (value === null) rules = 0;
      else wrongType.push(`${JSON.stringify(key)} must be a list`);
    }
  }
  return { ...(defaultAction !== undefined && defaultAction !== '' && { defaultAction }), rules, wrongType };
}

function verdictOf(fields: EngineFields, profile: object): SeccompProfileJudgement {
  const known = fields.defaultAction;
  if (fields.wrongType.length > 0) {
    return {
      verdict: 'refused',
      ...(known !== undefined && { defaultAction: known }),
      reason: `Docker cannot decode it: ${fields.wrongType.join(', ')}`,
    };
  }
  if (known === undefined) {
    return {
      verdict: 'unconfined',
      reason:
        fields.rules === 0
          ? 'it has no defaultAction and no rule, which Docker runs as no seccomp at all'
          : 'it has no defaultAction: Docker refuses the container, or runs it with no seccomp at all where none of its rules applies to the host',
    };
  }
  if (PERMITTING_SECCOMP_ACTIONS.includes(known)) {
    return {
      verdict: 'unconfined',
      defaultAction: known,
      reason: `its defaultAction ${JSON.stringify(known)} lets every system call it does not list run`,
    };
  }
  if (!DENYING_SECCOMP_ACTIONS.includes(known)) {
    return {
      verdict: 'refused',
      defaultAction: known,
      reason: `its defaultAction ${JSON.stringify(known)} is not a seccomp action (${[...DENYING_SECCOMP_ACTIONS, ...PERMITTING_SECCOMP_ACTIONS].join(', ')})`,
    };
  }
  return { verdict: 'denies', defaultAction: known, dockerContent: withOneDefaultAction(profile, known) };
}

// The profile written again with the judged default action under one key, where the first of its
// spellings stood: JSON.stringify of the parsed object would keep `DefaultAction` beside
// `defaultAction`, and the engine would read the later of the two, not the judged one.
function withOneDefaultAction(profile: object, defaultAction: string): string {
  const entries: [string, unknown][] = [];
  let placed = false;
  for (const [key, value] of Object.entries(profile)) {
    if (goFoldedName(key) !== DEFAULT_ACTION) entries.push([key, value]);
    else if (!placed) {
      entries.push(['defaultAction', defaultAction]);
      placed = true;
    }
  }
  return JSON.stringify(Object.fromEntries(entries));
}

/**
 * The members of a JSON object's text in the order written, repeated keys included (JSON.parse
 * keeps one value per key, at the first key's place, and loses that order). The text must already
 * have parsed as an object: this only finds where members start and end, and JSON.parse reads each.
 */
function topLevelMembers(text: string): { key: string; value: unknown }[] {
  const members: { key: string; value: unknown }[] = [];
  let depth = 0;
  let inString = false;
  let stringStart = -1;
  let key: string | undefined;
  let valueStart = -1;
  const close = (end: number) => {
    if (key !== undefined && valueStart >= 0) {
      members.push({ key, value: JSON.parse(text.slice(valueStart, end)) as unknown });
    }
    key = undefined;
    valueStart = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 1 && valueStart < 0) key = JSON.parse(text.slice(stringStart, i + 1)) as string;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      stringStart = i;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 1) close(i);
      depth--;
    } else if (depth === 1 && c === ':' && valueStart < 0) valueStart = i + 1;
    else if (depth === 1 && c === ',') close(i);
  }
  return members;
}
