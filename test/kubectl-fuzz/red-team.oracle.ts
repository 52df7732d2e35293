import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstDifference } from '../../src/audit/kubectl-decoder-reading';
import { readManifestText } from '../../src/audit/read-file';

/*
 * The oracle: the real kubectl (built from k8s.io/kubectl at the pinned version by run.sh) reads
 * each red-team input with `kubectl create --dry-run=client -o json --validate=false -f FILE`
 * against a static discovery endpoint on loopback, and the audit must either read exactly what
 * kubectl would send, or refuse the file (exit 2); a file kubectl refuses must be refused; a
 * secure file kubectl reads must be read.
 */

const KUBECTL = process.env.ORACLE_KUBECTL ?? '';

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n';
const container = (context: string) =>
  `${POD_HEAD}  containers:\n  - name: c\n    image: nginx\n    securityContext:\n${context}`;

type Expectation = 'refused' | 'read' | 'read or refused';

/** The red team's classes (issue 27), each with what the audit must do. */
const CASES: readonly (readonly [string, string, Expectation])[] = [
  [
    '`! <<` (merge behind a non-specific tag)',
    container('      runAsUser: 1000\n      ! <<: {runAsUser: 0}\n'),
    'read or refused',
  ],
  [
    '`? <<` (merge as an explicit key)',
    container('      runAsUser: 1000\n      ? <<\n      : {runAsUser: 0}\n'),
    'read or refused',
  ],
  [
    "`! '<<'` (quoted merge behind a tag)",
    container("      runAsUser: 1000\n      ! '<<': {runAsUser: 0}\n"),
    'read or refused',
  ],
  [
    '`!<!> <<` (verbatim tag)',
    container('      runAsUser: 1000\n      !<!> <<: {runAsUser: 0}\n'),
    'read or refused',
  ],
  [
    'an anchor redefined inside its own node',
    `x: &s {privileged: false, inner: &s {privileged: true}}\n${container('      <<: *s\n')}`,
    'read or refused',
  ],
  [
    'an empty list item before a comment (`- # --verbose`)',
    `${POD_HEAD}  containers:\n  - name: a\n    image: nginx\n    args:\n    - # --verbose\n  - name: root\n    image: nginx\n    securityContext: {privileged: true}\n`,
    'read or refused',
  ],
  [
    '`{hostPID: false, ?hostPID: true}` (flow `?` key)',
    `${POD_HEAD}  containers: [{name: c, image: nginx}]\n  securityContext: {}\n  nodeSelector: {hostPID: false, ?hostPID: true}\n`,
    'read or refused',
  ],
  ['a `\\/` escape', container('      seLinuxOptions: {type: "a\\/b"}\n'), 'refused'],
  ['a sequence as a key', container('      ? [privileged]\n      : true\n'), 'refused'],
  [
    'a self-referencing merge',
    `${POD_HEAD}  containers:\n  - &c\n    name: c\n    image: nginx\n    <<: *c\n`,
    'refused',
  ],
  [
    'a concatenated JSON stream (secure)',
    '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}\n{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b"}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}\n',
    'read',
  ],
  [
    'JSON with a raw tab in a string (the JSON reader fails, kubectl reads it as YAML)',
    '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "tab\there"}, "spec": {"containers": [{"name": "c", "image": "nginx", "securityContext": {"privileged": true, "privileged": false}}]}}\n',
    'read or refused',
  ],
  [
    'JSON after a no-break space (U+00A0)',
    '\u00a0{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}, "spec": {"containers": [{"name": "c", "image": "nginx", "securityContext": {"privileged": true}}]}}\n',
    'read or refused',
  ],
  [
    'a JSON document followed by a YAML one',
    '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  hostPID: true\n  containers: [{name: c, image: nginx}]\n',
    'read or refused',
  ],
  ['a trailing `...` line (secure)', `${container('      runAsNonRoot: true\n')}...\n`, 'read'],
];

let server: Server;
let directory: string;
let kubeconfig: string;

