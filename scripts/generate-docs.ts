// Regenerates docs/rules.md from the rule registry (`npm run docs:rules`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES, renderRulesMarkdown } from '../src/rules';

const target = join(__dirname, '..', 'docs', 'rules.md');
writeFileSync(target, renderRulesMarkdown(ALL_RULES));
console.log(`wrote ${target} (${ALL_RULES.length} rules)`);
