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

/** Where synth sessions stand; read-only outside this module. */
export interface SynthSessionState {
  /** Incremented when a top-level synth starts. */
  readonly generation: number;
  /** Synth calls under way (nested chart synths count too). */
  readonly open: number;
}

const state = { generation: 0, open: 0 };
const tracked = new WeakSet<object>();

/**
 * The live session state. Hot paths keep this object in a local constant: cdk8s calls every
 * validation once per chart, and a property read is all a cached verdict should cost.
 */
export const SYNTH_SESSION: SynthSessionState = state;

/** The current synth generation, or undefined when no synth is under way. */
export function synthGeneration(): number | undefined {
  return state.open > 0 ? state.generation : undefined;
}

function inSession<R>(run: () => R): R {
  if (state.open === 0) state.generation += 1;
  state.open += 1;
  try {
    return run();
  } finally {
    state.open -= 1;
  }
}

/**
 * Opens a synth session around the synth entry points of the app and chart that hold `scope`.
 * Idempotent: each app and chart is wrapped once.
 */
export function trackSynthSessions(scope: IConstruct): void {
  // The direct parent is usually the chart: most constructs of an app then cost one lookup.
  const parent = scope.node.scope;
  if (parent !== undefined && tracked.has(parent)) return;
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
}
