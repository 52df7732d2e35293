import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunContext, WorkResult } from './types';

/**
 * The parsers a floor can be. Each reads the files one at a time, as the audit must, and only
 * counts documents, so the figure is what it costs to turn the bytes into objects and nothing more.
 */
export interface Parser {
  key: string;
  label: string;
  load: () => Promise<(text: string) => number>;
}

export const PARSERS: readonly Parser[] = [
  {
    key: 'js-yaml-4',
    label: 'js-yaml 4 loadAll',
    load: async () => {
      const yaml = await import('js-yaml');
      return (text) => yaml.loadAll(text).length;
    },
  },
  {
    key: 'yaml',
    label: 'yaml parseAllDocuments',
    load: async () => {
      const yaml = await import('yaml');
      return (text) => {
        const docs = yaml.parseAllDocuments(text);
        // parseAllDocuments stops at the CST; toJS is the part that yields the objects an audit reads.
        let n = 0;
        for (const doc of Array.isArray(docs) ? docs : [docs]) {
          if (doc.toJS() !== undefined) n++;
        }
        return n;
      };
    },
  },
  {
    key: 'js-yaml-5',
    label: 'js-yaml 5 loadAll',
    load: async () => {
      const yaml = await import('js-yaml-5');
      return (text) => yaml.loadAll(text).length;
    },
  },
];

export function parserByKey(key: string): Parser {
  const parser = PARSERS.find((p) => p.key === key);
  if (parser === undefined) throw new Error(`unknown parser ${key}`);
  return parser;
}

export function corpusOf(ctx: RunContext): NonNullable<RunContext['corpus']> {
  if (ctx.corpus === undefined) throw new Error('this variant needs a corpus');
  return ctx.corpus;
}

export async function parseCorpus(ctx: RunContext, parse: (text: string) => number): Promise<WorkResult> {
  const corpus = corpusOf(ctx);
  let docs = 0;
  for (const file of corpus.files) docs += parse(readFileSync(join(corpus.dir, file), 'utf8'));
  await Promise.resolve();
  return { units: corpus.workloads, check: `${docs} documents` };
}
