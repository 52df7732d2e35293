/**
 * The library's outputs fit the runtime runners (pure: part of `npx jest`): the HardenedContainer's
 * docker.Container inputs map to docker run flags without an unsupported argument, the Compose
 * rendering declares its writable paths, and the HardenedDeployment manifest holds one Deployment.
 */
import { containerArgsToDockerRun } from './docker-run-args';
import { LIBRARY_INPUTS } from './library-inputs';
import {
  declaredPathsOfComposeService,
  declaredPathsOfK8sContainer,
  parseManifest,
  type Json,
} from './runners';
import { parse as parseYaml } from 'yaml';

describe('library inputs for the runtime cases', () => {
  test('HardenedContainer inputs map to the posture flags', async () => {
    const inv = containerArgsToDockerRun(await LIBRARY_INPUTS.dockerHardened.load());
    const flags = inv.flags.join(' ');
    expect(flags).toContain('--user 10001:10001');
    expect(flags).toContain('--read-only');
    expect(flags).toContain('--cap-drop ALL');
    expect(flags).toContain('--security-opt no-new-privileges:true');
    expect(flags).toMatch(/--tmpfs \/tmp:/);
    expect(flags).not.toContain('--cap-add');
  });

  test('the NET_BIND_SERVICE exemption becomes exactly one --cap-add', async () => {
    const inv = containerArgsToDockerRun(await LIBRARY_INPUTS.dockerNetBind.load());
    expect(inv.flags.filter((_flag, i) => inv.flags[i - 1] === '--cap-add')).toEqual(['NET_BIND_SERVICE']);
  });

  test('unprivilegedPortStart becomes exactly one --sysctl, and no --cap-add', async () => {
    const inv = containerArgsToDockerRun(await LIBRARY_INPUTS.dockerPortStart.load());
    expect(inv.flags.filter((_flag, i) => inv.flags[i - 1] === '--sysctl')).toEqual([
      'net.ipv4.ip_unprivileged_port_start=80',
    ]);
    expect(inv.flags).not.toContain('--cap-add');
  });

  test('the Compose rendering declares /tmp writable', async () => {
    const { yaml, service } = await LIBRARY_INPUTS.composeHardened.load();
    const doc = parseYaml(yaml) as { services: Record<string, Json> };
    expect(declaredPathsOfComposeService(doc.services[service]!).writable).toEqual(['/tmp']);
  });

  test.each([['kubeHardened'], ['kubeNetBind'], ['kubePortStart']] as const)(
    '%s synthesizes one Deployment with /tmp declared',
    async (key) => {
      const docs = parseManifest(await LIBRARY_INPUTS[key].load());
      const deployments = docs.filter((d) => d.kind === 'Deployment');
      expect(deployments).toHaveLength(1);
      const spec = (deployments[0]!.spec as Json).template as Json;
      const containers = (spec.spec as Json).containers as Json[];
      expect(containers.map((c) => declaredPathsOfK8sContainer(c).writable)).toEqual([['/tmp']]);
    },
  );
});
