/**
 * The runtime proof: real containers under Docker, docker-compose and podman, started from what
 * the library generates (inputs.ts), probed from inside, each check paired with a negative control
 * derived from the same output by removing the setting under test (negative-controls.ts).
 * Run with `bash test/runtime/lab.sh` (never picked up by the unit run: not a *.test.ts file).
 */
import { describeRuntimeCase, hardenedExpectation } from './cases';
import type { PlainContainerArgs } from './docker-run-args';
import { inputs } from './inputs';
import { labEnv } from './lab-env';
import { composeNegatives, dockerNegatives, kubeNegatives, type ComposeInput } from './negative-controls';
import { capMask } from './probe';
import { probeComposeService, probeDockerContainer, probeKubeManifest, type ProbeRun } from './runners';
import { podmanIgnoredControls } from './static-controls';

const NBS = capMask(['NET_BIND_SERVICE']);
const FS_GROUP = 10001;
/**
 * Negative-control containers started at once under Docker and docker-compose (each compose run is
 * ~6 s of mostly client start-up and network set-up). podman runs one at a time: concurrent
 * `kube play` of pods sharing the infra image is not something these cases should depend on.
 */
const DOCKER_PARALLEL = 4;

// ---------------------------------------------------------------------------------------------
// docker.Container arguments -> docker run

const probeDocker = (label: string, a: PlainContainerArgs, extra: readonly string[]): Promise<ProbeRun> =>
  probeDockerContainer(label, a, extra);

describeRuntimeCase<PlainContainerArgs>({
  id: '1-docker-hardened',
  title: 'HardenedContainer (docker.Container arguments) under docker run',
  method: 'runtime under Docker',
  input: inputs.dockerHardened,
  probe: probeDocker,
  parallel: DOCKER_PARALLEL,
  expectation: (d) => hardenedExpectation(d, { capEff: 0n, capBnd: 0n, canBindPort80: false }),
  negatives: [
    dockerNegatives.user,
    dockerNegatives.capDrop,
    dockerNegatives.userAndCapDrop,
    dockerNegatives.noNewPrivileges,
    dockerNegatives.readOnly,
    dockerNegatives.seccomp,
    dockerNegatives.tmpfs,
  ],
});

