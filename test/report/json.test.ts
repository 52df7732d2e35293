import { join } from 'node:path';
import { auditPaths } from '../../src/audit';
import { renderJson } from '../../src/report';

const manifests = join(__dirname, '..', '..', 'examples', 'manifests');

describe('the JSON report', () => {
  test('counts errors and warnings apart, never a sum called violations', () => {
    const report = auditPaths([join(manifests, 'insecure.yaml'), join(manifests, 'compose.yaml')]);
    const json = JSON.parse(renderJson(report)) as { summary: Record<string, unknown> };
    expect(json.summary).not.toHaveProperty('violations');
    expect(json.summary).toMatchObject({
      errors: 13,
      warnings: 6,
      justified: 0,
      workloads: 2,
      composeServices: 1,
    });
  });
});
