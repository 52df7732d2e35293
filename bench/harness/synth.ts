import { join } from 'node:path';
import { loadOptional } from './optional';
import type { RunContext, WorkResult } from './types';

type Cdk8s = typeof import('cdk8s');
type Plus = typeof import('cdk8s-plus-28');
type Construct = import('constructs').Construct;
type Chart = import('cdk8s').Chart;

export const DEPLOYMENTS = 1000;

export interface SynthKit {
  cdk8s: Cdk8s;
  plus: Plus;
  /** Adds one deployment of the shared container to `chart`. */
  add: (chart: Chart, id: string, index: number) => void;
}

/** The same container on both sides of the pair, so the difference is the hardening alone. */
function containerProps(plus: Plus, cdk8s: Cdk8s, index: number) {
  return {
    name: 'app',
    image: `registry.example.com/payments/api:1.${index}.0`,
    portNumber: 8080,
    envVariables: {
      LOG_LEVEL: plus.EnvValue.fromValue('info'),
      HTTP_PORT: plus.EnvValue.fromValue('8080'),
      REGION: plus.EnvValue.fromValue('eu-west-1'),
    },
    resources: {
      cpu: { request: plus.Cpu.millis(100), limit: plus.Cpu.millis(500) },
      memory: { request: cdk8s.Size.mebibytes(128), limit: cdk8s.Size.mebibytes(256) },
    },
    liveness: plus.Probe.fromHttpGet('/healthz', { port: 8080 }),
    readiness: plus.Probe.fromHttpGet('/readyz', { port: 8080 }),
  };
}

export async function plainKit(): Promise<SynthKit> {
  const cdk8s = await import('cdk8s');
  const plus = await import('cdk8s-plus-28');
  return {
    cdk8s,
    plus,
    add: (chart, id, index) => {
      new plus.Deployment(chart, id, { replicas: 2, containers: [containerProps(plus, cdk8s, index)] });
    },
  };
}

/**
 * The one call into the library's cdk8s side. Assumes HardenedDeployment takes cdk8s-plus
 * DeploymentProps (containers without securityContext); adjust here if its props differ.
 */
export async function hardenedKit(ctx: RunContext): Promise<SynthKit> {
  const kit = await plainKit();
  const HardenedDeployment = loadOptional(join(ctx.repoRoot, 'src', 'cdk8s'), 'HardenedDeployment') as new (
    scope: Construct,
    id: string,
    props: object,
  ) => unknown;
  return {
    ...kit,
    add: (chart, id, index) => {
      new HardenedDeployment(chart, id, {
        replicas: 2,
        containers: [containerProps(kit.plus, kit.cdk8s, index)],
      });
    },
  };
}

/** Builds the app and renders it in memory: `synthYaml` runs the same validation and synthesis as `synth`. */
export function synthesize(kit: SynthKit, charts: number): Promise<WorkResult> {
  const app = new kit.cdk8s.App();
  const perChart = DEPLOYMENTS / charts;
  for (let c = 0; c < charts; c++) {
    const chart = new kit.cdk8s.Chart(app, `chart-${c}`);
    for (let d = 0; d < perChart; d++) kit.add(chart, `web-${d}`, c * perChart + d);
  }
  const yaml = app.synthYaml();
  // A cheap proof that the hardened side rendered its posture (and the plain side did not).
  const dropAll = yaml.split(/^\s*- ALL$/m).length - 1;
  return Promise.resolve({
    units: DEPLOYMENTS,
    check: `${(yaml.length / 1e6).toFixed(1)} MB of YAML, ${charts} chart${charts === 1 ? '' : 's'}, ${dropAll} drop ALL`,
  });
}
