/**
 * A real control plane for the cluster tier: etcd and kube-apiserver (built by test/cluster/build.sh from the
 * Go module proxy) on loopback, with generated certificates, an admin client certificate in system:masters
 * and a service-account signing key. Pod Security admission and ValidatingAdmissionPolicy are the API
 * server's own, built in and on by default.
 *
 *   npm run cluster:up     builds or reuses the binaries, starts the control plane (or finds it running),
 *                          writes .cluster/kubeconfig and prints the server version
 *   npm run cluster:down   stops it
 *
 * CLUSTER_MINOR=1.34 selects the other built minor (default 1.37). State lives in .cluster/ (gitignored).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
export const CLUSTER_DIR = join(ROOT, '.cluster');
const STATE_FILE = join(CLUSTER_DIR, 'state.json');
const READY_TIMEOUT_MS = 120_000;

/** What `up` leaves in .cluster/state.json for `down` and the tests. */
export interface ClusterState {
  readonly minor: string;
  readonly server: string;
  readonly etcdPid: number;
  readonly apiserverPid: number;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly kubeconfig: string;
}

export function readState(): ClusterState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ClusterState;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A free loopback port (the kernel picks it; a process that then loses a race reports "address in use"). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        done(port);
      });
    });
  });
}

/** GET a path of the API server with the admin certificate: status and body. */
export function get(state: ClusterState, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const url = new URL(path, state.server);
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        ca: readFileSync(state.caFile),
        cert: readFileSync(state.certFile),
        key: readFileSync(state.keyFile),
        timeout: 10_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          done({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', fail);
    req.end();
  });
}

function openssl(args: readonly string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, the serving certificate (127.0.0.1, localhost), the admin client certificate, the SA key pair. */
function generateCertificates(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const at = (name: string) => join(dir, name);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=hardened-workloads-test-ca',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
  ]);
  const sign = (name: string, subject: string, extensions: string) => {
    openssl([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      subject,
      '-keyout',
      at(`${name}.key`),
      '-out',
      at(`${name}.csr`),
    ]);
    writeFileSync(at(`${name}.ext`), extensions);
    openssl([
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at('ca.crt'),
      '-CAkey',
      at('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      at(`${name}.ext`),
      '-out',
      at(`${name}.crt`),
    ]);
  };
  sign(
    'apiserver',
    '/CN=kube-apiserver',
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n',
  );
  sign('admin', '/O=system:masters/CN=hardened-workloads-admin', 'extendedKeyUsage=clientAuth\n');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', at('sa.key')]);
  openssl(['pkey', '-in', at('sa.key'), '-pubout', '-out', at('sa.pub')]);
}

function tail(file: string, lines = 25): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function start(binary: string, args: readonly string[], log: string): number {
  const out = openSync(log, 'w');
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${binary}`);
  return child.pid;
}

async function waitFor(what: string, pid: number, log: string, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!alive(pid)) throw new Error(`${what} exited while starting; its log ends:\n${tail(log)}`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not ready after ${READY_TIMEOUT_MS / 1000} s; its log ends:\n${tail(log)}`);
}

