/* eslint-disable @typescript-eslint/no-unsafe-return -- synthesized manifests are untyped JSON; the tests read their fields by name */
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';
import { IMAGE } from './helpers';

const PRIVILEGED = JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true);

describe('the synth-time audit is cached per synth and never stale', () => {
  test('a patch added between two synths in the same tick is caught', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { containers: [{ image: IMAGE }] });
    expect(Testing.synth(chart)).toHaveLength(1);
    ApiObject.of(api).addJsonPatch(PRIVILEGED);
    expect(() => Testing.synth(chart)).toThrow('[test/api] privileged:');
  });

  test('synthesizing one chart does not leave a stale verdict for another', () => {
    const app = Testing.app();
    const first = new Chart(app, 'first');
    const second = new Chart(app, 'second');
    new HardenedDeployment(first, 'api', { containers: [{ image: IMAGE }] });
    const worker = new HardenedDeployment(second, 'worker', { containers: [{ image: IMAGE }] });
    Testing.synth(first);
    ApiObject.of(worker).addJsonPatch(PRIVILEGED);
    expect(() => Testing.synth(second)).toThrow('[second/worker] privileged:');
    expect(() => app.synthYaml()).toThrow('[second/worker] privileged:');
  });

  test('a direct node.validate() outside any synth audits the current object', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { containers: [{ image: IMAGE }] });
    expect(api.node.validate()).toEqual([]);
    ApiObject.of(api).addJsonPatch(PRIVILEGED);
    expect(api.node.validate()).toEqual([
      expect.stringMatching(
        /^privileged: container "main" must not set securityContext\.privileged=true \(field spec\.template\.spec\.containers\[0\]\.securityContext\.privileged\)\n {4}fix: /,
      ),
    ]);
  });

  test('each hardened object is rendered once per synth, however many charts validate', () => {
    const app = new App({ outdir: Testing.app().outdir });
    for (let i = 0; i < 6; i += 1) {
      new HardenedDeployment(new Chart(app, `chart-${i}`), 'api', { containers: [{ image: IMAGE }] });
    }
    const renders = jest.spyOn(HardenedDeployment.prototype, '_toPodSpec');
    try {
      app.synth();
      expect(renders).toHaveBeenCalledTimes(6);
      app.synth();
      expect(renders).toHaveBeenCalledTimes(12);
    } finally {
      renders.mockRestore();
    }
  });
});
