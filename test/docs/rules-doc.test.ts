import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES, renderRulesMarkdown } from 'hardened-workloads';

test('docs/rules.md is generated from the current rule registry (run `npm run docs:rules` when this fails)', () => {
  const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
  expect(committed).toBe(renderRulesMarkdown(ALL_RULES));
});

test('every rule has its own anchor in docs/rules.md', () => {
  const doc = renderRulesMarkdown(ALL_RULES);
  for (const rule of ALL_RULES) expect(doc).toContain(`### \`${rule.id}\``);
  expect(doc).toContain('## Justifying an exemption');
});
