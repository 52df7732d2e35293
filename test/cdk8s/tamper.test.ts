import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';
import { IMAGE } from './helpers';

const POD = '/spec/template/spec';
const MAIN = `${POD}/containers/0/securityContext`;

interface Tampered {
  readonly app: App;
  readonly outdir: string;
}

function tampered(weaken: (api: HardenedDeployment, chart: Chart) => void): Tampered {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-cdk8s-'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'prod');
  const api = new HardenedDeployment(chart, 'api', {
    containers: [{ name: 'app', image: IMAGE, portNumber: 8080 }],
  });
  weaken(api, chart);
  return { app, outdir };
}

function expectSynthFailure(target: Tampered, rule: string, field: string): void {
  expect(() => {
    target.app.synth();
  }).toThrow(new RegExp(`\\[prod/api\\] ${rule}: .*\\(field ${field.replace(/[[\]().]/g, '\\$&')}\\)`));
  expect(fs.readdirSync(target.outdir)).toEqual([]);
}

function patch(...patches: JsonPatch[]): (api: HardenedDeployment) => void {
  return (api) => {
    ApiObject.of(api).addJsonPatch(...patches);
  };
}

const C0 = 'spec.template.spec.containers[0]';

describe('a weakened hardened workload fails the synth, naming the construct path, the rule and the field', () => {
  test('an untouched workload synthesizes', () => {
    const target = tampered(() => undefined);
    target.app.synth();
    expect(fs.readdirSync(target.outdir)).toEqual(['prod.k8s.yaml']);
  });

  test('privileged', () => {
    expectSynthFailure(
      tampered(patch(JsonPatch.replace(`${MAIN}/privileged`, true))),
      'privileged',
      `${C0}.securityContext.privileged`,
    );
  });

  test('allowPrivilegeEscalation', () => {
    expectSynthFailure(
      tampered(patch(JsonPatch.replace(`${MAIN}/allowPrivilegeEscalation`, true))),
      'allow-privilege-escalation',
      `${C0}.securityContext.allowPrivilegeEscalation`,
    );
  });

  test('readOnlyRootFilesystem', () => {
    expectSynthFailure(
      tampered(patch(JsonPatch.replace(`${MAIN}/readOnlyRootFilesystem`, false))),
      'read-only-root-filesystem',
      `${C0}.securityContext.readOnlyRootFilesystem`,
    );
  });

  test('capabilities: drop removed', () => {
    expectSynthFailure(
      tampered(patch(JsonPatch.remove(`${MAIN}/capabilities/drop`))),
      'capabilities-restricted',
      `${C0}.securityContext.capabilities.drop`,
    );
  });

  test('capabilities: one added without a justification', () => {
    expectSynthFailure(
      tampered(patch(JsonPatch.add(`${MAIN}/capabilities/add`, ['SYS_ADMIN']))),
      'capabilities-restricted',
      `${C0}.securityContext.capabilities.add[0]`,
    );
  });

  test('runAsNonRoot', () => {
    expectSynthFailure(
      tampered(
        patch(
          JsonPatch.replace(`${POD}/securityContext/runAsNonRoot`, false),
          JsonPatch.remove(`${MAIN}/runAsNonRoot`),
        ),
      ),
      'run-as-non-root',
      'spec.template.spec.securityContext.runAsNonRoot',
    );
  });

  test('runAsUser 0', () => {
    expectSynthFailure(
      tampered(patch(JsonPatch.replace(`${POD}/securityContext/runAsUser`, 0))),
      'run-as-user',
      'spec.template.spec.securityContext.runAsUser',
    );
  });

  test('pod seccomp profile removed', () => {
    expectSynthFailure(
      tampered(patch(JsonPatch.remove(`${POD}/securityContext/seccompProfile`))),
      'seccomp-profile-restricted',
      `${C0}.securityContext.seccompProfile.type`,
    );
  });

  test.each([
    ['hostNetwork', 'hostNetwork'],
    ['hostPid', 'hostPID'],
    ['hostIpc', 'hostIPC'],
  ])('a host namespace (patch path %s)', (patchKey, field) => {
    expectSynthFailure(
      tampered(patch(JsonPatch.add(`${POD}/${patchKey}`, true))),
      'host-namespaces',
      `spec.template.spec.${field}`,
    );
  });

  test('a JSON patch must use the cdk8s name: a patch of hostPID is dropped by cdk8s-plus-28', () => {
    // Patches apply before the generated code maps names, which keeps only the fields it knows.
    const target = tampered(patch(JsonPatch.add(`${POD}/hostPID`, true)));
    target.app.synth();
    expect(fs.readFileSync(path.join(target.outdir, 'prod.k8s.yaml'), 'utf8')).not.toMatch(/hostPID/);
  });

  test('a hostPath volume mounted through the cdk8s-plus API', () => {
    expectSynthFailure(
      tampered((api, chart) => {
        api.containers[0]!.mount(
          '/host/etc',
          kplus.Volume.fromHostPath(chart, 'etc', 'host-etc', { path: '/etc' }),
        );
      }),
      'restricted-volumes',
      'spec.template.spec.volumes[0].hostPath',
    );
  });

  test('the Docker socket mounted through the cdk8s-plus API', () => {
    expectSynthFailure(
      tampered((api, chart) => {
        const socket = kplus.Volume.fromHostPath(chart, 'sock', 'docker-sock', {
          path: '/var/run/docker.sock',
        });
        api.containers[0]!.mount('/var/run/docker.sock', socket);
      }),
      'no-container-runtime-socket',
      'spec.template.spec.volumes[0].hostPath.path',
    );
  });

  test('a hostPort added through the cdk8s-plus API', () => {
    expectSynthFailure(
      tampered((api) => {
        api.containers[0]!.addPort({ number: 9090, hostPort: 9090 });
      }),
      'host-ports',
      `${C0}.ports[1].hostPort`,
    );
  });

  test('an unhardened sidecar attached later through the cdk8s-plus API', () => {
    expectSynthFailure(
      tampered((api) => {
        api.attachContainer(new kplus.Container({ name: 'sidecar', image: IMAGE }));
      }),
      'capabilities-restricted',
      'spec.template.spec.containers[1].securityContext.capabilities.drop',
    );
  });

  test('a patch applied through node.findAll()', () => {
    expectSynthFailure(
      tampered((_api, chart) => {
        for (const node of chart.node.findAll()) {
          if (node instanceof ApiObject && node.kind === 'Deployment') {
            node.addJsonPatch(JsonPatch.replace(`${MAIN}/privileged`, true));
          }
        }
      }),
      'privileged',
      `${C0}.securityContext.privileged`,
    );
  });

  test('mutating the cdk8s-plus security context object changes nothing: the posture is re-rendered', () => {
    const target = tampered((api) => {
      Object.assign(api.containers[0]!.securityContext, { privileged: true, readOnlyRootFilesystem: false });
    });
    target.app.synth();
    const yaml = fs.readFileSync(path.join(target.outdir, 'prod.k8s.yaml'), 'utf8');
    expect(yaml).toMatch(/privileged: false/);
    expect(yaml).toMatch(/readOnlyRootFilesystem: true/);
  });

  test('automountServiceAccountToken is a warning: printed, the synth goes on', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const target = tampered(patch(JsonPatch.replace(`${POD}/automountServiceAccountToken`, true)));
      target.app.synth();
      expect(fs.readdirSync(target.outdir)).toEqual(['prod.k8s.yaml']);
    } finally {
      spy.mockRestore();
    }
    expect(written).toEqual([
      '[prod/api] warning service-account-token: pod must set automountServiceAccountToken=false, or justify the token with a serviceAccountToken exemption (field spec.template.spec.automountServiceAccountToken)\n',
    ]);
  });
});

describe('a JSON patch adding a container is judged as a new container, with the full posture', () => {
  test('a sidecar added by a patch without a securityContext fails the synth, naming it', () => {
    const target = tampered(patch(JsonPatch.add(`${POD}/containers/1`, { name: 'sidecar', image: IMAGE })));
    expect(() => {
      target.app.synth();
    }).toThrow(/\[prod\/api\] allow-privilege-escalation: container "sidecar" must set/);
    expect(fs.readdirSync(target.outdir)).toEqual([]);
  });

  test("honest: a patch of the existing container's image and env synthesizes", () => {
    const target = tampered(
      patch(
        JsonPatch.replace(`${POD}/containers/0/image`, `${IMAGE}-2`),
        JsonPatch.add(`${POD}/containers/0/env`, [{ name: 'MODE', value: 'fast' }]),
      ),
    );
    target.app.synth();
    expect(fs.readdirSync(target.outdir)).toEqual(['prod.k8s.yaml']);
  });
});
