import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, resolve } from 'node:path';
import { load } from 'js-yaml';

/** A client of the real API server, from the kubeconfig the cluster tier writes (client certificate auth). */
export interface ApiServer {
  /** GETs an API path; `undefined` for 404, the parsed object otherwise; any other status throws. */
  get(path: string): Promise<Record<string, unknown> | undefined>;
}

interface KubeconfigFile {
  clusters: { cluster: Record<string, string> }[];
  users: { user: Record<string, string> }[];
}

/** Reads a `*-data` field (base64) or its file counterpart, relative to the kubeconfig. */
function credential(entry: Record<string, string>, field: string, base: string): Buffer {
  const data = entry[`${field}-data`];
  if (data !== undefined) return Buffer.from(data, 'base64');
  const file = entry[field];
  if (file === undefined) throw new Error(`kubeconfig: neither ${field}-data nor ${field} is set`);
  return readFileSync(resolve(base, file));
}

export function apiServerFromKubeconfig(kubeconfigPath: string): ApiServer {
  const config = load(readFileSync(kubeconfigPath, 'utf8')) as KubeconfigFile;
  const base = dirname(kubeconfigPath);
  const cluster = config.clusters[0]?.cluster;
  const user = config.users[0]?.user;
  if (cluster === undefined || user === undefined) throw new Error(`${kubeconfigPath}: no cluster or user`);
  const server = new URL(cluster.server ?? '');
  const ca = credential(cluster, 'certificate-authority', base);
  const cert = credential(user, 'client-certificate', base);
  const key = credential(user, 'client-key', base);
  return {
    get: (path) =>
      new Promise((done, fail) => {
        const req = request(new URL(path, server), { method: 'GET', ca, cert, key }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 404) done(undefined);
            else if (res.statusCode !== 200)
              fail(new Error(`GET ${path}: ${String(res.statusCode)} ${body}`));
            else done(JSON.parse(body) as Record<string, unknown>);
          });
        });
        req.on('error', fail);
        req.end();
      }),
  };
}
