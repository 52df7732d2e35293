import * as pulumi from '@pulumi/pulumi';
import { HardenedDeployment } from 'hardened-workloads/pulumi/kubernetes';
import type { MockRecorder } from '../pulumi-mocks';
import { installMocks, settle, valueOf } from '../pulumi-mocks';

// A resource whose output the mocks leave unknown, as a preview does for a value not created yet.
class ImageBuild extends pulumi.CustomResource {
  declare public readonly imageRef: pulumi.Output<string>;
  constructor(name: string) {
    super('test:index:ImageBuild', name, { imageRef: undefined });
  }
}

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks({ preview: true, unknownOutputs: { 'test:index:ImageBuild': ['imageRef'] } });
});

const resources = { limits: { cpu: '500m', memory: '256Mi' } };

test('an image unknown at preview gives an unknown finding for the image rule, never a pass', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const build = new ImageBuild('build');
  const component = new HardenedDeployment('preview-api', {
    containers: [{ name: 'api', image: build.imageRef, resources }],
  });
  const findings = await valueOf(component.findings);
  expect(findings).toEqual([
    expect.objectContaining({
      rule: 'image-tag-pinned',
      status: 'unknown',
      path: 'spec.template.spec.containers[0].image',
      name: 'preview-api',
    }),
  ]);
  expect(warn.mock.calls.flat().join('\n')).toMatch(/image is not known yet.*status unknown, not a pass/);
  warn.mockRestore();
});

test('the same image known at preview is checked: a floating tag is a warning, not an unknown', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const component = new HardenedDeployment('preview-known', {
    containers: [{ name: 'api', image: pulumi.output('registry.example.com/team/api:latest'), resources }],
  });
  const findings = await valueOf(component.findings);
  expect(findings).toEqual([expect.objectContaining({ rule: 'image-tag-pinned', status: 'violation' })]);
  warn.mockRestore();
  await settle();
  expect(mocks.ofType('kubernetes:apps/v1:Deployment').map((r) => r.name)).toContain('preview-known');
});
