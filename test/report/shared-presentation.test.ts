import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditPaths } from '../../src/audit';
import { HardenedWorkloadsValidation } from '../../src/cdk8s/validation-plugin';
import { renderTable } from '../../src/report';

const repo = join(__dirname, '..', '..');

describe('one report module for the CLI and the cdk8s plugin', () => {
  test('the plugin logs the table the report module renders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hw-report-'));
    try {
      const manifest = join(dir, 'insecure.k8s.yaml');
      copyFileSync(join(repo, 'examples', 'manifests', 'insecure.yaml'), manifest);
      const logs: string[] = [];
      await new HardenedWorkloadsValidation({ checklist: false }).validate({
        manifests: [manifest],
        report: { addViolation: () => undefined, submit: () => undefined },
        logger: { log: (message) => logs.push(message) },
      });
      expect(logs).toEqual([renderTable(auditPaths([manifest]))]);
      expect(logs[0]).toMatch(/^13 errors, 3 warnings, 0 justified in 1 workload from 1 file /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no module outside the CLI imports the CLI to format a report', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'cli') walk(path);
        } else if (path.endsWith('.ts') && /from '(?:\.\.\/)+cli['\/]/.test(readFileSync(path, 'utf8'))) {
          offenders.push(path);
        }
      }
    };
    walk(join(repo, 'src'));
    expect(offenders).toEqual([]);
  });
});
