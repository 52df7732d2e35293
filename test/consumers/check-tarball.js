'use strict';
// Checks the unpacked tarball (its package/ directory) as a consumer receives it:
//  - only lib/, bin/, the WebAssembly readers (wasm/), docs/rules.md, README, LICENSE, NOTICE and package.json are shipped;
//  - a source map is shipped only with every source it points at (today: no maps at all);
//  - every package a shipped .d.ts imports is a dependency or a peer (or a Node built-in), and a
//    dependency without its own types has its @types package among the dependencies too, so no
//    consumer build needs a devDependency's types (run it on the installed copy: dependencies resolve);
//  - `typesVersions` maps every `exports` subpath to the same declarations, for node10 resolution.
// Prints each problem and exits 1 when there is one.
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const root = process.argv[2];
if (!root) throw new Error('usage: node check-tarball.js <installed package directory>');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const problems = [];

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [path.relative(root, full).split(path.sep).join('/')];
  });
}
const files = walk(root);
const shipped = new Set(files);

const allowed =
  /^(lib\/|bin\/|wasm\/(kubernetes-reader\.wasm|compose-reader\.wasm|wasm_exec\.js)$|docs\/rules\.md$|README\.md$|LICENSE$|NOTICE$|package\.json$)/;
for (const file of files)
  if (!allowed.test(file)) problems.push(`${file}: not part of the package's public files`);

const maps = files.filter((f) => f.endsWith('.map'));
for (const map of maps) {
  const { sources = [], sourcesContent } = JSON.parse(fs.readFileSync(path.join(root, map), 'utf8'));
  for (const [i, source] of sources.entries()) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(map), source));
    if (!shipped.has(target) && !(sourcesContent && sourcesContent[i])) {
      problems.push(`${map}: points at ${target}, which is not shipped`);
    }
  }
}

const declared = new Set([
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
]);
const builtins = new Set(builtinModules);
const importPattern = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|reference\s+types=)['"]([^'"]+)['"]/g;
const declarations = files.filter((f) => f.endsWith('.d.ts'));
for (const file of declarations) {
  // Comments may show imports (examples); triple-slash references are kept.
  const text = fs
    .readFileSync(path.join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/(?!\/\s*<reference).*$/gm, '');
  for (const [, specifier] of text.matchAll(importPattern)) {
    if (specifier.startsWith('.')) continue;
    const name = specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : specifier.split('/')[0];
    if (specifier.startsWith('node:') || builtins.has(name)) continue;
    if (name === manifest.name) continue;
    if (!declared.has(name)) {
      problems.push(`${file}: imports "${specifier}", which is neither a dependency nor a peer`);
    } else if (name in (manifest.dependencies ?? {}) && !hasOwnTypes(name)) {
      const typesPackage = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
      if (!(typesPackage in manifest.dependencies)) {
        problems.push(`${file}: imports "${specifier}", whose types (${typesPackage}) are not a dependency`);
      }
    }
  }
}

// Whether an installed dependency ships its own declarations.
function hasOwnTypes(name) {
  const manifestPath = require.resolve(`${name}/package.json`, { paths: [root] });
  const dependency = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  return (
    dependency.types !== undefined ||
    dependency.typings !== undefined ||
    JSON.stringify(dependency.exports ?? {}).includes('"types"') ||
    fs.existsSync(path.join(path.dirname(manifestPath), 'index.d.ts'))
  );
}

const typesVersions = manifest.typesVersions?.['*'] ?? {};
for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
  if (subpath === '.' || typeof target !== 'object' || target.types === undefined) continue;
  const key = subpath.slice(2);
  const mapped = typesVersions[key];
  const expected = target.types.replace(/^\.\//, '');
  if (!Array.isArray(mapped) || mapped[0] !== expected) {
    problems.push(
      `typesVersions["*"]["${key}"] must be ["${expected}"] (exports "${subpath}"), found ${JSON.stringify(mapped)}`,
    );
  }
  if (!shipped.has(expected)) problems.push(`exports "${subpath}": ${expected} is not shipped`);
}

console.log(
  `${files.length} files, ${maps.length} source maps, ${declarations.length} declarations, ` +
    `${Object.keys(typesVersions).length} typesVersions entries`,
);
for (const problem of problems) console.error(problem);
process.exit(problems.length > 0 ? 1 : 0);
