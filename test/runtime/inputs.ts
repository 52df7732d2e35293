/**
 * Where each runtime case takes its input from: ONE LINE PER CASE. Today every case runs a
 * hand-written stand-in (hand-written-inputs.ts); when a library piece lands, replace that line by
 * the library's output, e.g.
 *
 *   dockerHardened: LIBRARY_INPUTS.dockerHardened,
 *
 * (library-inputs.ts: the Pulumi `HardenedContainer` under mocks, `renderComposeService`, the cdk8s
 * `HardenedDeployment` synth), or any `fromLibrary(source, load)`.
 * Each source is async so that such sources plug in unchanged.
 */
import type { PlainContainerArgs } from './docker-run-args';
import { handWritten, type InputSource } from './input-source';
import {
  HAND_WRITTEN_COMPOSE,
  HAND_WRITTEN_CONTAINER_ARGS,
  HAND_WRITTEN_CONTAINER_ARGS_NET_BIND,
  HAND_WRITTEN_POD,
  HAND_WRITTEN_POD_NET_BIND,
} from './hand-written-inputs';

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

export type { InputSource } from './input-source';
