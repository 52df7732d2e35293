import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../audit';
import { yamlPackage } from '../audit/yaml-package';
import type { Rule } from '../rules';
import { ALL_RULES, findRule } from '../rules';

/** The file the audit reads from the working directory (the repository root in CI) when present. */
export const CONFIG_FILE_NAME = '.hardened-workloads.yaml';

/** What a rule may be set to in the config file. */
export const RULE_SETTINGS = ['off', 'error', 'warning'] as const;
type RuleSetting = (typeof RULE_SETTINGS)[number];

/** The config file's settings; each is also a flag, and a flag wins over the file. */
export interface AuditConfig {
  /** The file read, for messages. */
  readonly file: string;
  /** Its directory: `exclude` and `baseline` are relative to it. */
  readonly directory: string;
  readonly level?: string;
  readonly pssVersion?: string;
  readonly environment?: string;
  readonly failOn?: string;
  readonly format?: string;
  readonly exclude: readonly string[];
  readonly strict?: boolean;
  /** The baseline file of accepted findings, resolved against the config's directory. */
  readonly baseline?: string;
  /** Per rule id: off, or the severity it takes. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

type Check = (value: unknown) => boolean;
const isString: Check = (value) => typeof value === 'string' && value.length > 0;
const KEYS: Readonly<Record<string, { readonly check: Check; readonly expected: string }>> = {
  level: { check: isString, expected: 'baseline, restricted or hardened' },
  pssVersion: { check: isString, expected: 'a version such as v1.30, or latest' },
  environment: { check: isString, expected: 'production or non-production' },
  failOn: { check: isString, expected: 'error, warning or none' },
  format: { check: isString, expected: 'table, json or sarif' },
  exclude: {
    check: (value) => Array.isArray(value) && value.every(isString),
    expected: 'a list of globs, e.g. [vendor, "**/values*.yaml"]',
  },
  strict: { check: (value) => typeof value === 'boolean', expected: 'true or false' },
  baseline: { check: isString, expected: 'the path of a baseline file' },
  rules: {
    check: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    expected: `a mapping of rule id to ${RULE_SETTINGS.join(', ')}`,
  },
};

/**
 * Reads the config file: `explicit` (from `--config`, which must exist) or `.hardened-workloads.yaml`
 * in `cwd` when present. An unknown key, a value of the wrong type, an unknown rule id or a rule
 * setting outside off/error/warning is an {@link InputError} naming the file, line and key.
 */
export function loadAuditConfig(cwd: string, explicit?: string): AuditConfig | undefined {
  const file = explicit ?? join(cwd, CONFIG_FILE_NAME);
  if (explicit === undefined && !existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read the config file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        file,
        hint: 'check the --config path',
      },
    );
  }
  const yaml = yamlPackage();
  const lines = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    throw new InputError(`invalid YAML in the config file: ${syntax.message.split('\n')[0] ?? ''}`, {
      file,
      ...(syntax.linePos?.[0] && { line: syntax.linePos[0].line, column: syntax.linePos[0].col }),
      hint: 'fix the YAML syntax at that position',
    });
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined)
    return { file, directory: dirname(resolve(file)), exclude: [], rules: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('the config file must be a mapping of settings', { file, hint: configHint() });
  }
  const lineOf = (path: readonly string[]): number | undefined => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    // A key's own node has no range through getIn: the value's line is the key's line.
    return node?.range === undefined ? undefined : lines.linePos(node.range[0]).line;
  };
  const settings = value as Record<string, unknown>;
  for (const [key, setting] of Object.entries(settings)) {
    const spec = KEYS[key];
    const line = lineOf([key]);
    if (spec === undefined) {
      throw new InputError(`unknown key \`${key}\` in the config file`, {
        file,
        ...(line !== undefined && { line }),
        field: key,
        hint: configHint(),
      });
    }
    if (!spec.check(setting)) {
      throw new InputError(`\`${key}\` must be ${spec.expected}`, {
        file,
        ...(line !== undefined && { line }),
        field: key,
        hint: `write ${key}: ${spec.expected}`,
      });
    }
  }
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries((settings.rules ?? {}) as Record<string, unknown>)) {
    const line = lineOf(['rules', id]);
    const where = { file, ...(line !== undefined && { line }), field: `rules.${id}` };
    if (findRule(id) === undefined) {
      throw new InputError(`unknown rule \`${id}\` in the config file`, {
        ...where,
        hint: '`hardened-workloads rules` lists every rule id',
      });
    }
    if (typeof setting !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(setting)) {
      throw new InputError(`rule \`${id}\` must be set to ${RULE_SETTINGS.join(', ')}`, {
        ...where,
        hint: `write ${id}: off (or error, warning)`,
      });
    }
    rules[id] = setting as RuleSetting;
  }
  const directory = dirname(resolve(file));
  const str = (key: string): string | undefined => settings[key] as string | undefined;
  const baseline = str('baseline');
  const strict = settings.strict as boolean | undefined;
  return {
    file,
    directory,
    ...(str('level') !== undefined && { level: str('level') }),
    ...(str('pssVersion') !== undefined && { pssVersion: str('pssVersion') }),
    ...(str('environment') !== undefined && { environment: str('environment') }),
    ...(str('failOn') !== undefined && { failOn: str('failOn') }),
    ...(str('format') !== undefined && { format: str('format') }),
    exclude: (settings.exclude as string[] | undefined) ?? [],
    ...(strict !== undefined && { strict }),
    ...(baseline !== undefined && { baseline: resolve(directory, baseline) }),
    rules,
  };
}

function configHint(): string {
  return `the keys are ${Object.keys(KEYS).join(', ')}`;
}

/**
 * The rule list with the config's settings applied: `off` rules removed, others with the severity
 * set. The result feeds `AuditOptions.rules`, so the level and version filters still apply.
 */
export function configuredRules(settings: Readonly<Record<string, RuleSetting>>): readonly Rule[] {
  if (Object.keys(settings).length === 0) return ALL_RULES;
  return ALL_RULES.flatMap((rule) => {
    const setting = settings[rule.id];
    if (setting === undefined) return [rule];
    if (setting === 'off') return [];
    return [{ ...rule, severity: setting }];
  });
}
