/**
 * Issue 21 item 3: the audit's verdict at a level against the API server's own admission, by server-side
 * dry run (`?dryRun=All`: the whole admission chain, nothing stored), for the upstream Pod Security
 * fixtures, the Kyverno resources and 2,000 corpus workloads:
 *   (a) Pod Security admission: a namespace labelled `pod-security.kubernetes.io/enforce=<level>` (and
 *       `warn`, because Pod Security only warns on workload templates) for baseline and restricted;
 *   (b) the project's policy at the level (all three), bound with Warn (every failed rule is a warning
 *       naming its rule: compared rule by rule) and with Deny (the refusal: compared as a verdict).
 */
import { appendFileSync } from 'node:fs';
import { admissionPolicy } from '../../src/admission';
import type { Level, PssVersion } from '../../src/rules';
import { formatPssVersion, LATEST_PSS_VERSION, parsePssVersion } from '../../src/rules';
import { Differential } from '../admission/differential';
import { corpusWorkloads, kyvernoWorkloads, pssFixtures } from '../admission/inputs';
import { inBatches } from './batches';
import type { KubeResponse } from './kube';
import { admitted, Kube, message } from './kube';

const TIER_LABEL = 'hardened-workloads.io/cluster-tier';
const CORPUS_SIZE = Number(process.env.CLUSTER_CORPUS_SIZE ?? 2000);
const kube = Kube.connect();

/** One input document and where it comes from. */
interface Input {
  readonly source: string;
  readonly document: Record<string, unknown>;
  readonly level?: Level;
  readonly version?: PssVersion;
}

/** One mismatch, with what each side said. */
interface Mismatch {
  readonly source: string;
  readonly where: string;
  readonly audit: string;
  readonly server: string;
}

/** The namespaces and bindings of one level and version, created on first use. */
class Scenario {
  public readonly differential: Differential;
  public readonly psa: string | undefined;
  public readonly warn: string;
  public readonly deny: string;
  /** The rules of severity error: the ones the Deny binding refuses (warnings have their own policy). */
  public readonly errorRules: ReadonlySet<string>;
  private ready: Promise<void> | undefined;

  public constructor(
    public readonly level: Level,
    public readonly version: PssVersion,
  ) {
    this.differential = new Differential(level, version);
    const id = `${level}-v1-${version.minor}`;
    this.psa = level === 'hardened' ? undefined : `psa-${id}`;
    this.warn = `vap-warn-${id}`;
    this.deny = `vap-deny-${id}`;
    this.errorRules = new Set(admissionPolicy({ level, pssVersion: version, name: 'x' }).rulesByPolicy.x);
  }

  public prepare(): Promise<void> {
    this.ready ??= this.create();
    return this.ready;
  }

