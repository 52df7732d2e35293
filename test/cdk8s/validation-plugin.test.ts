import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Validation } from 'cdk8s-cli/plugins';
import { CHECKLIST_FILES, HardenedWorkloadsValidation } from 'hardened-workloads/cdk8s';
import type { PluginValidationContext, PluginViolation } from 'hardened-workloads/cdk8s';

const LEGACY_AGENT = path.join(__dirname, 'fixtures', 'legacy-agent.yaml');

interface Recorded {
  readonly context: PluginValidationContext;
  readonly violations: PluginViolation[];
  readonly logs: string[];
  status(): string | undefined;
}

function recordingContext(manifests: readonly string[], stdout = false): Recorded {
  const violations: PluginViolation[] = [];
  const logs: string[] = [];
  let submitted: string | undefined;
  return {
    violations,
    logs,
    status: () => submitted,
    context: {
      manifests,
      stdout,
      report: {
        addViolation: (v) => violations.push(v),
        submit: (status) => {
          submitted = status;
        },
      },
      logger: { log: (message) => logs.push(message) },
    },
  };
}

function copyToTemp(file: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-plugin-'));
  const target = path.join(dir, path.basename(file));
  fs.copyFileSync(file, target);
  return target;
}

describe('HardenedWorkloadsValidation', () => {
  test('matches the cdk8s CLI plugin contract', () => {
    const plugin: Validation = new HardenedWorkloadsValidation();
    expect(typeof plugin.validate).toBe('function');
  });

  test('reports each broken rule with its resources and fails', async () => {
    const manifest = copyToTemp(LEGACY_AGENT);
    const run = recordingContext([manifest]);
    await new HardenedWorkloadsValidation().validate(run.context);
    expect(run.status()).toBe('failure');
    const privileged = run.violations.find((v) => v.ruleName === 'privileged');
    expect(privileged?.recommendation).toBe('Containers are not privileged');
    expect(privileged?.fix.length).toBeGreaterThan(20);
    expect(privileged).toMatchObject({
      ruleName: 'privileged',
      violatingResources: [
        {
          resourceName: 'legacy-agent',
          locations: [
            'spec.template.spec.containers[0].securityContext.privileged (line 20): container "agent" must not set securityContext.privileged=true',
          ],
          manifestPath: manifest,
        },
      ],
    });
    expect(run.violations.map((v) => v.ruleName)).toContain('host-namespaces');
    expect(run.logs.join('\n')).toMatch(
      /ERROR\s+privileged\s+container "agent" must not set securityContext.privileged=true/,
    );
  });

  test('writes the checklist beside the manifests, but not with --stdout', async () => {
    const manifest = copyToTemp(LEGACY_AGENT);
    await new HardenedWorkloadsValidation().validate(recordingContext([manifest]).context);
    const dir = path.dirname(manifest);
    expect(fs.readFileSync(path.join(dir, CHECKLIST_FILES.markdown), 'utf8')).toMatch(
      /^# Runtime security decision checklist/,
    );
    expect(JSON.parse(fs.readFileSync(path.join(dir, CHECKLIST_FILES.json), 'utf8'))).toBeInstanceOf(Object);

    const other = copyToTemp(LEGACY_AGENT);
    await new HardenedWorkloadsValidation().validate(recordingContext([other], true).context);
    expect(fs.readdirSync(path.dirname(other))).toEqual(['legacy-agent.yaml']);
  });

  test('a warning alone passes, unless failOn is warning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-plugin-'));
    const manifest = path.join(dir, 'token.yaml');
    fs.writeFileSync(
      manifest,
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: { name: tokened }',
        'spec:',
        '  securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: RuntimeDefault } }',
        '  containers:',
        '    - name: app',
        '      image: registry.example.com/app:1.0.0',
        '      resources: { limits: { cpu: 500m, memory: 256Mi } }',
        '      securityContext:',
        '        allowPrivilegeEscalation: false',
        '        readOnlyRootFilesystem: true',
        '        capabilities: { drop: [ALL] }',
        '',
      ].join('\n'),
    );
    const lenient = recordingContext([manifest]);
    await new HardenedWorkloadsValidation({ checklist: false }).validate(lenient.context);
    expect(lenient.status()).toBe('success');
    const strict = recordingContext([manifest]);
    await new HardenedWorkloadsValidation({ failOn: 'warning', checklist: false }).validate(strict.context);
    expect(strict.status()).toBe('failure');
    expect(strict.violations.map((v) => v.ruleName)).toContain('service-account-token');
  });

  test('an unreadable manifest fails the report, never passes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-plugin-'));
    const manifest = path.join(dir, 'broken.yaml');
    fs.writeFileSync(manifest, 'kind: Deployment\nspec: [unclosed\n');
    const run = recordingContext([manifest]);
    await new HardenedWorkloadsValidation({ checklist: false }).validate(run.context);
    expect(run.status()).toBe('failure');
    expect(run.violations[0]?.ruleName).toBe('unreadable-input');
  });

  test('refuses properties that are not its own, naming the cdk8s.yaml field', () => {
    expect(() => new HardenedWorkloadsValidation({ level: 'strict' } as never)).toThrow(
      'cdk8s.yaml validations[HardenedWorkloadsValidation].properties.level must be one of baseline, restricted, hardened (got "strict")',
    );
    expect(() => new HardenedWorkloadsValidation({ fail_on: 'error' } as never)).toThrow(
      'properties.fail_on is not a property; expected level, failOn, environment, pssVersion, maxExemptionDays, checklist',
    );
    expect(() => new HardenedWorkloadsValidation({ pssVersion: 'v2.0' })).toThrow(
      /pssVersion must be a version/,
    );
  });
});
