import * as pulumi from '@pulumi/pulumi';
import { HardenedContainer } from 'hardened-workloads/pulumi/docker';
import { installMocks, valueOf } from '../pulumi-mocks';

// A resource whose output the mocks leave unknown, as a preview does for a value not created yet.
class ImageBuild extends pulumi.CustomResource {
  declare public readonly imageRef: pulumi.Output<string>;
  constructor(name: string) {
    super('test:index:ImageBuild', name, { imageRef: undefined });
  }
}

beforeAll(async () => {
  await installMocks({ preview: true, unknownOutputs: { 'test:index:ImageBuild': ['imageRef'] } });
});

test('an image unknown at preview leaves the image rule unknown, and only that rule', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const component = new HardenedContainer('preview-box', { image: new ImageBuild('build').imageRef });
  const findings = await valueOf(component.findings);
  expect(findings.map((f) => [f.rule, f.status, f.path])).toEqual([['image-tag-pinned', 'unknown', 'image']]);
  expect(warn.mock.calls.flat().join('\n')).toMatch(
    /image is not known yet \(a Pulumi output not known during preview\).*status unknown, not a pass/,
  );
  warn.mockRestore();
});