  private async create(): Promise<void> {
    const version = formatPssVersion(this.version);
    if (this.psa !== undefined)
      await kube.namespace(this.psa, {
        'pod-security.kubernetes.io/enforce': this.level,
        'pod-security.kubernetes.io/enforce-version': version,
        'pod-security.kubernetes.io/warn': this.level,
        'pod-security.kubernetes.io/warn-version': version,
      });
    for (const [namespace, action] of [
      [this.warn, 'Warn'],
      [this.deny, 'Deny'],
    ] as const) {
      await kube.namespace(namespace, { [TIER_LABEL]: namespace });
      const set = admissionPolicy({
        level: this.level,
        pssVersion: this.version,
        validationActions: [action],
        name: namespace,
        namespaceSelector: { matchLabels: { [TIER_LABEL]: namespace } },
      });
      for (const object of set.objects) {
        const metadata = object.metadata as Record<string, unknown>;
        await kube.must(undefined, {
          ...object,
          metadata: { ...metadata, labels: { [TIER_LABEL]: 'differential' } },
        });
      }
    }
    // The policy is live once its binding is in the admission plugin's informer: wait for a refusal.
    const privileged = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'readiness-probe' },
      spec: {
        containers: [{ name: 'c', image: 'registry.example.com/c:1', securityContext: { privileged: true } }],
      },
    };
    const deadline = Date.now() + 60_000;
    while (admitted(await kube.create(this.deny, privileged, true))) {
      if (Date.now() > deadline)
        throw new Error(`the policy bound to ${this.deny} did not take effect in 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    while ((await kube.create(this.warn, privileged, true)).warnings.length === 0) {
      if (Date.now() > deadline)
        throw new Error(`the policy bound to ${this.warn} did not take effect in 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const scenarios = new Map<string, Scenario>();
function scenario(level: Level, version: PssVersion): Scenario {
  const key = `${level}@${version.minor}`;
  let found = scenarios.get(key);
  if (found === undefined) {
    found = new Scenario(level, version);
    scenarios.set(key, found);
  }
  return found;
}

/** The document as a request body: its own namespace dropped (the URL names it), a name where missing. */
function body(document: Record<string, unknown>, index: number): Record<string, unknown> {
  const metadata = { ...((document.metadata as Record<string, unknown> | undefined) ?? {}) };
  delete metadata.namespace;
  delete metadata.resourceVersion;
  delete metadata.uid;
  delete metadata.creationTimestamp;
  // Our own name: some fixtures' names are not DNS subdomains, which validation refuses before admission.
  delete metadata.generateName;
  metadata.name = `input-${index}`;
  const rest = structuredClone(document);
  withinLimits(rest);
  delete rest.status;
  return { ...rest, metadata };
}

/**
 * The benchmark corpus draws requests and limits independently, so some requests exceed their limits,
 * which the API server's validation refuses before admission runs: such requests are lowered to the
 * limit (no rule reads requests), so that admission, not validation, judges the object.
 */
function withinLimits(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(withinLimits);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  const resources = record.resources as
    { requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined;
  if (resources?.requests !== undefined && resources.limits !== undefined)
    for (const key of Object.keys(resources.requests))
      if (key in resources.limits) resources.requests[key] = resources.limits[key];
  Object.values(record).forEach(withinLimits);
}

/** Service accounts a pod names must exist, or the ServiceAccount admission plugin refuses it first. */
function serviceAccountOf(document: Record<string, unknown>): string | undefined {
  const spec = document.spec as Record<string, unknown> | undefined;
  const pod =
    document.kind === 'Pod'
      ? spec
      : document.kind === 'CronJob'
        ? (
            (
              (spec?.jobTemplate as Record<string, unknown> | undefined)?.spec as
                Record<string, unknown> | undefined
            )?.template as Record<string, unknown> | undefined
          )?.spec
        : (spec?.template as Record<string, unknown> | undefined)?.spec;
  const name =
    (pod as Record<string, unknown> | undefined)?.serviceAccountName ??
    (pod as Record<string, unknown> | undefined)?.serviceAccount;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** The rule ids named by the policy's warnings (`... with binding '<b>': <rule>: <culprits>`). */
function warnedRules(response: KubeResponse): { rules: Set<string>; other: string[] } {
  const rules = new Set<string>();
  const other: string[] = [];
  for (const warning of response.warnings) {
    const match = /ValidatingAdmissionPolicy '[^']+' with binding '[^']+': ([a-z0-9-]+): /.exec(warning);
    if (match?.[1] !== undefined) rules.add(match[1]);
    // The server's own warnings (deprecated fields, Pod Security's `warn`) are not the policy's.
    else if (/ValidatingAdmissionPolicy/.test(warning)) other.push(warning);
  }
  return { rules, other };
}

/** The API server's validation refused the object: admission never saw it. */
class InvalidObject extends Error {}
/** Inputs the API server refuses as invalid objects, before any admission plugin runs. */
const invalid: string[] = [];

const counts = { documents: 0, requests: 0, psa: 0, warn: 0, deny: 0, invalid: 0 };
const mismatches: Mismatch[] = [];

async function judge(input: Input, index: number, serverMinor: number): Promise<void> {
  try {
    await judgeValid(input, index, serverMinor);
  } catch (error) {
    if (!(error instanceof InvalidObject)) throw error;
    counts.invalid++;
    invalid.push(`${input.source}: ${error.message}`);
  }
}

async function judgeValid(input: Input, index: number, serverMinor: number): Promise<void> {
  const version = input.version ?? { major: 1, minor: Math.min(LATEST_PSS_VERSION.minor, serverMinor) };
  const levels: Level[] = input.level === undefined ? ['baseline', 'restricted', 'hardened'] : [input.level];
  const request = body(input.document, index);
  const kind = String(request.kind);
  counts.documents++;
  for (const level of levels) {
    const at = scenario(level, version);
    await at.prepare();
    const findings = at.differential.auditFindings(input.document);
    const errorRules = [...findings.keys()].filter((rule) => at.errorRules.has(rule));
    const account = serviceAccountOf(request);
    const send = async (namespace: string): Promise<KubeResponse> => {
      if (account !== undefined) await kube.serviceAccount(namespace, account);
      counts.requests++;
      const response = await kube.create(namespace, request, true);
      if (response.status === 422 || response.status === 400) throw new InvalidObject(message(response));
      return response;
    };
    const label = `${level}@${formatPssVersion(version)}`;
    // (a) Pod Security admission: refuses pods, warns on templates.
    if (at.psa !== undefined) {
      const response = await send(at.psa);
      counts.psa++;
      const auditRefuses = findings.size > 0;
      const serverRefuses =
        kind === 'Pod'
          ? response.status === 403 && /violates PodSecurity/.test(message(response))
          : response.warnings.some((w) => /would violate PodSecurity/.test(w));
      if (auditRefuses !== serverRefuses || (kind === 'Pod' && !serverRefuses && !admitted(response)))
        mismatches.push({
          source: input.source,
          where: `Pod Security ${label} (${kind})`,
          audit: auditRefuses ? [...findings.keys()].join(', ') : 'admitted',
          server: admitted(response)
            ? `admitted${response.warnings.length > 0 ? ` (warnings: ${response.warnings.join(' | ')})` : ''}`
            : message(response),
        });
    }
    // (b) the project's policy, rule by rule (Warn) and as a verdict (Deny).
    const warned = await send(at.warn);
    counts.warn++;
    const { rules, other } = warnedRules(warned);
    const audited = new Set(findings.keys());
    const differ = [...new Set([...rules, ...audited])].filter((r) => rules.has(r) !== audited.has(r));
    if (differ.length > 0 || other.length > 0 || !admitted(warned))
      mismatches.push({
        source: input.source,
        where: `policy ${label} Warn (${kind}): ${differ.join(', ')}`,
        audit: [...audited].join(', ') || 'admitted',
        server: admitted(warned) ? [...rules, ...other].join(' | ') || 'admitted' : message(warned),
      });
    const denied = await send(at.deny);
    counts.deny++;
    const named =
      /ValidatingAdmissionPolicy '[^']+' with binding '[^']+' denied request: ([a-z0-9-]+): /.exec(
        message(denied),
      )?.[1];
    const serverRefuses = !admitted(denied);
    if (
      serverRefuses !== errorRules.length > 0 ||
      (serverRefuses && (named === undefined || !errorRules.includes(named)))
    )
      mismatches.push({
        source: input.source,
        where: `policy ${label} Deny (${kind})`,
        audit: errorRules.join(', ') || 'admitted',
        server: serverRefuses ? message(denied) : 'admitted',
      });
  }
}

let serverMinor = LATEST_PSS_VERSION.minor;
beforeAll(async () => {
  const version = await kube.send('GET', '/version');
  serverMinor = Number(String(version.body.minor).replace(/\D/g, ''));
});
afterAll(async () => {
  await kube.send(
    'DELETE',
    `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings?labelSelector=${TIER_LABEL}%3Ddifferential`,
  );
  await kube.send(
    'DELETE',
    `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies?labelSelector=${TIER_LABEL}%3Ddifferential`,
  );
  kube.close();
});

function report(name: string): void {
  console.log(
    `cluster differential ${name}: ${counts.documents} documents (${counts.invalid} invalid objects), ${counts.requests} dry runs (Pod Security ${counts.psa}, policy Warn ${counts.warn}, Deny ${counts.deny}), ${mismatches.length} disagreements`,
  );
}

/** Judges every input; the test fails on any disagreement. */
async function expectAgreement(name: string, inputs: readonly Input[], invalidObjects = 0): Promise<void> {
  mismatches.length = 0;
  invalid.length = 0;
  for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] = 0;
  await inBatches(
    inputs.map((input, index) => ({ input, index })),
    4,
    ({ input, index }) => judge(input, index, serverMinor),
  );
  report(name);
  // The whole list for investigation (the assertion shows the first 30).
  const file = process.env.CLUSTER_DISAGREEMENTS_FILE;
  if (file !== undefined)
    appendFileSync(file, mismatches.map((m) => JSON.stringify({ suite: name, ...m })).join('\n') + '\n');
  if (invalid.length > 0)
    console.log(
      `cluster differential ${name}: refused as invalid objects before admission:\n${invalid.join('\n')}`,
    );
  expect(counts.documents).toBe(inputs.length);
  // An input the API server cannot store is outside the comparison: their number is pinned, so a new
  // one is looked at, never silently dropped.
  expect(invalid.length).toBe(invalidObjects);
  expect(mismatches.slice(0, 30)).toEqual([]);
  expect(mismatches.length).toBe(0);
}

describe('the audit agrees with the API server’s admission', () => {
  it('on the upstream Pod Security fixtures, each at its own level and version', async () => {
    const inputs = pssFixtures().map((f) => ({
      source: `pss/${f.level}/${f.version}/${f.expect}/${f.name}`,
      document: f.pod as unknown as Record<string, unknown>,
      level: f.level,
      version: parsePssVersion(f.version) ?? LATEST_PSS_VERSION,
    }));
    await expectAgreement('PSS fixtures', inputs);
  });

  it('on the Kyverno resources at every level', async () => {
    const inputs = kyvernoWorkloads().map(({ file, document }) => ({
      source: file,
      document: document as Record<string, unknown>,
    }));
    // 35 Kyverno test documents (7 files) are not valid objects: procMount Unmasked without hostUsers: false,
    // HostProcess pods mixing non-HostProcess containers or off the host network, AppArmor annotations
    // naming no valid profile, a port without containerPort. The API server refuses them before admission.
    await expectAgreement('Kyverno resources', inputs, 35);
  });

  it(`on ${CORPUS_SIZE} corpus workloads at every level`, async () => {
    const inputs = corpusWorkloads(CORPUS_SIZE)
      .slice(0, CORPUS_SIZE)
      .map((document, i) => ({ source: `corpus#${i}`, document: document as Record<string, unknown> }));
    expect(inputs.length).toBe(CORPUS_SIZE);
    await expectAgreement('corpus', inputs);
  });
});