function build(minor: string): { etcd: string; apiserver: string } {
  let output: string;
  try {
    output = execFileSync('bash', [join(__dirname, 'build.sh'), minor], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch {
    throw new Error(`the control plane for Kubernetes ${minor} did not build (see the log above)`);
  }
  const value = (key: string) =>
    /^([A-Z_]+)=(.*)$/m.exec(output.split('\n').find((l) => l.startsWith(`${key}=`)) ?? '')?.[2];
  const etcd = value('ETCD');
  const apiserver = value('KUBE_APISERVER');
  if (etcd === undefined || apiserver === undefined)
    throw new Error(`build.sh printed no binaries:\n${output}`);
  return { etcd, apiserver };
}

function stop(state: ClusterState): void {
  for (const pid of [state.apiserverPid, state.etcdPid]) {
    if (alive(pid)) process.kill(-pid, 'SIGTERM');
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && [state.apiserverPid, state.etcdPid].some(alive))
    execFileSync('sleep', ['0.2']);
  for (const pid of [state.apiserverPid, state.etcdPid]) {
    if (alive(pid)) process.kill(-pid, 'SIGKILL');
  }
}

async function version(state: ClusterState): Promise<string> {
  const { body } = await get(state, '/version');
  return (JSON.parse(body) as { gitVersion: string }).gitVersion;
}

/** Starts the control plane, or returns the one already running at the same minor. */
export async function up(minor = process.env.CLUSTER_MINOR ?? '1.37'): Promise<ClusterState> {
  const running = readState();
  if (running !== undefined) {
    if (running.minor === minor && alive(running.apiserverPid) && alive(running.etcdPid)) {
      const ready = await get(running, '/readyz').catch(() => ({ status: 0 }));
      if (ready.status === 200) return running;
    }
    stop(running);
    rmSync(STATE_FILE, { force: true });
  }
  const { etcd, apiserver } = build(minor);
  const dir = join(CLUSTER_DIR, 'run');
  rmSync(dir, { recursive: true, force: true });
  const pki = join(dir, 'pki');
  generateCertificates(pki);
  const [etcdClient, etcdPeer, securePort] = await Promise.all([freePort(), freePort(), freePort()]);
  const etcdLog = join(dir, 'etcd.log');
  const etcdPid = start(
    etcd,
    [
      '--name=test',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=test=http://127.0.0.1:${etcdPeer}`,
      // A throwaway store: no fsync, so the tier does not wait on the disk.
      '--unsafe-no-fsync',
    ],
    etcdLog,
  );
  const apiserverLog = join(dir, 'kube-apiserver.log');
  let apiserverPid = 0;
  try {
    await waitFor('etcd', etcdPid, etcdLog, async () => {
      const res = await fetch(`http://127.0.0.1:${etcdClient}/health`);
      return res.ok;
    });
    apiserverPid = start(
      apiserver,
      [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${securePort}`,
        `--tls-cert-file=${join(pki, 'apiserver.crt')}`,
        `--tls-private-key-file=${join(pki, 'apiserver.key')}`,
        `--client-ca-file=${join(pki, 'ca.crt')}`,
        `--service-account-key-file=${join(pki, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
        '--service-account-issuer=https://kubernetes.default.svc',
        '--service-cluster-ip-range=10.0.0.0/24',
        '--authorization-mode=RBAC',
        // No kubernetes Service endpoints for a loopback address (the reconciler refuses 127.0.0.1).
        '--endpoint-reconciler-type=none',
        // As every real cluster: privileged pods exist, and the policies (not this flag) must refuse them.
        '--allow-privileged=true',
        `--cert-dir=${join(dir, 'apiserver-certs')}`,
      ],
      apiserverLog,
    );
    const state: ClusterState = {
      minor,
      server: `https://127.0.0.1:${securePort}`,
      etcdPid,
      apiserverPid,
      caFile: join(pki, 'ca.crt'),
      certFile: join(pki, 'admin.crt'),
      keyFile: join(pki, 'admin.key'),
      kubeconfig: join(CLUSTER_DIR, 'kubeconfig'),
    };
    await waitFor(
      'kube-apiserver',
      apiserverPid,
      apiserverLog,
      async () => (await get(state, '/readyz')).status === 200,
    );
    writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
    writeFileSync(state.kubeconfig, kubeconfig(state));
    return state;
  } catch (error) {
    stop({ etcdPid, apiserverPid } as ClusterState);
    throw error;
  }
}

function kubeconfig(state: ClusterState): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: hardened-workloads-test',
    '  cluster:',
    `    server: ${state.server}`,
    `    certificate-authority: ${state.caFile}`,
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate: ${state.certFile}`,
    `    client-key: ${state.keyFile}`,
    'contexts:',
    '- name: hardened-workloads-test',
    '  context: {cluster: hardened-workloads-test, user: admin}',
    'current-context: hardened-workloads-test',
    '',
  ].join('\n');
}

/** Stops the control plane if it runs. */
export function down(): boolean {
  const state = readState();
  if (state === undefined) return false;
  stop(state);
  rmSync(STATE_FILE, { force: true });
  rmSync(state.kubeconfig, { force: true });
  return true;
}

async function main(command: string | undefined): Promise<number> {
  if (command === 'up') {
    const state = await up();
    console.log(`cluster: Kubernetes ${await version(state)} ready at ${state.server}`);
    console.log(`cluster: kubeconfig ${state.kubeconfig} (KUBECONFIG=${state.kubeconfig} kubectl get ns)`);
    return 0;
  }
  if (command === 'down') {
    console.log(down() ? 'cluster: stopped' : 'cluster: not running');
    return 0;
  }
  console.error('usage: tsx test/cluster/control-plane.ts up|down');
  return 2;
}

if (require.main === module) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
