import { App, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';

/*
 * cdk8s validates the whole app once per chart (App.synth, then every chart's toJson). A hardened
 * construct that rendered and audited itself in every pass would cost charts x objects renders.
 * A synth session spans one top-level synth call (App.synth, App.synthYaml, or Chart.toJson when
 * called on its own, as Testing.synth does). No user code runs inside a session, so a rendering
 * taken in a session holds until it ends; the next session starts a new generation and every
 * cached rendering is stale. Outside a session (a direct node.validate()) nothing is cached.
 */

let generation = 0;
let openSessions = 0;
const tracked = new WeakSet<object>();

/** The current synth generation, or undefined when no synth is under way. */
export function synthGeneration(): number | undefined {
  return openSessions > 0 ? generation : undefined;
}

function inSession<R>(run: () => R): R {
  if (openSessions === 0) generation += 1;
  openSessions += 1;
  try {
    return run();
  } finally {
    openSessions -= 1;
  }
}

/**
 * Opens a synth session around the synth entry points of the app and chart that hold `scope`.
 * Idempotent: each app and chart is wrapped once.
 */
export function trackSynthSessions(scope: IConstruct): void {
  const root = App.of(scope);
  if (root instanceof App && !tracked.has(root)) {
    tracked.add(root);
    const synth = root.synth.bind(root);
    const synthYaml = root.synthYaml.bind(root);
    root.synth = () => {
      inSession(synth);
    };
    root.synthYaml = () => inSession(synthYaml);
  }
  let chart: Chart | undefined;
  try {
    chart = Chart.of(scope);
  } catch {
    chart = undefined; // not inside a chart: nothing to wrap
  }
  if (chart !== undefined && !tracked.has(chart)) {
    tracked.add(chart);
    const toJson: () => unknown[] = chart.toJson.bind(chart);
    chart.toJson = () => inSession(toJson);
  }
}
