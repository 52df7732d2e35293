import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { justificationProblems, parseExpiry } from '../posture/justification';
import type { Finding } from './finding';
import { InputError } from './input-error';
import { STDIN_NAME } from './stdin-source';
import { yamlPackage } from './yaml-package';

/**
 * One accepted finding, recorded outside the manifests (vendored or generated YAML that cannot carry
 * a justification annotation). Keyed by file, object, container, rule, subject and field, never by line:
 * it follows the finding while the file is edited around it.
 */
export interface BaselineEntry {
  /** The file, relative to the baseline file's directory (`<stdin>` for piped input). */
  readonly file: string;
  /** The object's kind (`Deployment`, or `ComposeService`). */
  readonly kind: string;
  /** @default - absent: the manifest sets no namespace */
  readonly namespace?: string;
  /** The object's `metadata.name` (a Compose service's name). */
  readonly name: string;
  /** @default - absent: a pod-level finding */
  readonly container?: string;
  /** The rule id the finding belongs to. */
  readonly rule: string;
  /** The capability, host path or host port at fault. @default - absent: the finding has none */
  readonly subject?: string;
  /**
   * The dotted path of the field at fault (`spec.template.spec.hostPID`): a rule that reports
   * several fields (host namespaces) is accepted field by field, so a new one is not accepted.
   */
  readonly field: string;
  /** Why the finding is accepted: at least 20 characters, no placeholder (as a justification's). */
  readonly reason: string;
  /** @default - none */
  readonly ticket?: string;
  /** Who accepted it: required, as for a high-risk exemption. */
  readonly approvedBy: string;
  /** ISO date after which the finding is a violation again. @default - never */
  readonly expires?: string;
}

/** Where an accepted finding was accepted: the entry and its baseline file. */
export interface Acceptance {
  /** The baseline file. */
  readonly baseline: string;
  /** The entry's reason. */
  readonly reason: string;
  /** The entry's ticket. @default - none */
  readonly ticket?: string;
  /** Who accepted the finding. */
  readonly approvedBy: string;
  /** The entry's expiry. @default - never */
  readonly expires?: string;
}

/** A read baseline: its entries, each with the line it starts on. */
export interface Baseline {
  /** The baseline file's path. */
  readonly file: string;
  /** Its entries, each with the line it starts on (undefined: not known). */
  readonly entries: readonly BaselineEntryAt[];
}

/** A baseline entry and the line of the baseline file it starts on. */
export interface BaselineEntryAt {
  /** The entry. */
  readonly entry: BaselineEntry;
  /** The line it starts on. @default - undefined: not known */
  readonly line: number | undefined;
}

/** What {@link renderBaseline} wrote. */
export interface RenderedBaseline {
  /** The baseline file's text. */
  readonly text: string;
  /** How many entries were kept from the previous baseline (already reviewed). */
  readonly kept: number;
  /** How many entries are new. */
  readonly added: number;
}

const KEY_FIELDS = ['file', 'kind', 'namespace', 'name', 'container', 'rule', 'subject', 'field'] as const;
const RECORD_FIELDS = ['reason', 'ticket', 'approvedBy', 'expires'] as const;
const REQUIRED = new Set(['file', 'kind', 'name', 'rule', 'field', 'reason', 'approvedBy']);

