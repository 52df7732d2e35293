/**
 * Where each runtime case takes its input from: ONE LINE PER CASE. Every case runs what the
 * library itself generates (library-inputs.ts): the Pulumi `HardenedContainer` under mocks, the
 * Compose rendering of the same component's settings, the cdk8s `HardenedDeployment` synth. The
 * negative controls are derived from these inputs by the cases (posture.runtime.ts), each removing
 * the one setting it tests; no workload description in the suite is written by hand.
 */
import type { PlainContainerArgs } from './docker-run-args';
import type { InputSource } from './input-source';
import { LIBRARY_INPUTS } from './library-inputs';

export interface RuntimeInputs {
  /** docker.Container arguments of a HardenedContainer with the default posture. */
  readonly dockerHardened: InputSource<PlainContainerArgs>;
  /** docker.Container arguments rendered for a justified NET_BIND_SERVICE (a no-op for uid 10001). */
  readonly dockerNetBind: InputSource<PlainContainerArgs>;
  /** docker.Container arguments of a HardenedContainer with unprivilegedPortStart: 80. */
  readonly dockerPortStart: InputSource<PlainContainerArgs>;
  /** A Compose file, and the service in it, for a HardenedContainer description. */
  readonly composeHardened: InputSource<{ readonly yaml: string; readonly service: string }>;
  /** A manifest holding one Deployment (HardenedDeployment's synth output). */
  readonly kubeHardened: InputSource<string>;
  /** The same with a NET_BIND_SERVICE add-back. */
  readonly kubeNetBind: InputSource<string>;
  /** HardenedDeployment's synth output with unprivilegedPortStart: 80. */
  readonly kubePortStart: InputSource<string>;
}

export const inputs: RuntimeInputs = {
  dockerHardened: LIBRARY_INPUTS.dockerHardened,
  dockerNetBind: LIBRARY_INPUTS.dockerNetBind,
  dockerPortStart: LIBRARY_INPUTS.dockerPortStart,
  composeHardened: LIBRARY_INPUTS.composeHardened,
  kubeHardened: LIBRARY_INPUTS.kubeHardened,
  kubeNetBind: LIBRARY_INPUTS.kubeNetBind,
  kubePortStart: LIBRARY_INPUTS.kubePortStart,
};

export type { InputSource } from './input-source';
