/**
 * The runtime proof: real containers under Docker, docker-compose and podman, started from the
 * inputs of inputs.ts, probed from inside, each check paired with a negative control.
 * Run with `bash test/runtime/lab.sh` (never picked up by the unit run: not a *.test.ts file).
 */
import { describeRuntimeCase, hardenedExpectation, UNHARDENED, type NegativeControl } from './cases';
import type { PlainContainerArgs } from './docker-run-args';
import { inputs } from './inputs';
import { capMask } from './probe';
import {
  editComposeService,
  editPodSpec,
  probeComposeService,
  probeDockerContainer,
  probeKubeManifest,
  type Json,
  type ProbeRun,
} from './runners';
import { staticKubeChecks } from './static-checks';

const NBS = capMask(['NET_BIND_SERVICE']);
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// ---------------------------------------------------------------------------------------------
// docker.Container arguments -> docker run

const dockerNegatives = {
  unhardened: {
    name: UNHARDENED,
    bites: ['uid', 'gid', 'capEff', 'capBnd', 'noNewPrivs', 'rootReadOnly', 'bindPort80'],
    make: (a) => ({ image: a.image }),
  },
  seccomp: {
    name: 'seccomp=unconfined added',
    bites: ['seccomp'],
    make: (a) => ({ ...a, securityOpts: [...list(a.securityOpts), 'seccomp=unconfined'] }),
  },
  undeclared: {
    name: 'writable paths not declared',
    bites: ['writablePath'],
    make: (a) => ({
      ...a,
      tmpfs: undefined,
      mounts: list(a.mounts).filter((m) => isObj(m) && m.readOnly === true),
      volumes: list(a.volumes).filter((v) => isObj(v) && v.readOnly === true),
    }),
  },
  withoutAddBack: {
    name: 'without the add-back',
    bites: ['capBnd'],
    make: (a) => ({ ...a, capabilities: { drops: ['ALL'] } }),
  },
} satisfies Record<string, NegativeControl<PlainContainerArgs>>;

const probeDocker = (label: string, a: PlainContainerArgs, extra: readonly string[]): Promise<ProbeRun> =>
  probeDockerContainer(label, a, extra);

describeRuntimeCase<PlainContainerArgs>({
  id: '1-docker-hardened',
  title: 'HardenedContainer (docker.Container arguments) under docker run',
  method: 'runtime under Docker',
  input: inputs.dockerHardened,
  probe: probeDocker,
  expectation: (d) => hardenedExpectation(d, { capEff: 0n, capBnd: 0n, canBindPort80: false }),
  negatives: [dockerNegatives.unhardened, dockerNegatives.seccomp, dockerNegatives.undeclared],
});

describeRuntimeCase<PlainContainerArgs>({
  id: '2-docker-net-bind',
  title: 'HardenedContainer with a justified NET_BIND_SERVICE, under docker run',
  method: 'runtime under Docker',
  input: inputs.dockerNetBind,
  probe: probeDocker,
  // Docker (20.10, and Kubernetes runtimes alike) gives a non-root user an added capability in the
  // bounding set only: CapEff stays 0, so uid 10001 cannot bind :80 even with the add-back.
  expectation: (d) => hardenedExpectation(d, { capEff: 0n, capBnd: NBS, canBindPort80: false }),
  negatives: [
    { ...dockerNegatives.withoutAddBack, bites: ['capBnd'] },
    dockerNegatives.unhardened,
    dockerNegatives.seccomp,
    dockerNegatives.undeclared,
  ],
  notes: [
    'Under Docker a non-root user gets an added capability in the bounding set only (CapEff 0): the add-back is ' +
      'exactly NET_BIND_SERVICE in CapBnd, and uid 10001 still cannot bind :80. Case 3 shows that the add-back is ' +
      'what permits the bind once the capability is effective.',
  ],
});

describeRuntimeCase<PlainContainerArgs>({
  id: '3-docker-net-bind-mechanism',
  title: 'NET_BIND_SERVICE add-back is what permits binding :80 (same arguments, uid 0), under docker run',
  method: 'runtime under Docker',
  input: {
    source: `${inputs.dockerNetBind.source}, with user 0:0`,
    load: async () => ({ ...(await inputs.dockerNetBind.load()), user: '0:0' }),
  },
  probe: probeDocker,
  expectation: (d) => hardenedExpectation(d, { capEff: NBS, capBnd: NBS, canBindPort80: true }),
  checks: ['capEff', 'capBnd', 'bindPort80'],
  negatives: [{ ...dockerNegatives.withoutAddBack, bites: ['capEff', 'capBnd', 'bindPort80'] }],
  notes: ['A mechanism check only: it runs as uid 0 so that the added capability is effective.'],
});

// ---------------------------------------------------------------------------------------------
// Compose -> docker-compose config + up

interface ComposeInput {
  readonly yaml: string;
  readonly service: string;
}
const editService = (c: ComposeInput, edit: (svc: Json) => void): ComposeInput => ({
  ...c,
  yaml: editComposeService(c.yaml, c.service, edit),
});

