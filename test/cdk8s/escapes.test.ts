import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';
import type { HardenedDeploymentProps } from 'hardened-workloads/cdk8s';
import { JUSTIFICATIONS_ANNOTATION } from 'hardened-workloads';
import { APPROVED, IMAGE, REASON } from './helpers';

/*
 * Regression tests for the escapes of "A justification is earned, not asserted": each one
 * synthesized (or constructed) before the fix.
 */

const LS = '\u2028';

interface Synth {
  readonly app: App;
  readonly chart: Chart;
  readonly outdir: string;
}

function appWith(build: (chart: Chart) => void): Synth {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-escapes-'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'chart');
  build(chart);
  return { app, chart, outdir };
}

function api(
  chart: Chart,
  props: Partial<HardenedDeploymentProps> = {},
  containerProps = {},
): HardenedDeployment {
  return new HardenedDeployment(chart, 'api', {
    containers: [{ name: 'api', image: IMAGE, portNumber: 8080, ...containerProps }],
    ...props,
  });
}

function expectSynthError(target: Synth, message: string | RegExp): void {
  expect(() => {
    target.app.synth();
  }).toThrow(message);
  expect(fs.readdirSync(target.outdir)).toEqual([]);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('output fidelity: nothing is written that Kubernetes reads differently', () => {
  test('U+2028 in workingDir smuggling hostPID: true fails the synth, naming the path and field', () => {
    const target = appWith((chart) =>
      api(chart, {}, { workingDir: `/app${LS}      hostPID:${LS}        true` }),
    );
    expectSynthError(
      target,
      new RegExp(
        escape(
          `[chart/api] container "api" field workingDir holds U+2028, a line break for Kubernetes' YAML reader`,
        ),
      ),
    );
  });

  const hazards: [string, string, string][] = [
    ['U+0085 (NEL)', '\u0085', "holds U+0085, a line break for Kubernetes' YAML reader"],
    ['U+2029', '\u2029', "holds U+2029, a line break for Kubernetes' YAML reader"],
    ['a C1 control', '\u009b', "holds U+009B, a character Kubernetes' YAML reader refuses"],
    ['DEL', '\u007f', "holds U+007F, a character Kubernetes' YAML reader refuses"],
    ['a lone surrogate', '\ud800', "holds U+D800, a character Kubernetes' YAML reader refuses"],
  ];

  test.each(hazards)('%s in an env value, an arg, a label and an annotation', (_name, char, problem) => {
    const target = appWith((chart) => {
      const workload = api(
        chart,
        {},
        { envVariables: { MODE: { value: `a${char}b` } }, args: [`--x${char}`] },
      );
      workload.metadata.addLabel('team', `a${char}`);
      workload.podMetadata.addAnnotation('note', `b${char}`);
    });
    let message = '';
    try {
      target.app.synth();
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain(`container "api" field env[0].value ${problem}`);
    expect(message).toContain(`container "api" field args[0] ${problem}`);
    expect(message).toContain(`field metadata.labels.team ${problem}`);
    expect(message).toContain(`field spec.template.metadata.annotations.note ${problem}`);
    expect(fs.readdirSync(target.outdir)).toEqual([]);
  });

  test('a merge key (<<) fails the synth: Kubernetes would merge, or refuse, what follows it', () => {
    const target = appWith((chart) => {
      api(chart).podMetadata.addAnnotation('<<', 'x');
    });
    expectSynthError(
      target,
      /key spec\.template\.metadata\.annotations\["<<"\] is a merge key \(<<\) for Kubernetes' YAML reader/,
    );
  });

  test('a string Kubernetes reads as an octal number fails the synth', () => {
    const target = appWith((chart) => api(chart, {}, { envVariables: { MODE: { value: '0o17' } } }));
    expectSynthError(target, /container "api" field env\[0\]\.value is "0o17", an octal number/);
  });

  test('ordinary Unicode (accents, CJK, emoji, tabs, newlines) synthesizes', () => {
    const target = appWith((chart) => {
      const workload = api(chart, {}, { envVariables: { GREETING: { value: 'héllo 世界 🚀\tline\nnext' } } });
      workload.podMetadata.addAnnotation('description', 'café, naïve, 日本');
    });
    target.app.synth();
    expect(fs.readdirSync(target.outdir)).toEqual(['chart.k8s.yaml']);
  });
});

describe('justifications are the construct own', () => {
  const privilegedPatch = JsonPatch.replace(
    '/spec/template/spec/containers/0/securityContext/privileged',
    true,
  );
  const forged = JSON.stringify([
    { exemption: 'privileged', container: 'api', reason: REASON.reason, approvedBy: 'security-review-board' },
  ]);

  test('a record added with podMetadata.addAnnotation, plus a privileged patch, fails the synth naming it', () => {
    const target = appWith((chart) => {
      const workload = api(chart);
      workload.podMetadata.addAnnotation(JUSTIFICATIONS_ANNOTATION, forged);
      ApiObject.of(workload).addJsonPatch(privilegedPatch);
    });
    expectSynthError(
      target,
      /justification-owned: annotation hardened-workloads\.io\/justifications on the pod template holds justifications this construct did not produce from its validated exemptions: "privileged" for container "api"/,
    );
  });

  test('a record added through metadata fails the synth', () => {
    const target = appWith((chart) => {
      const workload = api(chart, { metadata: { annotations: { [JUSTIFICATIONS_ANNOTATION]: forged } } });
      ApiObject.of(workload).addJsonPatch(privilegedPatch);
    });
    expectSynthError(target, /justification-owned: annotation .* on the object holds justifications/);
  });

  test('a record added by a JSON patch fails the synth, even beside the construct own records', () => {
    const target = appWith((chart) => {
      const workload = api(
        chart,
        {},
        { exemptions: [{ kind: 'capability', capability: 'NET_BIND_SERVICE', justification: REASON }] },
      );
      const own = [
        { exemption: 'capability', container: 'api', subject: 'NET_BIND_SERVICE', reason: REASON.reason },
      ];
      const value = JSON.stringify([...own, ...(JSON.parse(forged) as unknown[])]);
      ApiObject.of(workload).addJsonPatch(
        JsonPatch.replace(
          `/spec/template/metadata/annotations/${JUSTIFICATIONS_ANNOTATION.replace('/', '~1')}`,
          value,
        ),
        privilegedPatch,
      );
    });
    expectSynthError(
      target,
      /on the pod template holds justifications this construct did not produce .*"privileged" for container "api"/,
    );
  });

  test('the construct own records synthesize', () => {
    // Root, so that the add-back takes effect (as user 10001 the synth refuses it as a no-op).
    const exemptions = [
      { kind: 'runAsRoot', justification: REASON },
      { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: REASON },
    ] as const;
    const target = appWith((chart) => api(chart, {}, { exemptions }));
    target.app.synth();
    expect(fs.readdirSync(target.outdir)).toEqual(['chart.k8s.yaml']);
  });

  test('Object.prototype.approvedBy does not approve a privileged exemption', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.approvedBy = 'x';
    try {
      expect(() =>
        appWith((chart) =>
          api(
            chart,
            {},
            { exemptions: [{ kind: 'privileged', justification: { reason: REASON.reason } } as never] },
          ),
        ),
      ).toThrow(/justification\.approvedBy is required for this high-risk exemption/);
    } finally {
      delete proto.approvedBy;
    }
  });

  test('changing the exemption object after construction changes nothing that is written', () => {
    const exemption = { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: { ...REASON } };
    const root = { kind: 'runAsRoot', justification: REASON } as const;
    const target = appWith((chart) => api(chart, {}, { exemptions: [root, exemption as never] }));
    exemption.capability = 'SYS_ADMIN';
    target.app.synth();
    const written = fs.readFileSync(path.join(target.outdir, 'chart.k8s.yaml'), 'utf8');
    expect(written).toContain('NET_BIND_SERVICE');
    expect(written).not.toContain('SYS_ADMIN');
  });

  test('a later validation cannot change the audited object that is written', () => {
    const target = appWith((chart) => {
      const workload = api(chart);
      new Construct(chart, 'late').node.addValidation({
        validate: () => {
          const manifest = ApiObject.of(workload).toJson() as { spec: { template: { spec: object } } };
          // Reflect.set, as sloppy-mode code would: no exception, and the write must not land.
          const landed = Reflect.set(manifest.spec.template.spec, 'hostPID', true);
          return landed ? ['the rendered object was mutable'] : [];
        },
      });
    });
    target.app.synth();
    const written = fs.readFileSync(path.join(target.outdir, 'chart.k8s.yaml'), 'utf8');
    expect(written).not.toContain('hostPID');
  });

  // The sealed object is a JSON copy only when JSON holds the same data; -0 it does not.
  test('what is written is what cdk8s rendered, also where JSON would change a value', () => {
    const target = appWith((chart) => api(chart, { replicas: -0 }));
    target.app.synth();
    const written = fs.readFileSync(path.join(target.outdir, 'chart.k8s.yaml'), 'utf8');
    expect(written).toMatch(/^  replicas: -0$/m);
  });

  test('a later validation in strict mode that mutates the object fails the synth', () => {
    const target = appWith((chart) => {
      const workload = api(chart);
      new Construct(chart, 'late').node.addValidation({
        validate: () => {
          const manifest = ApiObject.of(workload).toJson() as {
            spec: { template: { spec: Record<string, unknown> } };
          };
          manifest.spec.template.spec.hostPID = true;
          return [];
        },
      });
    });
    expectSynthError(target, /object is not extensible/);
  });
});

describe('approval and posture settings at construction', () => {
  test('SYS_ADMIN without an approver does not construct', () => {
    expect(() =>
      appWith((chart) =>
        api(
          chart,
          {},
          { exemptions: [{ kind: 'capability', capability: 'SYS_ADMIN', justification: REASON } as never] },
        ),
      ),
    ).toThrow(/justification\.approvedBy is required/);
    expect(() =>
      appWith((chart) =>
        api(
          chart,
          {},
          { exemptions: [{ kind: 'capability', capability: 'SYS_ADMIN', justification: APPROVED }] },
        ),
      ),
    ).not.toThrow();
  });

  test("environment 'prod' is an error naming the accepted values", () => {
    expect(() => appWith((chart) => api(chart, { environment: 'prod' as never }))).toThrow(
      'HardenedDeployment: environment "prod" is not one of "production", "non-production"',
    );
  });

  test('maxExemptionDays refuses a high-risk exemption without a near expiry', () => {
    expect(() =>
      appWith((chart) =>
        api(chart, {
          maxExemptionDays: 30,
          podExemptions: [{ kind: 'hostPID', justification: APPROVED }],
        }),
      ),
    ).toThrow(/justification\.expires is required: the posture limits high-risk exemptions to 30 days/);
  });
});
