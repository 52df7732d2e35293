import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditReport, FailOn, Finding } from '../audit';
import { auditFails, auditPaths, loadWorkloads } from '../audit';
import { answerChecklists, renderChecklistJson, renderChecklistMarkdown } from '../checklist';
import { renderTable } from '../report';
import type { PostureEnvironment } from '../posture';
import { assertMaxExemptionDays } from '../posture';
import { findRule, LEVELS, parsePssVersion } from '../rules';
import type { Level, PssVersion } from '../rules';

/*
 * The cdk8s CLI loads a validation plugin with a plain `require` and calls
 * `new Class(properties).validate(context)`. The types below are the part of cdk8s-cli's plugin
 * contract (`cdk8s-cli/plugins`) this plugin uses, written out so that the package needs no
 * dependency on the CLI; a test checks that they match it.
 */

/** One resource that breaks a rule, as the cdk8s CLI reports it. */
export interface PluginViolatingResource {
  /** The object's name, or `N/A` for an unreadable file. */
  readonly resourceName: string;
  /** Where in the object, one `path (line n): message` entry per finding. */
  readonly locations: readonly string[];
  /** The manifest file the object was read from, or `N/A`. */
  readonly manifestPath: string;
}

/** One rule broken by some resources, as the cdk8s CLI reports it. */
export interface PluginViolation {
  /** The rule id, e.g. `privileged`, or `unreadable-input`. */
  readonly ruleName: string;
  /** The rule's title: what the posture expects. */
  readonly recommendation: string;
  /** The rule's remediation: how to comply (or justify an exemption). */
  readonly fix: string;
  /** Every unjustified object that breaks the rule. */
  readonly violatingResources: readonly PluginViolatingResource[];
}

/** Collects a validation plugin's violations and its verdict (the CLI's `ValidationReport`). */
export interface PluginReport {
  /** Records one broken rule and the resources that break it. */
  addViolation(violation: PluginViolation): void;
  /** Ends the report: `failure` fails the synth. The metadata is shown with the result. */
  submit(status: 'success' | 'failure', metadata?: Readonly<Record<string, string>>): void;
}

/** Where a validation plugin writes its output (the CLI's `ValidationLogger`). */
export interface PluginLogger {
  /** Prints one message to the synth output. */
  log(message: string): void;
}

/** What the cdk8s CLI hands a validation plugin (a subset of its `ValidationContext`). */
export interface PluginValidationContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: readonly string[];
  /** The synth was run with `--stdout`: the manifest files are temporary. @default - absent: treated as false */
  readonly stdout?: boolean | undefined;
  /** Where violations and the verdict go. */
  readonly report: PluginReport;
  /** Where the audit table goes. */
  readonly logger: PluginLogger;
}

/** The `properties` of the plugin's entry under `validations:` in cdk8s.yaml. */
export interface HardenedWorkloadsValidationProperties {
  /** The highest rule level checked: `baseline`, `restricted` or `hardened`. @default 'hardened' */
  readonly level?: Level;
  /**
   * Which unjustified findings fail the synth.
   * @remarks Justified findings never fail it: they are listed with their reasons for reviewers.
   * @default 'error'
   */
  readonly failOn?: FailOn;
  /** Where the app runs; production refuses Unconfined seccomp even when justified. @default 'production' */
  readonly environment?: PostureEnvironment;
  /** Pod Security Standards version checked (`v1.30`, `latest`). @default 'latest' */
  readonly pssVersion?: string;
  /**
   * The posture's longest lifetime, in days, of a justification that needs an approver: a record
   * without `expires`, or expiring later, is a `justification-valid` violation.
   * @default - no limit
   */
  readonly maxExemptionDays?: number;
  /**
   * Write the decision checklist (`hardened-checklist.md` and `.json`) beside the manifests.
   * Skipped with `--stdout`, whose manifests are temporary.
   * @default true
   */
  readonly checklist?: boolean;
}

/** The file names of the decision checklist. */
export interface ChecklistFileNames {
  /** The checklist for reviewers, as Markdown. */
  readonly markdown: 'hardened-checklist.md';
  /** The checklist for tools, as JSON. */
  readonly json: 'hardened-checklist.json';
}

/** The file names of the checklist written beside the manifests. */
export const CHECKLIST_FILES: ChecklistFileNames = Object.freeze({
  markdown: 'hardened-checklist.md',
  json: 'hardened-checklist.json',
});

const PROPERTY_NAMES = ['level', 'failOn', 'environment', 'pssVersion', 'maxExemptionDays', 'checklist'];

interface ResolvedProperties {
  readonly level: Level;
  readonly failOn: FailOn;
  readonly environment: PostureEnvironment;
  readonly pssVersion: PssVersion | undefined;
  readonly maxExemptionDays: number | undefined;
  readonly checklist: boolean;
}

