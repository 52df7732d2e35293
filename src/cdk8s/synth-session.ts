import { App, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { guardMethod } from './guarded-method';

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
 * A hardened object of a chart, as the chart's output is checked against it: what the construct
 * audited (its sealed rendering), how to find the object in the output, and how to judge an object
 * written in its place.
 */
export interface WrittenObjectCheck {
  /** The construct path, for messages. */
  readonly path: string;
  /** The object's kind. */
  readonly kind: string;
  /** The object's name and namespace, read when the chart's output is checked. */
  identity(): { readonly name: unknown; readonly namespace: unknown };
  /** The rendering audited in this synth session, if any: written as it is, it needs no second look. */
  audited(): unknown;
  /** The synth errors of an object written in the rendering's place (empty: it keeps the posture). */
  judge(written: unknown): readonly string[];
}

const checksByChart = new WeakMap<object, WrittenObjectCheck[]>();

/**
 * Checks the output of `scope`'s chart against `check` whenever the chart renders: an object
 * written in place of the audited rendering (a Chart subclass's toJson() returning a changed copy)
 * is audited as written, and fails the synth when it breaks the posture.
 */
export function checkWrittenObject(scope: IConstruct, check: WrittenObjectCheck): void {
  trackSynthSessions(scope);
  const chart = chartOf(scope);
  if (chart === undefined) return;
  const checks = checksByChart.get(chart);
  if (checks === undefined) checksByChart.set(chart, [check]);
  else checks.push(check);
}

function chartOf(scope: IConstruct): Chart | undefined {
  try {
    return Chart.of(scope);
  } catch {
    return undefined; // not inside a chart: nothing to wrap
  }
}

const identityKey = (kind: unknown, namespace: unknown, name: unknown) =>
  `${String(kind)}\u0000${typeof namespace === 'string' ? namespace : ''}\u0000${String(name)}`;

/** Throws when the chart's output holds, in place of a hardened object's audited rendering, one that breaks the posture. */
function verifyChartOutput(chart: Chart, output: unknown): void {
  const checks = checksByChart.get(chart);
  if (checks === undefined || output === null || typeof output !== 'object') return;
  const audited = new Set<unknown>();
  const byIdentity = new Map<string, WrittenObjectCheck>();
  for (const check of checks) {
    audited.add(check.audited());
    const { name, namespace } = check.identity();
    byIdentity.set(identityKey(check.kind, namespace, name), check);
  }
  const errors: string[] = [];
  for (const written of Object.values(output)) {
    // The audited rendering itself is frozen: written as it is, it is what was judged.
    if (audited.has(written) || written === null || typeof written !== 'object') continue;
    const metadata = (written as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
    const check = byIdentity.get(
      identityKey((written as { kind?: unknown }).kind, metadata?.namespace, metadata?.name),
    );
    if (check === undefined) continue;
    for (const error of check.judge(written)) errors.push(`[${check.path}] ${error}`);
  }
  if (errors.length > 0) {
    throw new Error(
      `Chart ${chart.node.path}: toJson() returned objects other than the ones their hardened constructs audited, and as written they break the posture:\n  ${errors.join('\n  ')}\n` +
        '  fix: change the workload through the construct (props, exemptions) instead of post-processing the rendered object; a post-processor may add labels and annotations',
    );
  }
}

/**
 * Opens a synth session around the synth entry points of the app and chart that hold `scope`, and
 * checks what the chart's toJson() returns against what its hardened objects audited. Idempotent:
 * each app and chart is wrapped once. A later assignment to `chart.toJson` (a post-processing
 * wrapper) is kept, inside the session and the check.
 */
export function trackSynthSessions(scope: IConstruct): void {
  // The direct parent is usually the chart: most constructs of an app then cost one lookup.
  const parent = scope.node.scope;
  if (parent !== undefined && tracked.has(parent)) return;
  const chart = chartOf(scope);
  if (chart !== undefined && !tracked.has(chart)) {
    tracked.add(chart);
    // A Chart subclass's toJson() is the base layer: its output is checked like any other.
    guardMethod<unknown[]>(
      chart,
      'toJson',
      chart.toJson.bind(chart),
      (render) =>
        inSession(() => {
          const output = render();
          verifyChartOutput(chart, output);
          return output;
        }),
      chart.node.path,
    );
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
