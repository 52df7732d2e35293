import { join } from 'node:path';
import { run } from '../../src/cli';
import { artifactUri } from '../../src/report';
import { fakeIo } from './fake-io';

const repo = join(__dirname, '..', '..');

interface RuleDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  properties: { tags: string[]; 'security-severity': string };
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: RuleDescriptor[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
      }[];
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

async function sarif(...files: string[]): Promise<SarifLog> {
  const { io, out } = fakeIo({ cwd: repo });
  process.chdir(repo);
  await run(['audit', ...files, '--format', 'sarif'], io);
  return JSON.parse(out()) as SarifLog;
}

describe('SARIF output', () => {
  test('has the structure GitHub code scanning requires', async () => {
    const log = await sarif(
      join(repo, 'examples/manifests/insecure.yaml'),
      'examples/manifests/justified.yaml',
    );
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const [sarifRun] = log.runs;
    const driver = sarifRun!.tool.driver;
    expect(driver.name).toBe('hardened-workloads');
    expect(driver.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const rule of driver.rules) {
      expect(rule.id).toMatch(/^[a-z0-9-]+$/);
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text).toContain('Remediation: ');
      expect(rule.help.markdown).toContain('```yaml');
      // No published page to link to: the help is inline, and no URI points at a page that does not exist.
      expect(rule.helpUri).toBeUndefined();
      expect(rule.properties.tags).toContain('security');
      expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/);
    }
    expect(sarifRun!.results.length).toBeGreaterThan(5);
    for (const result of sarifRun!.results) {
      expect(driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(['error', 'warning']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
      const physical = result.locations[0]?.physicalLocation;
      expect(physical?.artifactLocation.uri).toMatch(/^examples\/manifests\/(insecure|justified)\.yaml$/);
      expect(physical?.region.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  test('justified findings are results suppressed in source, with the justification', async () => {
    const log = await sarif('examples/manifests/justified.yaml');
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      ruleId: 'service-account-token',
      locations: [{ physicalLocation: { region: { startLine: 24 } } }],
      suppressions: [
        {
          kind: 'inSource',
          justification: 'the proxy discovers its backends through the Kubernetes EndpointSlice API',
        },
      ],
    });
  });

  test('artifact URIs are relative to the working directory, with forward slashes and escapes', () => {
    expect(artifactUri('/repo/k8s/app.yaml', '/repo')).toBe('k8s/app.yaml');
    expect(artifactUri('./k8s/my app.yaml', '/repo')).toBe('k8s/my%20app.yaml');
  });
});
