import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';
import { IMAGE } from './helpers';

const POD = '/spec/template/spec';
// This file, as the error shows it: relative to the working directory (jest runs at the root).
const THIS_FILE = 'test/cdk8s/refusal-messages.test.ts';

/** The synth error of an app, with the line where its HardenedDeployment was created. */
function refusalOf(...patches: JsonPatch[]): { message: string; createdOnLine: number } {
  const app = new App({ outdir: '/nonexistent/not-written' });
  const chart = new Chart(app, 'web');
  const createdOnLine = Number(/:(\d+):\d+\)?$/.exec(new Error().stack?.split('\n')[1] ?? '')?.[1]) + 1;
  const api = new HardenedDeployment(chart, 'api', { containers: [{ name: 'api', image: IMAGE }] });
  ApiObject.of(api).addJsonPatch(...patches);
  try {
    app.synth();
  } catch (error) {
    return { message: (error as Error).message, createdOnLine };
  }
  throw new Error('the synth did not fail');
}

// A team's own workload class: the site is where the team's code creates it, not the class body.
class TeamService extends HardenedDeployment {}

describe('a refused construct points at the user code and says what to write', () => {
  test('a subclass of a hardened workload: created at the line that constructs the subclass', () => {
    const app = new App({ outdir: '/nonexistent/not-written' });
    const chart = new Chart(app, 'web');
    const createdOnLine = Number(/:(\d+):\d+\)?$/.exec(new Error().stack?.split('\n')[1] ?? '')?.[1]) + 1;
    const api = new TeamService(chart, 'api', { containers: [{ name: 'api', image: IMAGE }] });
    ApiObject.of(api).addJsonPatch(JsonPatch.add(`${POD}/hostPid`, true));
    expect(() => {
      app.synth();
    }).toThrow(`    created at ${THIS_FILE}:${createdOnLine}:`);
  });

  test('a capability added back: construct path, container, field, the capability exemption, the file and line', () => {
    const { message, createdOnLine } = refusalOf(
      JsonPatch.add(`${POD}/containers/0/securityContext/capabilities/add`, ['NET_ADMIN']),
    );
    expect(message).toContain(
      '[web/api] capabilities-restricted: container "api" must not include "NET_ADMIN" in securityContext.capabilities.add',
    );
    expect(message).toContain('(field spec.template.spec.containers[0].securityContext.capabilities.add');
    expect(message).toContain(
      `    fix: remove it, or allow it with a justified exemption on container "api": exemptions: [{ kind: 'capability', capability: 'NET_ADMIN', justification: { reason: '…' } }]`,
    );
    expect(message).toContain(`    created at ${THIS_FILE}:${createdOnLine}:`);
  });

  test('the docker socket: the dockerSocket kind with an approver, not a plain hostPath exemption', () => {
    const { message } = refusalOf(
      JsonPatch.add(`${POD}/volumes`, [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }]),
    );
    expect(message).toContain('[web/api] no-container-runtime-socket: ');
    expect(message).toContain(
      "fix: remove it, or allow it with a justified exemption on the container that mounts it: exemptions: [{ kind: 'dockerSocket', justification: { reason: '…', approvedBy: '…' } }]",
    );
    // restricted-volumes allows either kind: the socket's own comes first, the other is named.
    expect(message).toMatch(
      /restricted-volumes: .*\n {4}fix: .*kind: 'dockerSocket'.* \(or kind 'hostPath'\)/,
    );
  });

  test('another host path: the hostPath kind naming that path', () => {
    const { message } = refusalOf(
      JsonPatch.add(`${POD}/volumes`, [{ name: 'logs', hostPath: { path: '/var/log' } }]),
    );
    expect(message).toContain(
      "exemptions: [{ kind: 'hostPath', hostPath: '/var/log', justification: { reason: '…', approvedBy: '…' } }]",
    );
  });

  test('a finding no exemption may allow gives the rule remedy instead', () => {
    const { message } = refusalOf(JsonPatch.remove(`${POD}/containers/0/securityContext/capabilities/drop`));
    expect(message).toMatch(/capabilities-restricted: .*drop.*\n {4}fix: .*\(no exemption can allow it\)/);
    expect(message).not.toMatch(/capabilities-restricted: .*drop.*\n {4}fix: remove it, or allow it/);
  });
});