function discovery(): Server {
  const resources = (groupVersion: string, list: readonly (readonly [string, string])[]) =>
    JSON.stringify({
      kind: 'APIResourceList',
      groupVersion,
      resources: list.map(([name, kind]) => ({
        name,
        singularName: '',
        namespaced: true,
        kind,
        verbs: ['create', 'get', 'list'],
      })),
    });
  const routes: Record<string, string> = {
    '/api': JSON.stringify({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }),
    '/api/v1': resources('v1', [['pods', 'Pod']]),
    '/apis': JSON.stringify({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        {
          name: 'apps',
          versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
        },
      ],
    }),
    '/apis/apps/v1': resources('apps/v1', [['deployments', 'Deployment']]),
  };
  return createServer((request, response) => {
    const body = routes[(request.url ?? '').split('?')[0] ?? ''];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(body ?? '{}');
  });
}

function kubectl(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      [
        'create',
        '--dry-run=client',
        '-o',
        'json',
        '--validate=false',
        '--kubeconfig',
        kubeconfig,
        '-f',
        file,
      ],
      { encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** The values of a stream of JSON texts written one after the other. */
function jsonStream(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    if (inString) {
      if (character === '\\') i++;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === '{' || character === '[') {
      if (depth++ === 0) start = i;
    } else if ((character === '}' || character === ']') && --depth === 0) {
      values.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return values;
}

/** How the audit's reading compares with what kubectl sends (or its refusal). */
function judge(
  sent: { code: number; stdout: string; stderr: string },
  items: readonly { readonly document?: { readonly value: unknown }; readonly error?: Error }[],
): string {
  const refused = items.some((item) => item.error !== undefined);
  if (sent.code !== 0)
    return refused
      ? 'refused by kubectl and the audit'
      : `read by the audit, refused by kubectl: ${sent.stderr.trim()}`;
  if (refused) return 'refused by the audit only';
  // kubectl prints one JSON object after the other, or a List.
  const objects = jsonStream(sent.stdout).flatMap((output) => {
    const list = output as { kind?: string; items?: unknown[] };
    return list.kind === 'List' && Array.isArray(list.items) ? list.items : [output];
  });
  if (objects.length !== items.length)
    return `${objects.length} objects sent by kubectl, ${items.length} audited`;
  for (const [i, object] of objects.entries()) {
    // kubectl sets the namespace of its context on an object that names none.
    const metadata = (object as { metadata?: Record<string, unknown> }).metadata;
    const auditedMetadata = (items[i]?.document?.value as { metadata?: Record<string, unknown> } | undefined)
      ?.metadata;
    if (metadata !== undefined && auditedMetadata?.namespace === undefined) delete metadata.namespace;
    const path = firstDifference(object, items[i]?.document?.value, [i]);
    if (path !== undefined) return `read differently from kubectl at ${path.join('.')}`;
  }
  return 'read as kubectl reads it';
}

beforeAll(async () => {
  if (KUBECTL === '') throw new Error('ORACLE_KUBECTL is not set: run test/kubectl-fuzz/run.sh');
  directory = mkdtempSync(join(tmpdir(), 'kubectl-oracle-'));
  server = discovery();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kubeconfig = join(directory, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]\ncurrent-context: x\n`,
  );
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

describe('the red team against the real kubectl', () => {
  test.each(CASES)('%s', async (_name, text, expectation) => {
    const file = join(directory, `case-${CASES.findIndex(([, t]) => t === text)}.yaml`);
    writeFileSync(file, text);
    const sent = await kubectl(file);
    const items = [...readManifestText(file, text)];
    const verdict = judge(sent, items);
    console.log(`${_name}: ${verdict}`);
    const allowed: Record<Expectation, readonly string[]> = {
      refused: ['refused by kubectl and the audit'],
      read: ['read as kubectl reads it'],
      'read or refused': [
        'refused by kubectl and the audit',
        'read as kubectl reads it',
        'refused by the audit only',
      ],
    };
    expect(allowed[expectation]).toContain(verdict);
  });
});