/**
 * A cdk8s CLI validation plugin: audits every manifest the app synthesizes, including resources
 * no hardened construct created (an `Include` of third-party YAML, plain cdk8s-plus objects),
 * with the same rules and justification records as the `hardened-workloads audit` CLI. It logs
 * the CLI's table, reports each unjustified finding to cdk8s, writes the decision checklist
 * beside the manifests, and fails the synth (exit 2) on violations.
 *
 * @remarks The constructs' own synth-time audit sees only what they render; this plugin is the
 * app-wide net. In cdk8s.yaml:
 * ```yaml
 * validations:
 *   - package: ./node_modules/hardened-workloads/lib/cdk8s
 *     version: 0.1.0
 *     class: HardenedWorkloadsValidation
 *     properties: { level: hardened }
 * ```
 */
export class HardenedWorkloadsValidation {
  private readonly properties: ResolvedProperties;

  public constructor(properties: HardenedWorkloadsValidationProperties = {}) {
    this.properties = resolveProperties(properties);
  }

  /** Audits the manifests and submits the report; never throws for bad input (it fails the report). */
  public validate(context: PluginValidationContext): Promise<void> {
    const { level, failOn, environment, pssVersion, maxExemptionDays } = this.properties;
    // The CLI's own path (readManifestFile, then the audit): the files are judged as written.
    const report = auditPaths(context.manifests, {
      level,
      environment,
      ...(pssVersion !== undefined && { pssVersion }),
      ...(maxExemptionDays !== undefined && { maxExemptionDays }),
      onInputError: 'collect',
    });
    context.logger.log(renderTable(report));
    for (const error of report.inputs.errors) {
      context.report.addViolation({
        ruleName: 'unreadable-input',
        recommendation: error.message,
        fix: 'fix the manifest so that it can be read and audited',
        violatingResources: [{ resourceName: 'N/A', locations: [], manifestPath: error.file ?? 'N/A' }],
      });
    }
    for (const violation of violationsByRule(report, failOn)) context.report.addViolation(violation);
    if (this.properties.checklist && context.stdout !== true)
      writeChecklists(context.manifests, pssVersion, environment);
    const failed = auditFails(report.summary, failOn) || report.inputs.errors.length > 0;
    context.report.submit(failed ? 'failure' : 'success', {
      level,
      errors: String(report.summary.errors),
      warnings: String(report.summary.warnings),
      justified: String(report.summary.justified),
    });
    return Promise.resolve();
  }
}

function violationsByRule(report: AuditReport, failOn: FailOn): PluginViolation[] {
  const byRule = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    if (finding.status === 'justified') continue;
    if (finding.severity === 'warning' && failOn === 'error') continue;
    byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  }
  return [...byRule].map(([ruleId, findings]) => {
    const rule = findRule(ruleId);
    return {
      ruleName: ruleId,
      recommendation: rule?.title ?? ruleId,
      fix: rule?.remediation ?? 'see docs/rules.md',
      violatingResources: findings.map((f) => ({
        resourceName: f.name,
        locations: [`${f.path}${f.line === null ? '' : ` (line ${f.line})`}: ${f.message}`],
        manifestPath: f.file ?? 'N/A',
      })),
    };
  });
}

function writeChecklists(
  manifests: readonly string[],
  pssVersion: PssVersion | undefined,
  environment: PostureEnvironment,
): void {
  const first = manifests[0];
  if (first === undefined) return;
  const checklists = answerChecklists(loadWorkloads(manifests), {
    environment,
    ...(pssVersion !== undefined && { pssVersion }),
  });
  const outdir = path.dirname(first);
  fs.writeFileSync(
    path.join(outdir, CHECKLIST_FILES.markdown),
    ensureNewline(renderChecklistMarkdown(checklists)),
  );
  fs.writeFileSync(path.join(outdir, CHECKLIST_FILES.json), ensureNewline(renderChecklistJson(checklists)));
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

// Properties come from YAML: check them here, with messages that name the cdk8s.yaml field.
function resolveProperties(properties: unknown): ResolvedProperties {
  const where = 'cdk8s.yaml validations[HardenedWorkloadsValidation].properties';
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    throw new TypeError(`${where} must be a mapping`);
  }
  const p = properties as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!PROPERTY_NAMES.includes(key)) {
      throw new TypeError(`${where}.${key} is not a property; expected ${PROPERTY_NAMES.join(', ')}`);
    }
  }
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const value = p[key];
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    throw new TypeError(
      `${where}.${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`,
    );
  };
  let pssVersion: PssVersion | undefined;
  if (p.pssVersion !== undefined) {
    pssVersion = typeof p.pssVersion === 'string' ? parsePssVersion(p.pssVersion) : undefined;
    if (pssVersion === undefined) {
      throw new TypeError(
        `${where}.pssVersion must be a version such as "v1.30" or "latest" (got ${JSON.stringify(p.pssVersion)})`,
      );
    }
  }
  if (p.checklist !== undefined && typeof p.checklist !== 'boolean') {
    throw new TypeError(`${where}.checklist must be true or false`);
  }
  return {
    level: oneOf('level', LEVELS, 'hardened'),
    failOn: oneOf('failOn', ['error', 'warning'] as const, 'error'),
    environment: oneOf('environment', ['production', 'non-production'] as const, 'production'),
    pssVersion,
    maxExemptionDays: assertMaxExemptionDays(p.maxExemptionDays, where),
    checklist: p.checklist !== false,
  };
}
