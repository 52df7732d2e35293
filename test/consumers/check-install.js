'use strict';
// Checks a consumer project's node_modules (run in the project directory):
//   --absent a,b,@scope/*   none of these packages is installed, at any depth
//   --present a,b           each of these is installed at the top level
// Prints what it found and exits 1 on a surprise.
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1].split(',') : [];
};
const absent = option('--absent');
const present = option('--present');

// Every installed package name, nested node_modules included.
function installed(dir, found = new Set()) {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@')
      ? fs.readdirSync(path.join(dir, entry)).map((sub) => `${entry}/${sub}`)
      : [entry];
    for (const name of names) {
      found.add(name);
      installed(path.join(dir, name, 'node_modules'), found);
    }
  }
  return found;
}
const all = installed('node_modules');
const problems = [];
for (const pattern of absent) {
  const match = pattern.endsWith('/*')
    ? [...all].filter((n) => n.startsWith(pattern.slice(0, -1)))
    : all.has(pattern)
      ? [pattern]
      : [];
  if (match.length > 0) problems.push(`must not be installed: ${match.join(', ')}`);
}
for (const name of present) {
  if (!fs.existsSync(path.join('node_modules', name, 'package.json')))
    problems.push(`not installed: ${name}`);
}
console.log(
  `${all.size} packages installed; absent: ${absent.join(', ') || '-'}; present: ${present.join(', ') || '-'}`,
);
for (const problem of problems) console.error(problem);
process.exit(problems.length > 0 ? 1 : 0);
