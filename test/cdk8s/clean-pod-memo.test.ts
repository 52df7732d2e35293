import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { auditRenderedManifest, HardenedDeployment } from 'hardened-workloads/cdk8s';
import { hardenedAudit } from '../../src/cdk8s/self-audit';
import { IMAGE } from './helpers';

const MAIN = '/spec/template/spec/containers/0';

/** A clean rendered Deployment, fresh each call. */
function cleanManifest(name = 'api'): Record<string, unknown> {
  const chart = Testing.chart();
  new HardenedDeployment(chart, name, { containers: [{ image: IMAGE }] });
  return Testing.synth(chart)[0] as Record<string, unknown>;
}

/** The pod spec of a rendered Deployment, for editing it in place. */
function podSpecOf(manifest: Record<string, unknown>): Record<string, unknown> {
  return (manifest.spec as { template: { spec: Record<string, unknown> } }).template.spec;
}

/** The container of a rendered Deployment, for editing it in place. */
function mainContainer(manifest: Record<string, unknown>): Record<string, unknown> {
  return (podSpecOf(manifest).containers as Record<string, unknown>[])[0] as Record<string, unknown>;
}

describe('the synth-time audit remembers only clean pods, and only their exact values', () => {
  test('a patched workload after many alike clean ones in one chart still fails the synth', () => {
    const chart = Testing.chart();
    for (let i = 0; i < 5; i++) new HardenedDeployment(chart, `api-${i}`, { containers: [{ image: IMAGE }] });
    const last = new HardenedDeployment(chart, 'patched', { containers: [{ image: IMAGE }] });
    ApiObject.of(last).addJsonPatch(JsonPatch.replace(`${MAIN}/securityContext/privileged`, true));
    expect(() => {
      Testing.synth(chart);
    }).toThrow('[test/patched] privileged:');
  });

  test('a change to an audited object after its clean verdict is audited again', () => {
    const audit = hardenedAudit();
    const manifest = cleanManifest();
    expect(auditRenderedManifest(manifest, undefined, audit).findings).toEqual([]);
    const securityContext = mainContainer(manifest).securityContext as Record<string, unknown>;
    securityContext.privileged = true;
    expect(auditRenderedManifest(manifest, undefined, audit).errors).toEqual([
      'privileged: container "main" must not set securityContext.privileged=true (field spec.template.spec.containers[0].securityContext.privileged)',
    ]);
  });

  test.each<[string, (podSpec: Record<string, unknown>) => void, (podSpec: Record<string, unknown>) => void]>(
    [
      [
        'an explicit undefined volume source is not an absent one',
        (podSpec) => {
          podSpec.volumes = [{ name: 'v' }];
        },
        (podSpec) => {
          podSpec.volumes = [{ name: 'v', hostPath: undefined }];
        },
      ],
      [
        'NaN is not null',
        (podSpec) => {
          (podSpec.securityContext as Record<string, unknown>).runAsUser = 10001;
        },
        (podSpec) => {
          (podSpec.securityContext as Record<string, unknown>).runAsUser = Number.NaN;
        },
      ],
    ],
  )('%s', (_, clean, changed) => {
    const audit = hardenedAudit();
    const first = cleanManifest('one');
    clean(podSpecOf(first));
    expect(auditRenderedManifest(first, undefined, audit).findings).toEqual([]);
    const second = cleanManifest('two');
    changed(podSpecOf(second));
    expect(auditRenderedManifest(second, undefined, audit).findings).not.toEqual([]);
  });

  test('an alike pod with a different name is clean without changing the verdict', () => {
    const audit = hardenedAudit();
    expect(auditRenderedManifest(cleanManifest('one'), undefined, audit).errors).toEqual([]);
    expect(auditRenderedManifest(cleanManifest('two'), undefined, audit).errors).toEqual([]);
  });
});
