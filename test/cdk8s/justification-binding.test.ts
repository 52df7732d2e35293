import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';
import type { ContainerExemption } from 'hardened-workloads';
import { APPROVED, IMAGE } from './helpers';

// A justification covers the container and the mode it was reviewed for: mounting the approved
// volume into another container, or writably, is a new, unreviewed exposure.
function synthWith(
  exemption: ContainerExemption,
  tamper: (object: ApiObject) => void,
): { synth: () => void; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-binding-'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'prod');
  const deployment = new HardenedDeployment(chart, 'ci', {
    containers: [
      { name: 'agent', image: IMAGE, exemptions: [exemption] },
      { name: 'web', image: IMAGE, portNumber: 8080 },
    ],
  });
  tamper(ApiObject.of(deployment));
  return {
    synth: () => {
      app.synth();
    },
    outdir,
  };
}

const SOCKET = { kind: 'dockerSocket', justification: APPROVED } as const;
const LOGS = { kind: 'hostPath', hostPath: '/var/log/app', justification: APPROVED } as const;
const agentMount = (object: ApiObject) =>
  ((object.toJson() as { spec: { template: { spec: { containers: { volumeMounts?: unknown[] }[] } } } }).spec
    .template.spec.containers[0]!.volumeMounts ?? [])[0] as { name: string; mountPath: string };

describe('a justification is bound to its container and its mount mode (cdk8s)', () => {
  test('honest: the socket in the container it was approved for synthesizes', () => {
    const target = synthWith(SOCKET, () => undefined);
    target.synth();
    expect(fs.readdirSync(target.outdir)).toEqual(['prod.k8s.yaml']);
  });

  test('the approved socket mounted into a second container fails the synth, naming that container', () => {
    const target = synthWith(SOCKET, (object) => {
      const mount = agentMount(object);
      object.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/1/volumeMounts', [mount]));
    });
    expect(target.synth).toThrow(
      /\[prod\/ci\] no-container-runtime-socket: .*container "web" mounts it read-write/,
    );
    expect(fs.readdirSync(target.outdir)).toEqual([]);
  });

  test('honest: a host path reviewed read-only and mounted read-only synthesizes', () => {
    const target = synthWith(LOGS, () => undefined);
    target.synth();
    expect(fs.readdirSync(target.outdir)).toEqual(['prod.k8s.yaml']);
  });

  test('a host path reviewed read-only and made writable fails the synth', () => {
    const target = synthWith(LOGS, (object) => {
      object.addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/volumeMounts/0/readOnly'));
    });
    expect(target.synth).toThrow(
      /\[prod\/ci\] restricted-volumes: .*hostPath "\/var\/log\/app"[^]*readOnly: false/,
    );
    expect(fs.readdirSync(target.outdir)).toEqual([]);
  });
});
