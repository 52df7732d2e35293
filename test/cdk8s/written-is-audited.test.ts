/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/unbound-method -- rendered manifests are untyped JSON, and the wrappers capture toJson unbound exactly as the user code they stand for does */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';
import { IMAGE } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered JSON, read by field name
type Manifest = Record<string, any>;

const withPodSpec = (object: Manifest, extra: Manifest): Manifest => ({
  ...object,
  spec: {
    ...object.spec,
    template: { ...object.spec.template, spec: { ...object.spec.template.spec, ...extra } },
  },
});

function appWith(
  ChartClass: new (scope: Construct, id: string) => Chart,
  tamper: (deployment: HardenedDeployment, chart: Chart) => void = () => undefined,
) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-written-'));
  const app = new App({ outdir });
  const chart = new ChartClass(app, 'prod');
  const deployment = new HardenedDeployment(chart, 'api', {
    containers: [{ name: 'app', image: IMAGE, portNumber: 8080 }],
  });
  tamper(deployment, chart);
  const written = () => fs.readFileSync(path.join(outdir, 'prod.k8s.yaml'), 'utf8');
  return { app, outdir, written };
}

describe('what cdk8s writes is what the hardened construct audited', () => {
  test('a Chart subclass whose toJson() adds hostNetwork, hostPID and privileged fails the synth, writing nothing', () => {
    class HostChart extends Chart {
      public override toJson(): Manifest[] {
        return (super.toJson() as Manifest[]).map((object) =>
          object.kind === 'Deployment'
            ? withPodSpec(object, {
                hostNetwork: true,
                hostPID: true,
                containers: object.spec.template.spec.containers.map((c: Manifest) => ({
                  ...c,
                  securityContext: { ...c.securityContext, privileged: true },
                })),
              })
            : object,
        );
      }
    }
    const target = appWith(HostChart);
    expect(() => {
      target.app.synth();
    }).toThrow(
      /Chart prod: toJson\(\) returned objects other than[^]*\[prod\/api\] host-namespaces: [^]*hostNetwork[^]*\[prod\/api\] privileged: container "app"/,
    );
    expect(fs.readdirSync(target.outdir)).toEqual([]);
  });

  test('honest: a Chart subclass whose toJson() adds labels and annotations synthesizes them', () => {
    class LabelledChart extends Chart {
      public override toJson(): Manifest[] {
        return (super.toJson() as Manifest[]).map((object) => ({
          ...object,
          metadata: {
            ...object.metadata,
            labels: { ...object.metadata.labels, team: 'payments' },
            annotations: { ...object.metadata.annotations, 'example.com/owner': 'payments' },
          },
        }));
      }
    }
    const target = appWith(LabelledChart);
    target.app.synth();
    expect(target.written()).toContain('team: payments');
    expect(target.written()).toContain('example.com/owner: payments');
  });

  test('a chart.toJson wrapper assigned after the constructs is checked the same way', () => {
    const target = appWith(Chart, (_deployment, chart) => {
      const render = chart.toJson;
      chart.toJson = () => (render() as Manifest[]).map((object) => withPodSpec(object, { hostIPC: true }));
    });
    expect(() => {
      target.app.synth();
    }).toThrow(/\[prod\/api\] host-namespaces: .*hostIPC/);
    expect(fs.readdirSync(target.outdir)).toEqual([]);
  });

  test('a wrapped ApiObject.toJson that answers the audit one way and the writer another is rendered once: the audit sees what is written', () => {
    let calls = 0;
    const target = appWith(Chart, (deployment) => {
      const object = ApiObject.of(deployment);
      const render = object.toJson;
      object.toJson = () => {
        calls += 1;
        const rendered = render() as Manifest;
        return calls === 1 ? rendered : withPodSpec(rendered, { hostNetwork: true });
      };
    });
    // The wrapper's first answer is the one both the audit and the writer get.
    target.app.synth();
    expect(calls).toBe(1);
    expect(target.written()).not.toContain('hostNetwork');
  });

  test('a wrapped ApiObject.toJson that always adds hostNetwork fails the synth', () => {
    const target = appWith(Chart, (deployment) => {
      const object = ApiObject.of(deployment);
      const render = object.toJson;
      object.toJson = () => withPodSpec(render() as Manifest, { hostNetwork: true });
    });
    expect(() => {
      target.app.synth();
    }).toThrow(/\[prod\/api\] host-namespaces: .*hostNetwork/);
    expect(fs.readdirSync(target.outdir)).toEqual([]);
  });

  test('honest: a wrapped ApiObject.toJson adding a label synthesizes it', () => {
    const target = appWith(Chart, (deployment) => {
      const object = ApiObject.of(deployment);
      const render = object.toJson;
      object.toJson = () => {
        const rendered = render() as Manifest;
        return { ...rendered, metadata: { ...rendered.metadata, labels: { tier: 'web' } } };
      };
    });
    target.app.synth();
    expect(target.written()).toContain('tier: web');
  });
});
