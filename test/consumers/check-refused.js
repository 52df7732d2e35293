'use strict';
// Runs refused.ts as the template runs an app (ts-node) in a consumer project and checks that the
// synth fails with errors that point at the user's code: the construct path, the container, the
// field, the exemption kind to write with a one-line example, and refused.ts's own line where the
// construct was created; and that no stack frame names a file the package does not ship.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const app = 'refused.ts';
fs.rmSync('dist', { recursive: true, force: true });
// Transpile only: the project's type-check is another row; this one is about the runtime message.
const run = spawnSync('npx', ['--no-install', 'ts-node', '--transpile-only', app], { encoding: 'utf8' });
const output = `${run.stdout}${run.stderr}`;
console.log(output);
const creationLine =
  fs
    .readFileSync(app, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('new HardenedDeployment')) + 1;
const packageDir = path.join(process.cwd(), 'node_modules', 'hardened-workloads');
const shipped = (file) => fs.existsSync(file);

const expectations = [
  ['the synth fails', run.status !== 0],
  ['no file is written', !fs.existsSync('dist/web.k8s.yaml')],
  ['the construct path', output.includes('[web/api]')],
  ['the container', output.includes('container "api"')],
  ['the field', output.includes('spec.template.spec.containers[0].securityContext.capabilities.add')],
  [
    'the capability exemption, with an example',
    output.includes("exemptions: [{ kind: 'capability', capability: 'NET_ADMIN', justification: { reason: "),
  ],
  ['the docker socket exemption, with an example', output.includes("kind: 'dockerSocket'")],
  [`the user's file and line (${app}:${creationLine})`, output.includes(`${app}:${creationLine}:`)],
];
// Every frame that names a file of the package names a shipped one.
const frames = [...output.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():\s]+):\d+:\d+\)?/g)].map((m) => m[1]);
const unshipped = frames.filter((f) => f.startsWith(packageDir) && !shipped(f));
expectations.push([
  `no frame from an unshipped file of the package (${unshipped.join(', ') || 'none'})`,
  unshipped.length === 0,
]);

let failed = 0;
for (const [what, ok] of expectations) {
  console.log(`${ok ? 'ok  ' : 'MISS'} ${what}`);
  if (!ok) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