describeRuntimeCase<PlainContainerArgs>({
  id: '2-docker-net-bind',
  title:
    'The no-op add-back: a justified NET_BIND_SERVICE as the library renders it, under docker run (uid 10001)',
  method: 'runtime under Docker',
  input: inputs.dockerNetBind,
  probe: probeDocker,
  parallel: DOCKER_PARALLEL,
  expectation: (d) => hardenedExpectation(d, { capEff: 0n, capBnd: NBS, canBindPort80: false }),
  negatives: [
    dockerNegatives.addBack,
    { ...dockerNegatives.user, bites: ['uid', 'gid', 'capEff', 'bindPort80'] },
    dockerNegatives.capDrop,
    dockerNegatives.noNewPrivileges,
    dockerNegatives.readOnly,
    dockerNegatives.seccomp,
    dockerNegatives.tmpfs,
  ],
  notes: [
    'Proven here, under Docker, for uid 10001: the add-back puts exactly NET_BIND_SERVICE in the bounding set ' +
      '(CapBnd 0x400; 0 without it), and nothing in the permitted, effective or ambient sets (see "Also observed"), ' +
      'so binding :80 is refused even with the add-back. Docker gives a non-root user no ambient capabilities; the ' +
      'other way to the capability, an executable carrying it as a file capability, is what no-new-privileges ' +
      'blocks (case 4).',
    'Docker sets net.ipv4.ip_unprivileged_port_start=0 in a container by default, which would let anything bind :80; ' +
      'the run sets it to 1024 explicitly (see "Changed to run the probe here"), so the refused bind is the add-back\u2019s ' +
      'own result. The HardenedContainer component and the audit refuse this input (capability-add-back-ineffective, ' +
      'an error since a justification approved it); case 7b is the working alternative.',
    'The "user removed" control (uid 0, same add-back) gets CapEff 0x400 and binds :80: the capability is there, ' +
      'the non-root user is what keeps it out of reach. Case 3 shows the bind with and without the add-back, case 4 what no-new-privileges does to a file capability.',
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
  parallel: DOCKER_PARALLEL,
  expectation: (d) => hardenedExpectation(d, { capEff: NBS, capBnd: NBS, canBindPort80: true }),
  checks: ['capEff', 'capBnd', 'bindPort80'],
  negatives: [{ ...dockerNegatives.addBack, bites: ['capEff', 'capBnd', 'bindPort80'] }],
  notes: [
    'A mechanism check only: run as uid 0 so that the added capability is effective, it shows that the bind ' +
      'succeeds with NET_BIND_SERVICE and is refused without it (port_start 1024). It says nothing about uid 10001.',
  ],
});

const FILE_CAP_MOUNT = '/opt/hw-filecap';

describeRuntimeCase<PlainContainerArgs>({
  id: '4-docker-net-bind-file-capability',
  title:
    'no-new-privileges blocks a file capability (uid 10001, NET_BIND_SERVICE add-back), under docker run',
  method: 'runtime under Docker',
  input: {
    source:
      `${inputs.dockerNetBind.source}, with ${FILE_CAP_MOUNT} mounted read-only from the lab: an nc carrying ` +
      'the file capability cap_net_bind_service+ep, used for the :80 bind',
    load: async () => {
      const a = await inputs.dockerNetBind.load();
      return {
        ...a,
        volumes: [{ hostPath: labEnv().fileCapDir, containerPath: FILE_CAP_MOUNT, readOnly: true }],
        envs: [`HWPROBE_NC=${FILE_CAP_MOUNT}/nc`],
      };
    },
  },
  probe: probeDocker,
  expectation: (d) => hardenedExpectation(d, { capEff: 0n, capBnd: NBS, canBindPort80: false }),
  checks: ['capBnd', 'bindPort80'],
  negatives: [
    { ...dockerNegatives.noNewPrivileges, bites: ['bindPort80'] },
    { ...dockerNegatives.addBack, bites: ['capBnd'] },
  ],
  notes: [
    'A mechanism check: the add-back puts NET_BIND_SERVICE in the bounding set, so an executable carrying it as a ' +
      'file capability could raise it on execve; no-new-privileges (set by the library) makes execve ignore file ' +
      'capabilities, so the bind stays refused, and with no-new-privileges removed (one setting) the same nc binds :80. ' +
      'Setuid-root executables, which no-new-privileges blocks in the same way, are not exercised.',
  ],
});

// ---------------------------------------------------------------------------------------------
// Compose -> hardened-workloads audit, docker-compose config + up

describeRuntimeCase<ComposeInput>({
  id: '5-compose-hardened',
  title: 'Generated Compose service under docker-compose up',
  method: 'runtime under Docker (docker-compose)',
  input: inputs.composeHardened,
  probe: (label, c, extra) => probeComposeService(label, c.yaml, c.service, extra),
  parallel: DOCKER_PARALLEL,
  expectation: (d) => hardenedExpectation(d, { capEff: 0n, capBnd: 0n, canBindPort80: false }),
  negatives: [
    composeNegatives.user,
    composeNegatives.capDrop,
    composeNegatives.userAndCapDrop,
    composeNegatives.noNewPrivileges,
    composeNegatives.readOnly,
    composeNegatives.seccomp,
    composeNegatives.tmpfs,
  ],
  audit: { control: 'hardened-workloads audit of the generated Compose file', text: (c) => c.yaml },
  notes: [
    'The file as generated passes `docker-compose -f <file> config` (offline) before it is run, and ' +
      '`hardened-workloads audit` at the hardened level (first static row); the audit must also report each ' +
      'negative control by the rule named in the row.',
  ],
});

// ---------------------------------------------------------------------------------------------
// Kubernetes manifest -> podman kube play

/** The single container's run (the cases use one-container workloads). */
async function probeKubeSingle(label: string, yaml: string, extra: readonly string[]): Promise<ProbeRun> {
  const runs = await probeKubeManifest(label, yaml, extra);
  if (runs.length !== 1) throw new Error(`expected one container, got ${runs.length}`);
  return runs[0]!;
}

const kubeNote =
  'podman kube play ignores seccompProfile, runAsNonRoot, fsGroup and emptyDir medium Memory: those rows are ' +
  'static only, verified by the audit rule named (or the manifest field where no rule covers it), each with ' +
  'the setting removed as its negative control. The Seccomp 2 seen at runtime is podman\u2019s own default ' +
  'profile, not proof of seccompProfile; its negative control uses the legacy annotation podman honours.';

describeRuntimeCase<string>({
  id: '6-kube-hardened',
  title: 'HardenedDeployment (cdk8s synth) under podman kube play',
  method: 'runtime under podman',
  input: inputs.kubeHardened,
  probe: probeKubeSingle,
  expectation: (d) => hardenedExpectation(d, { capEff: 0n, capBnd: 0n, canBindPort80: false }),
  negatives: [
    kubeNegatives.ids,
    kubeNegatives.capDrop,
    kubeNegatives.idsAndCapDrop,
    kubeNegatives.allowPrivilegeEscalation,
    kubeNegatives.readOnlyRootFilesystem,
    kubeNegatives.seccomp,
    kubeNegatives.tmpMount,
  ],
  audit: { control: 'hardened-workloads audit of the synthesized manifest', text: (y) => y },
  staticControls: podmanIgnoredControls(FS_GROUP),
  notes: [kubeNote],
});

describeRuntimeCase<string>({
  id: '7-kube-net-bind',
  title: 'HardenedDeployment with a NET_BIND_SERVICE add-back, under podman kube play (uid 10001)',
  method: 'runtime under podman',
  input: inputs.kubeNetBind,
  probe: probeKubeSingle,
  // podman, unlike Docker, raises an added capability to the ambient set for a non-root user.
  expectation: (d) => ({
    ...hardenedExpectation(d, { capEff: NBS, capBnd: NBS, canBindPort80: true }),
    capAmb: NBS,
  }),
  negatives: [
    kubeNegatives.addBack,
    kubeNegatives.ids,
    kubeNegatives.capDrop,
    kubeNegatives.allowPrivilegeEscalation,
    kubeNegatives.readOnlyRootFilesystem,
    kubeNegatives.seccomp,
    kubeNegatives.tmpMount,
  ],
  staticControls: podmanIgnoredControls(FS_GROUP),
  notes: [
    kubeNote,
    'Proven here, under podman, for uid 10001: the add-back is raised to the ambient set (CapAmb 0x400), so it is ' +
      'effective (CapEff 0x400) and binding :80 succeeds; without it all three are 0 and the bind is refused. ' +
      'This is podman\u2019s behaviour (its spec generation gives a non-root user its cap-add list as ambient ' +
      'capabilities), not Docker\u2019s (case 2) nor containerd\u2019s or CRI-O\u2019s, which set no ambient ' +
      'capabilities; the library models all of them (src/posture/effective-capabilities.ts) and judges a ' +
      'Kubernetes manifest for containerd and CRI-O, so the audit reports this add-back as a no-op ' +
      '(capability-add-back-ineffective). No Kubernetes runtime is run in this lab.',
    'The construct refuses a justified NET_BIND_SERVICE for uid 10001, so the input is its synth output with ' +
      'capabilities.add added; podman kube play ignores pod sysctls, so the working alternative runs under podman ' +
      'run (case 7c).',
  ],
});

// ---------------------------------------------------------------------------------------------
// The add-back that works: unprivilegedPortStart, the namespaced sysctl, no capability

const PORT_START_NOTE =
  'The working alternative to the NET_BIND_SERVICE add-back: the library renders ' +
  'net.ipv4.ip_unprivileged_port_start=80 (`unprivilegedPortStart: 80`), so uid 10001 binds :80 with CapEff 0 ' +
  'and CapBnd 0; the runner keeps the workload\u2019s own sysctl. Negative control: the same arguments with the ' +
  'sysctl set back to the kernel default 1024 (explicitly, since Docker would otherwise set 0): the bind is refused.';

describeRuntimeCase<PlainContainerArgs>({
  id: '7b-docker-port-start',
  title:
    'The working alternative: HardenedContainer with unprivilegedPortStart: 80, under docker run (uid 10001)',
  method: 'runtime under Docker',
  input: inputs.dockerPortStart,
  probe: probeDocker,
  parallel: DOCKER_PARALLEL,
  expectation: (d) => ({
    ...hardenedExpectation(d, { capEff: 0n, capBnd: 0n, canBindPort80: true }),
    unprivilegedPortStart: 80,
  }),
  checks: ['uid', 'capEff', 'capBnd', 'noNewPrivs', 'bindPort80'],
  negatives: [
    dockerNegatives.portStart,
    dockerNegatives.user,
    dockerNegatives.capDrop,
    { ...dockerNegatives.userAndCapDrop, bites: ['capEff'] },
    dockerNegatives.noNewPrivileges,
  ],
  notes: [PORT_START_NOTE],
});

describeRuntimeCase<PlainContainerArgs>({
  id: '7c-podman-port-start',
  title:
    'The working alternative: HardenedContainer with unprivilegedPortStart: 80, under podman run (uid 10001)',
  method: 'runtime under podman',
  input: inputs.dockerPortStart,
  probe: (label, a, extra) => probeDockerContainer(label, a, extra, 'podman'),
  expectation: (d) => ({
    ...hardenedExpectation(d, { capEff: 0n, capBnd: 0n, canBindPort80: true }),
    unprivilegedPortStart: 80,
  }),
  checks: ['uid', 'capEff', 'capBnd', 'noNewPrivs', 'bindPort80'],
  negatives: [
    dockerNegatives.portStart,
    dockerNegatives.user,
    dockerNegatives.capDrop,
    { ...dockerNegatives.userAndCapDrop, bites: ['capEff'] },
    dockerNegatives.noNewPrivileges,
  ],
  notes: [
    PORT_START_NOTE,
    'The docker.Container arguments run under `podman run`, which takes the same flags (podman kube play ignores ' +
      'pod sysctls, so the manifest rendering of the option is checked statically: the audit passes it).',
  ],
});