describeRuntimeCase<ComposeInput>({
  id: '4-compose-hardened',
  title: 'Hardened Compose service under docker-compose up',
  method: 'runtime under Docker (docker-compose)',
  input: inputs.composeHardened,
  probe: (label, c, extra) => probeComposeService(label, c.yaml, c.service, extra),
  expectation: (d) => hardenedExpectation(d, { capEff: 0n, capBnd: 0n, canBindPort80: false }),
  negatives: [
    {
      name: UNHARDENED,
      bites: ['uid', 'gid', 'capEff', 'capBnd', 'noNewPrivs', 'rootReadOnly', 'bindPort80'],
      make: (c) =>
        editService(c, (svc) => {
          for (const k of Object.keys(svc)) if (k !== 'image') Reflect.deleteProperty(svc, k);
        }),
    },
    {
      name: 'seccomp:unconfined added',
      bites: ['seccomp'],
      make: (c) =>
        editService(c, (svc) => {
          svc.security_opt = [...list(svc.security_opt), 'seccomp:unconfined'];
        }),
    },
    {
      name: 'writable paths not declared',
      bites: ['writablePath'],
      make: (c) =>
        editService(c, (svc) => {
          delete svc.tmpfs;
          delete svc.volumes;
        }),
    },
  ],
  notes: ['The file as given is validated first with `docker-compose -f <file> config` (offline).'],
});

// ---------------------------------------------------------------------------------------------
// Kubernetes manifest -> podman kube play

const kubeNegatives = {
  unhardened: {
    name: UNHARDENED,
    bites: ['uid', 'gid', 'capEff', 'capBnd', 'noNewPrivs', 'rootReadOnly', 'bindPort80'],
    make: (y) =>
      editPodSpec(y, (spec) => {
        delete spec.securityContext;
        delete spec.volumes;
        for (const c of list(spec.containers)) {
          if (isObj(c)) {
            delete c.securityContext;
            delete c.volumeMounts;
          }
        }
      }),
  },
  seccomp: {
    name: 'seccomp unconfined (pod annotation)',
    bites: ['seccomp'],
    make: (y) =>
      editPodSpec(y, (_spec, metadata) => {
        metadata.annotations = {
          ...(isObj(metadata.annotations) ? metadata.annotations : {}),
          'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
        };
      }),
  },
  undeclared: {
    name: 'writable paths not declared',
    bites: ['writablePath'],
    make: (y) =>
      editPodSpec(y, (spec) => {
        for (const c of list(spec.containers)) {
          if (isObj(c)) c.volumeMounts = list(c.volumeMounts).filter((m) => isObj(m) && m.readOnly === true);
        }
      }),
  },
  withoutAddBack: {
    name: 'without the add-back',
    bites: ['capEff', 'capBnd', 'bindPort80'],
    make: (y) =>
      editPodSpec(y, (spec) => {
        for (const c of list(spec.containers)) {
          if (isObj(c) && isObj(c.securityContext) && isObj(c.securityContext.capabilities)) {
            delete c.securityContext.capabilities.add;
          }
        }
      }),
  },
} satisfies Record<string, NegativeControl<string>>;

/** The single container's run (the cases use one-container workloads). */
async function probeKubeSingle(label: string, yaml: string, extra: readonly string[]): Promise<ProbeRun> {
  const runs = await probeKubeManifest(label, yaml, extra);
  if (runs.length !== 1) throw new Error(`expected one container, got ${runs.length}`);
  return runs[0]!;
}

const kubeStatic = { check: (y: string) => staticKubeChecks(y, 10001), negative: kubeNegatives.unhardened };
const kubeNote =
  'podman kube play ignores seccompProfile, runAsNonRoot, fsGroup and emptyDir medium Memory: those are ' +
  'static only here. The Seccomp 2 seen at runtime is podman\u2019s own default profile, not proof of seccompProfile.';

describeRuntimeCase<string>({
  id: '5-kube-hardened',
  title: 'Hardened Pod/Deployment under podman kube play',
  method: 'runtime under podman',
  input: inputs.kubeHardened,
  probe: probeKubeSingle,
  expectation: (d) => hardenedExpectation(d, { capEff: 0n, capBnd: 0n, canBindPort80: false }),
  negatives: [kubeNegatives.unhardened, kubeNegatives.seccomp, kubeNegatives.undeclared],
  staticChecks: kubeStatic,
  notes: [kubeNote],
});

describeRuntimeCase<string>({
  id: '6-kube-net-bind',
  title: 'Pod/Deployment with a justified NET_BIND_SERVICE, under podman kube play',
  method: 'runtime under podman',
  input: inputs.kubeNetBind,
  probe: probeKubeSingle,
  // podman (unlike Docker and Kubernetes runtimes) makes the add-back effective for a non-root user.
  expectation: (d) => hardenedExpectation(d, { capEff: NBS, capBnd: NBS, canBindPort80: true }),
  negatives: [
    kubeNegatives.withoutAddBack,
    { ...kubeNegatives.unhardened, bites: ['uid', 'gid', 'noNewPrivs', 'rootReadOnly'] },
    kubeNegatives.seccomp,
    kubeNegatives.undeclared,
  ],
  staticChecks: kubeStatic,
  notes: [
    kubeNote,
    'podman gives a non-root user an added capability as effective (CapEff 0x400), unlike Docker and Kubernetes runtimes.',
  ],
});
