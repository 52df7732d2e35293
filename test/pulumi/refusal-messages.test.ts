import { readFileSync } from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import { HardenedDeployment } from 'hardened-workloads/pulumi/kubernetes';
import { installMocks } from './pulumi-mocks';

beforeAll(async () => {
  await installMocks();
});

const api = { name: 'api', image: 'registry.example.com/team/api:1.4.2' };
// This file, as the error shows it: relative to the working directory (jest runs at the root).
const THIS_FILE = 'test/pulumi/refusal-messages.test.ts';

// The one line of this file that constructs a component.
const createdOnLine =
  readFileSync(__filename, 'utf8')
    .split('\n')
    .findIndex((line) => line.trim().startsWith('new HardenedDeployment(')) + 1;

function refusalOf(create: () => unknown): string {
  try {
    create();
  } catch (error) {
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('the component was accepted');
}

test('a refused component names itself, the rule and field, the exemption to write, and the user line', () => {
  const message = refusalOf(
    () =>
      new HardenedDeployment('sneaky', {
        containers: [{ ...api, volumeMounts: [{ volume: 'docker', mountPath: '/var/run/docker.sock' }] }],
        volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }],
      }),
  );
  expect(message).toContain('HardenedDeployment "sneaky" (hardened-workloads:kubernetes:HardenedDeployment)');
  expect(message).toContain(
    'rule no-container-runtime-socket at spec.template.spec.volumes[0].hostPath.path: hostPath volume "docker"',
  );
  expect(message).toContain(
    `fix: remove it, or allow it with a justified exemption on container "api": exemptions: [{ kind: 'dockerSocket', justification: { reason: '…', approvedBy: '…' } }]`,
  );
  expect(createdOnLine).toBeGreaterThan(0);
  expect(message).toContain(`Created at ${THIS_FILE}:${createdOnLine}:`);
});