/**
 * Reads a baseline file: `accepted:` a list of entries. A malformed file or entry (unknown key,
 * missing key, a reason or approver that would not pass as a justification's) is an
 * {@link InputError} naming the file, line and field: a baseline is reviewed text, never guessed at.
 * An entry past its expiry is read: it accepts nothing and is reported.
 */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read the baseline: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        file,
        hint: 'check the --baseline path, or write one with --write-baseline',
      },
    );
  }
  const yaml = yamlPackage();
  const lines = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    throw new InputError(`invalid YAML in the baseline: ${syntax.message.split('\n')[0] ?? ''}`, {
      file,
      ...(syntax.linePos?.[0] && { line: syntax.linePos[0].line }),
      hint: 'fix the YAML syntax at that position',
    });
  }
  const value: unknown = document.toJS();
  const accepted =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>).accepted : undefined;
  if (!Array.isArray(accepted) || Object.keys(value as object).some((key) => key !== 'accepted')) {
    throw new InputError('a baseline is a mapping with one key, `accepted:`, a list of entries', {
      file,
      hint: 'write it with `hardened-workloads audit <paths> --write-baseline <file>`',
    });
  }
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range === undefined ? undefined : lines.linePos(node.range[0]).line;
  };
  const entries = accepted.map((raw: unknown, index) => {
    const line = lineOf(['accepted', index]);
    const where = (field?: string) => ({
      file,
      ...((field === undefined ? line : (lineOf(['accepted', index, field]) ?? line)) !== undefined && {
        line: field === undefined ? line : (lineOf(['accepted', index, field]) ?? line),
      }),
      field: `accepted[${index}]${field === undefined ? '' : `.${field}`}`,
    });
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InputError('a baseline entry must be a mapping', { ...where(), hint: entryHint() });
    }
    const record = raw as Record<string, unknown>;
    for (const [key, field] of Object.entries(record)) {
      if (
        !(KEY_FIELDS as readonly string[]).includes(key) &&
        !(RECORD_FIELDS as readonly string[]).includes(key)
      ) {
        throw new InputError(`unknown key \`${key}\` in a baseline entry`, {
          ...where(key),
          hint: entryHint(),
        });
      }
      if (typeof field !== 'string' || field.trim() === '') {
        throw new InputError(`\`${key}\` must be a non-empty string`, {
          ...where(key),
          hint:
            key === 'reason' || key === 'approvedBy'
              ? 'fill it in: the baseline is a review record'
              : entryHint(),
        });
      }
    }
    for (const key of REQUIRED) {
      if (record[key] === undefined) {
        throw new InputError(`a baseline entry needs \`${key}\``, {
          ...where(),
          hint:
            key === 'reason' || key === 'approvedBy'
              ? 'fill it in: the baseline is a review record'
              : entryHint(),
        });
      }
    }
    // The same checks as a justification in a manifest, expiry aside (an expired entry is reported, not fatal).
    const problems = justificationProblems(record, { requireApproval: true, now: new Date(0) });
    if (problems[0] !== undefined) {
      const field = /justification\.(\w+)/.exec(problems[0])?.[1];
      throw new InputError(problems[0].replace(/justification\b/g, 'baseline entry'), {
        ...where(field),
        hint: 'a baseline entry is reviewed like a justification: say why the finding is acceptable and who approved it',
      });
    }
    return { entry: record as unknown as BaselineEntry, line };
  });
  return { file, entries };
}

function entryHint(): string {
  return `an entry has ${[...KEY_FIELDS, ...RECORD_FIELDS].join(', ')} (namespace, container, subject, ticket and expires optional)`;
}

