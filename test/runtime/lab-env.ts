/** The lab that test/runtime/lab.sh prepared, read from its environment, and a process helper. */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface LabEnv {
  readonly docker: string;
  readonly dockerCompose: string;
  readonly podman: string;
  /** The local busybox image, present for docker and podman. */
  readonly image: string;
  /** A scratch directory for generated files. */
  readonly dir: string;
  /** The podman configuration for these VMs (ulimits, runc). */
  readonly containersConf: string;
  /** A host directory holding `nc`: busybox with the file capability cap_net_bind_service+ep. */
  readonly fileCapDir: string;
}

/** The lab's settings; throws (never skips) when the suite was not started by lab.sh. */
export function labEnv(): LabEnv {
  const need = (name: string): string => {
    const v = process.env[name];
    if (v === undefined || v === '') {
      throw new Error(`${name} is not set: run the runtime suite with 'bash test/runtime/lab.sh'`);
    }
    return v;
  };
  return {
    docker: need('HW_DOCKER'),
    dockerCompose: need('HW_DOCKER_COMPOSE'),
    podman: need('HW_PODMAN'),
    image: need('HW_RUNTIME_IMAGE'),
    dir: need('RUNTIME_LAB_DIR'),
    containersConf: need('CONTAINERS_CONF'),
    fileCapDir: need('HW_FILECAP_DIR'),
  };
}

/** A name no other run uses: `hw-<label>-<random>`, valid for docker, compose and Kubernetes. */
export function uniqueName(label: string): string {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  return `hw-${safe}-${randomBytes(4).toString('hex')}`;
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program (no shell) and resolves with its status and output; rejects only on timeout. */
export function run(file: string, args: readonly string[], timeoutMs = 60_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err !== null && (err.killed || typeof err.code !== 'number')) {
          reject(new Error(`${file} ${args.join(' ')}: ${err.message}\n${stderr}`));
          return;
        }
        resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr });
      },
    );
  });
}

/** Like {@link run} but rejects on a non-zero status, with the command and its stderr. */
export async function runOk(file: string, args: readonly string[], timeoutMs = 60_000): Promise<ExecResult> {
  const r = await run(file, args, timeoutMs);
  if (r.code !== 0) {
    throw new Error(`exit ${r.code}: ${file} ${args.join(' ')}\n${r.stderr}${r.stdout}`);
  }
  return r;
}
