/**
 * A small client of the tier's API server: plain HTTPS with the admin client certificate of
 * .cluster/state.json (written by `npm run cluster:up`), keep-alive so thousands of dry runs reuse a
 * connection. Returns what the server said (status, body, warnings), never throws on a refusal.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { ClusterState } from './control-plane';
import { readState } from './control-plane';

/** One answer of the API server. */
export interface KubeResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** The `Warning` headers' texts (Pod Security `warn`, ValidatingAdmissionPolicy `Warn`). */
  readonly warnings: string[];
}

/** What a REST path of a kind is: `/api/v1/namespaces/<ns>/pods`. */
const RESOURCES: Readonly<Record<string, { group: string; plural: string }>> = {
  Pod: { group: '/api/v1', plural: 'pods' },
  PodTemplate: { group: '/api/v1', plural: 'podtemplates' },
  ReplicationController: { group: '/api/v1', plural: 'replicationcontrollers' },
  ConfigMap: { group: '/api/v1', plural: 'configmaps' },
  ServiceAccount: { group: '/api/v1', plural: 'serviceaccounts' },
  Deployment: { group: '/apis/apps/v1', plural: 'deployments' },
  ReplicaSet: { group: '/apis/apps/v1', plural: 'replicasets' },
  StatefulSet: { group: '/apis/apps/v1', plural: 'statefulsets' },
  DaemonSet: { group: '/apis/apps/v1', plural: 'daemonsets' },
  Job: { group: '/apis/batch/v1', plural: 'jobs' },
  CronJob: { group: '/apis/batch/v1', plural: 'cronjobs' },
};

/** Warning headers are `299 - "text"` (RFC 7234), quotes and backslashes escaped. */
function warningText(header: string): string {
  const match = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(header);
  return match?.[1]?.replace(/\\(.)/g, '$1') ?? header;
}

export class Kube {
  private readonly agent: Agent;

  public constructor(public readonly state: ClusterState) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 8,
      ca: readFileSync(state.caFile),
      cert: readFileSync(state.certFile),
      key: readFileSync(state.keyFile),
    });
  }

  /** The client of the running control plane; a clear error when none runs. */
  public static connect(): Kube {
    const state = readState();
    if (state === undefined)
      throw new Error('no control plane: run `npm run cluster:up` (or test/cluster/run.sh) first');
    return new Kube(state);
  }

  public close(): void {
    this.agent.destroy();
  }

  public send(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<KubeResponse> {
    const url = new URL(path, this.state.server);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((done, fail) => {
      const req = request(
        {
          agent: this.agent,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          headers: {
            accept: 'application/json',
            ...(payload !== undefined && {
              'content-type': contentType,
              'content-length': Buffer.byteLength(payload),
            }),
          },
          timeout: 60_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const header: string | string[] | undefined = res.headers.warning;
            const raw: string[] = header === undefined ? [] : Array.isArray(header) ? header : [header];
            // Node joins repeated Warning headers with ", ": split on the start of the next `299 - "`.
            const warnings = raw.flatMap((h) => h.split(/, (?=\d{3} \S+ ")/)).map(warningText);
            let parsed: Record<string, unknown> = {};
            try {
              parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
            } catch {
              parsed = { message: text };
            }
            done({ status: res.statusCode ?? 0, body: parsed, warnings });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', fail);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** The collection path of a kind (in a namespace unless cluster-scoped). */
  public static collection(kind: string, namespace?: string): string {
    const resource = RESOURCES[kind];
    if (resource === undefined) throw new Error(`the tier's client does not know kind ${kind}`);
    return `${resource.group}${namespace === undefined ? '' : `/namespaces/${namespace}`}/${resource.plural}`;
  }

  /** Creates an object; `dryRun` runs the whole admission chain and stores nothing. */
  public create(
    namespace: string | undefined,
    object: Record<string, unknown>,
    dryRun = false,
  ): Promise<KubeResponse> {
    const kind = String(object.kind);
    const path = kind.startsWith('ValidatingAdmissionPolicy')
      ? `/apis/admissionregistration.k8s.io/v1/${kind === 'ValidatingAdmissionPolicy' ? 'validatingadmissionpolicies' : 'validatingadmissionpolicybindings'}`
      : kind === 'Namespace'
        ? '/api/v1/namespaces'
        : Kube.collection(kind, namespace);
    return this.send('POST', `${path}${dryRun ? '?dryRun=All' : ''}`, object);
  }

  /** Creates or fails the test with the server's message. */
  public async must(namespace: string | undefined, object: Record<string, unknown>): Promise<KubeResponse> {
    const response = await this.create(namespace, object);
    if (response.status !== 201 && response.status !== 200)
      throw new Error(`creating ${String(object.kind)} failed (${response.status}): ${message(response)}`);
    return response;
  }

  /** Creates a namespace with labels (and its default ServiceAccount, which no controller creates here). */
  public async namespace(name: string, labels: Record<string, string> = {}): Promise<void> {
    await this.must(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
    await this.serviceAccount(name, 'default');
  }

  /** Creates a ServiceAccount unless it exists. */
  public async serviceAccount(namespace: string, name: string): Promise<void> {
    const response = await this.create(namespace, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name },
    });
    if (response.status !== 201 && response.status !== 409)
      throw new Error(`creating ServiceAccount ${namespace}/${name} failed: ${message(response)}`);
  }
}

/** The server's message of a refusal. */
export function message(response: KubeResponse): string {
  return typeof response.body.message === 'string' ? response.body.message : JSON.stringify(response.body);
}

/** Whether the server admitted (created or would create) the object. */
export function admitted(response: KubeResponse): boolean {
  return response.status === 200 || response.status === 201;
}
