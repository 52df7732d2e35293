import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded on first use. The audit parses with js-yaml; `yaml` only places the
 * rare fields js-yaml's events cannot and names the line of a JSON syntax error. Loading it costs
 * about 40 ms, which every audit (and the CLI's cold start) would otherwise pay for nothing.
 */
export function yamlPackage(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load, by design
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
}
