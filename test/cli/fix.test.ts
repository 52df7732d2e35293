import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli';
import { auditPaths } from '../../src/audit';
import { TempTree } from '../audit/temp-files';
import { fakeIo } from './fake-io';

const repo = join(__dirname, '..', '..');
const tree = new TempTree();
afterAll(() => {
  tree.remove();
});

async function cli(...argv: string[]) {
  const { io, out, err } = fakeIo({ cwd: tree.root });
  const code = await run(argv, io);
  return { code, stdout: out(), stderr: err() };
}

const WEB = `# web tier: owned by team-web
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # the public one
spec:
  replicas: 2
  template:
    metadata: { labels: { app: web } }
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          image: "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000"   # pinned
          ports:
            - containerPort: 8080
          resources:
            limits: {cpu: 500m, memory: 256Mi}
        - name: sidecar
          image: 'envoy@sha256:1111111111111111111111111111111111111111111111111111111111111111'
          securityContext:
            runAsUser: 10001
            runAsGroup: 10001
            capabilities:
              drop:
                - NET_RAW
          resources:
            limits: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: "prod"}
`;

/** Whether every line of `before` is in `after`, in order: nothing written was changed or dropped. */
function keepsEveryLine(before: string, after: string): boolean {
  const lines = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    while (at < lines.length && lines[at] !== line) at++;
    if (at === lines.length) return false;
    at++;
  }
  return true;
}

const rulesOf = (file: string) => new Set(auditPaths([file]).findings.map((finding) => finding.rule));

describe('hardened-workloads fix', () => {
  test('writes the missing fields, keeping every byte already written; the audit no longer reports them', async () => {
    const file = tree.write('web.yaml', WEB);
    expect(rulesOf(file)).toEqual(
      new Set([
        'allow-privilege-escalation',
        'capabilities-restricted',
        'read-only-root-filesystem',
        'run-as-non-root',
        'seccomp-profile-restricted',
        'explicit-non-root-ids',
      ]),
    );
    const result = await cli('fix', file);
    const fixed = readFileSync(file, 'utf8');
    expect(keepsEveryLine(WEB, fixed)).toBe(true);
    expect(fixed).toContain('              drop:\n                - NET_RAW\n                - ALL\n');
    expect(result.stdout).toMatch(/set Deployment web: pod: securityContext\.runAsNonRoot=true/);
    // What is left needs a person: the web container's user and group ids.
    expect(rulesOf(file)).toEqual(new Set(['explicit-non-root-ids']));
    expect(result.stdout).toMatch(/needs a person: Deployment web: explicit-non-root-ids: container "web"/);
    expect(result.code).toBe(1);
  });

  test('a second run changes nothing', async () => {
    const file = tree.path('web.yaml');
    const before = readFileSync(file, 'utf8');
    const result = await cli('fix', file);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(result.stdout).not.toMatch(/: set /);
  });

  test('never weakens or overwrites: a value set the other way is left and listed', async () => {
    const insecure = readFileSync(join(repo, 'examples', 'manifests', 'insecure.yaml'), 'utf8');
    const file = tree.write(
      'agent.yaml',
      insecure.replace('privileged: true', 'privileged: true\n            allowPrivilegeEscalation: true'),
    );
    const result = await cli('fix', file);
    const fixed = readFileSync(file, 'utf8');
    expect(fixed).toMatch(/privileged: true/);
    expect(fixed).toMatch(/allowPrivilegeEscalation: true/);
    expect(fixed).not.toMatch(/allowPrivilegeEscalation: false/);
    expect(result.stdout).toMatch(
      /left as is: .*securityContext\.allowPrivilegeEscalation is true, not false: a choice to review/,
    );
    expect(result.stdout).toMatch(/needs a person: Deployment build-agent: privileged:/);
    expect(result.code).toBe(1);
  });

  test('--dry-run prints the diff and writes nothing', async () => {
    const file = tree.write('dry.yaml', WEB);
    const result = await cli('fix', file, '--dry-run');
    expect(readFileSync(file, 'utf8')).toBe(WEB);
    expect(result.stdout).toMatch(/^\+ {10}securityContext:$/m);
    expect(result.stdout).toMatch(
      /would set Deployment web: container "web": securityContext\.readOnlyRootFilesystem=true/,
    );
  });

  test('flow-style mappings are not reformatted: the field is listed for a person', async () => {
    const file = tree.write(
      'flow.yaml',
      WEB.replace(
        / {10}securityContext:\n[\s\S]*?- NET_RAW\n/,
        '          securityContext: {runAsUser: 10001, runAsGroup: 10001}\n',
      ),
    );
    const result = await cli('fix', file);
    expect(result.stdout).toMatch(
      /container "sidecar": securityContext is written in flow style: set securityContext\.allowPrivilegeEscalation=false, securityContext\.readOnlyRootFilesystem=true, securityContext\.capabilities\.drop=\["ALL"\] by hand/,
    );
    expect(readFileSync(file, 'utf8')).toContain('securityContext: {runAsUser: 10001, runAsGroup: 10001}\n');
  });

  test('a file that does not parse is not touched (exit 2)', async () => {
    const broken = 'apiVersion: v1\nkind: Pod\nspec: [\n';
    const file = tree.write('broken.yaml', broken);
    const result = await cli('fix', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.yaml: not changed: does not parse/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });
});
