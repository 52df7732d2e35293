import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as MonokleModule from '@monokle/validation' with { 'resolution-mode': 'import' };
import type { Resource } from '@monokle/validation' with { 'resolution-mode': 'import' };
import { LineCounter, parseAllDocuments } from 'yaml';
import type { RunContext, WorkResult } from './types';

type Monokle = typeof MonokleModule;

export function loadMonokle(): Promise<Monokle> {
  // The package is ESM only; a dynamic import is the one way in from this CommonJS build.
  return import('@monokle/validation');
}

/**
 * Files into monokle resources the way its own CLI does (@monokle/parser's extractK8sResources:
 * `yaml` parseAllDocuments with a LineCounter, `toJS` per document, the document's text kept for
 * locations). @monokle/parser is not installed, so this is a small re-implementation of it.
 */
function extractResources(path: string, text: string): Resource[] {
  const lineCounter = new LineCounter();
  const resources: Resource[] = [];
  parseAllDocuments(text, { lineCounter }).forEach((doc, index) => {
    const content = doc.toJS() as {
      apiVersion?: string;
      kind?: string;
      metadata?: { name?: string; namespace?: string };
    } | null;
    if (content?.kind === undefined || content.apiVersion === undefined) return;
    const [start, , end] = doc.range;
    const resource: Resource = {
      id: `${path}#${index}`,
      fileId: path,
      filePath: path,
      fileOffset: lineCounter.linePos(start).line - 1,
      name: content.metadata?.name ?? '',
      apiVersion: content.apiVersion,
      kind: content.kind,
      content,
      text: text.slice(start, end),
    };
    if (content.metadata?.namespace !== undefined) resource.namespace = content.metadata.namespace;
    resources.push(resource);
  });
  return resources;
}

/**
 * Pod Security Standards at restricted: the plugin's baseline (PSS1xx) and restricted (PSS2xx)
 * rules, all as errors. Its restricted rules are off by default, so they are named one by one.
 * The core plugin loader registers the plugin in process; nothing is fetched.
 */
export async function peerCorpus(ctx: RunContext, monokle: Monokle): Promise<WorkResult> {
  if (ctx.corpus === undefined) throw new Error('the peer needs a corpus');
  const { dir, files, workloads, violating } = ctx.corpus;
  const validator = new monokle.MonokleValidator({
    loader: new monokle.DefaultPluginLoader(),
    parser: new monokle.ResourceParser(),
    schemaLoader: new monokle.SchemaLoader(),
    suppressors: [],
    fixer: new monokle.DisabledFixer(),
  });
  const plugins = { 'pod-security-standards': true };
  await validator.preload({ plugins });
  const ruleNames = (validator.rules['pod-security-standards'] ?? []).map((rule) => rule.name);
  if (ruleNames.length === 0) throw new Error('monokle loaded no Pod Security rules');
  await validator.preload({
    plugins,
    rules: Object.fromEntries(ruleNames.map((name) => [`pod-security-standards/${name}`, 'err'])),
  });

  const started = performance.now();
  const resources: Resource[] = [];
  for (const file of files) {
    const path = join(dir, file);
    resources.push(...extractResources(file, readFileSync(path, 'utf8')));
  }
  const extracted = performance.now();
  const response = await validator.validate({ resources });
  const validated = performance.now();

  const results = response.runs.flatMap((run) => run.results);
  const flagged = new Set(
    results.map(
      (r) =>
        r.locations[1].logicalLocations?.[0]?.fullyQualifiedName ??
        r.locations[0].physicalLocation?.artifactLocation.uri,
    ),
  );
  return {
    units: workloads,
    check:
      `${ruleNames.length} rules, ${results.length} results on ${flagged.size} workloads ` +
      `(corpus has ${violating} with a violation); read+extract ${((extracted - started) / 1000).toFixed(1)} s, ` +
      `validate ${((validated - extracted) / 1000).toFixed(1)} s`,
    retain: response,
  };
}
