/**
 * Where each runtime case takes its input from: ONE LINE PER CASE. Today every case runs a
 * hand-written stand-in (hand-written-inputs.ts); when a library piece lands, replace that line by
 * the library's output, e.g.
 *
 *   dockerHardened: fromLibrary('HardenedContainer under Pulumi mocks', () => containerArgsOf(...)),
 *
 * where the function runs the Pulumi `HardenedContainer` component under Pulumi mocks and returns
 * the inputs the mock received for its `docker:index/container:Container` resource.
 * Each source is async so that such sources plug in unchanged.
 */
import type { PlainContainerArgs } from './docker-run-args';
import {
  HAND_WRITTEN_COMPOSE,
  HAND_WRITTEN_CONTAINER_ARGS,
  HAND_WRITTEN_CONTAINER_ARGS_NET_BIND,
  HAND_WRITTEN_POD,
  HAND_WRITTEN_POD_NET_BIND,
} from './hand-written-inputs';

/** A case's input and where it comes from (shown in the report). */
export interface InputSource<T> {
  readonly source: string;
  readonly load: () => Promise<T>;
}

/** A hand-written stand-in from hand-written-inputs.ts. */
export function handWritten<T>(value: T): InputSource<T> {
  return { source: 'hand-written stand-in (hand-written-inputs.ts)', load: () => Promise.resolve(value) };
}

/** The library's own output, e.g. fromLibrary('HardenedContainer under Pulumi mocks', () => ...). */
export function fromLibrary<T>(source: string, load: () => Promise<T>): InputSource<T> {
  return { source, load };
}

export interface RuntimeInputs {
  /** docker.Container arguments of a HardenedContainer with the default posture. */
  readonly dockerHardened: InputSource<PlainContainerArgs>;
  /** docker.Container arguments of a HardenedContainer with a justified NET_BIND_SERVICE. */
  readonly dockerNetBind: InputSource<PlainContainerArgs>;
  /** A Compose file, and the service in it, for a HardenedContainer description. */
  readonly composeHardened: InputSource<{ readonly yaml: string; readonly service: string }>;
  /** A manifest holding one Pod or Deployment (HardenedDeployment's synth output). */
  readonly kubeHardened: InputSource<string>;
  /** The same with a justified NET_BIND_SERVICE add-back. */
  readonly kubeNetBind: InputSource<string>;
}

export const inputs: RuntimeInputs = {
  dockerHardened: handWritten(HAND_WRITTEN_CONTAINER_ARGS),
  dockerNetBind: handWritten(HAND_WRITTEN_CONTAINER_ARGS_NET_BIND),
  composeHardened: handWritten({ yaml: HAND_WRITTEN_COMPOSE, service: 'api' }),
  kubeHardened: handWritten(HAND_WRITTEN_POD),
  kubeNetBind: handWritten(HAND_WRITTEN_POD_NET_BIND),
};