/** The file as a baseline names it: relative to the baseline's directory, with `/`. */
export function baselineFileKey(findingFile: string | null, baselineFile: string): string {
  if (findingFile === null || findingFile === STDIN_NAME) return findingFile ?? '';
  const rel = relative(dirname(resolve(baselineFile)), resolve(findingFile));
  return (isAbsolute(rel) ? rel : rel.split(sep).join('/')).replace(/^\.\//, '');
}

function entryKey(entry: Pick<BaselineEntry, (typeof KEY_FIELDS)[number]>): string {
  return JSON.stringify(KEY_FIELDS.map((key) => entry[key] ?? null));
}

/** What a baseline accepted in one audit: which entries matched, expired or matched nothing. */
export class BaselineMatcher {
  private readonly byKey = new Map<string, { entry: BaselineEntry; line: number | undefined }>();
  private readonly matched = new Set<string>();

  public constructor(
    public readonly baseline: Baseline,
    private readonly now: Date,
  ) {
    for (const item of baseline.entries) this.byKey.set(entryKey(item.entry), item);
  }

  /** The entry that accepts a finding, when one matches; an expired match is returned with `expired`. */
  public match(finding: Finding): { acceptance: Acceptance; expired: boolean } | undefined {
    const key = entryKey({
      file: baselineFileKey(finding.file, this.baseline.file),
      kind: finding.kind,
      ...(finding.namespace !== null && { namespace: finding.namespace }),
      name: finding.name,
      ...(finding.container !== null && { container: finding.container }),
      rule: finding.rule,
      ...(finding.subject !== undefined && { subject: finding.subject }),
      field: finding.path,
    });
    const item = this.byKey.get(key);
    if (item === undefined) return undefined;
    this.matched.add(key);
    const { reason, ticket, approvedBy, expires } = item.entry;
    const expiry = expires === undefined ? undefined : parseExpiry(expires);
    return {
      acceptance: {
        baseline: this.baseline.file,
        reason,
        ...(ticket !== undefined && { ticket }),
        approvedBy,
        ...(expires !== undefined && { expires }),
      },
      expired: expiry !== undefined && expiry.getTime() < this.now.getTime(),
    };
  }

  /** Entries that matched no finding of this audit: fixed, renamed or no longer audited. */
  public unmatched(): { entry: BaselineEntry; line: number | undefined }[] {
    return this.baseline.entries.filter((item) => !this.matched.has(entryKey(item.entry)));
  }
}

/** Whether a baseline file exists at the path (for `--write-baseline`, which keeps reviewed entries). */
export function baselineExists(file: string): boolean {
  return existsSync(file);
}

/**
 * The baseline text for the findings that fail today: one entry per violation, keyed without
 * lines. An entry of `previous` that still matches is kept as reviewed; new ones get `fields`
 * (the same for all), or empty reason and approver that the reader refuses until filled in.
 */
export function renderBaseline(
  findings: readonly Finding[],
  file: string,
  fields: Partial<Pick<BaselineEntry, 'reason' | 'ticket' | 'approvedBy' | 'expires'>>,
  previous?: Baseline,
): RenderedBaseline {
  const old = new Map((previous?.entries ?? []).map((item) => [entryKey(item.entry), item.entry]));
  const seen = new Set<string>();
  const entries: Record<string, string>[] = [];
  let kept = 0;
  for (const finding of findings) {
    if (finding.status !== 'violation' && finding.status !== 'accepted') continue;
    if (finding.severity === 'info') continue;
    const key: Record<string, string> = {
      file: baselineFileKey(finding.file, file),
      kind: finding.kind,
      ...(finding.namespace !== null && { namespace: finding.namespace }),
      name: finding.name,
      ...(finding.container !== null && { container: finding.container }),
      rule: finding.rule,
      ...(finding.subject !== undefined && { subject: finding.subject }),
      field: finding.path,
    };
    const id = entryKey(key as unknown as BaselineEntry);
    if (seen.has(id)) continue;
    seen.add(id);
    const reviewed = old.get(id);
    if (reviewed !== undefined) kept++;
    entries.push(
      reviewed !== undefined
        ? { ...reviewed }
        : {
            ...key,
            reason: fields.reason ?? '',
            ...(fields.ticket !== undefined && { ticket: fields.ticket }),
            approvedBy: fields.approvedBy ?? '',
            ...(fields.expires !== undefined && { expires: fields.expires }),
          },
    );
  }
  const header =
    '# Accepted findings of hardened-workloads (audit --baseline). Each entry is a review record:\n' +
    '# reason (20+ characters), approvedBy and, best, expires (YYYY-MM-DD) and ticket are required as for\n' +
    '# a justification. Keyed by file, object, container, rule, subject and field: lines may move.\n';
  return {
    text: header + yamlPackage().stringify({ accepted: entries }, { lineWidth: 0 }),
    kept,
    added: entries.length - kept,
  };
}
