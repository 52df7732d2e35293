import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ruleAnchor } from '../rules';

// Two levels up from both src/report and lib/report: the package root, whose docs/rules.md ships.
const RULES_DOC = join(__dirname, '..', '..', 'docs', 'rules.md');

/**
 * Where a rule is documented, as a path the reader can open: `docs/rules.md#<rule-id>` inside the
 * installed package (e.g. `node_modules/hardened-workloads/docs/rules.md#privileged`), relative to
 * `cwd` when the package is below it. The package's version may not be published anywhere, so no
 * registry page is linked.
 */
export function ruleDocsLink(ruleId: string, cwd: string): string {
  const anchor = ruleAnchor({ id: ruleId }).replace(/^docs\/rules\.md/, '');
  if (!existsSync(RULES_DOC)) return `${ruleAnchor({ id: ruleId })} (not found in the installed package)`;
  const fromCwd = relative(cwd, RULES_DOC);
  const path = fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : RULES_DOC;
  return `${path.split(sep).join('/')}${anchor}`;
}
