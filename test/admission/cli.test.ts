import { parseAllDocuments } from 'yaml';
import { run } from '../../src/cli';
import { fakeIo } from '../cli/fake-io';

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, out, err } = fakeIo();
  const code = await run(args, io);
  return { code, stdout: out(), stderr: err() };
}

type K8sObject = {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
};

function objects(yaml: string): K8sObject[] {
  return parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((doc): doc is K8sObject => doc !== null);
}

describe('hardened-workloads admission-policy', () => {
  test('prints the policies and bindings of the level, and names the rules it does not check', async () => {
    const { code, stdout, stderr } = await runCli(['admission-policy', '--level', 'hardened']);
    expect(code).toBe(0);
    const docs = objects(stdout);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ValidatingAdmissionPolicy/hardened-workloads-hardened',
      'ValidatingAdmissionPolicyBinding/hardened-workloads-hardened',
      'ValidatingAdmissionPolicy/hardened-workloads-hardened-warnings',
      'ValidatingAdmissionPolicyBinding/hardened-workloads-hardened-warnings',
    ]);
    expect(stderr).toContain('note: justification-valid is not checked in the cluster');
    expect(stdout).toMatch(/^# Not checked in the cluster[^\n]*\n#   justification-valid: /m);
    expect(stdout).toContain(
      '# Compose-only rules (no pod field expresses them): compose-variables-set, no-host-user-namespace, no-host-uts-namespace, no-host-cgroup-namespace, no-shared-container-namespaces, no-volumes-from, no-host-devices, tmpfs-no-exec, published-ports-bound, pids-limit, project-file-binds',
    );
    expect(docs[0]?.metadata.annotations?.['hardened-workloads.io/not-enforced']).toMatch(
      /^justification-valid,/,
    );
    expect(docs[1]?.spec).toMatchObject({ validationActions: ['Deny'] });
    // A warning never refuses a pod, as in the audit: the warnings binding warns where the main one denies.
    expect(docs[3]?.spec).toMatchObject({ validationActions: ['Warn'] });
  });

  test('rollout options reach the binding and the policy', async () => {
    const { code, stdout } = await runCli([
      'admission-policy',
      '--level',
      'hardened',
      '--pss-version',
      'v1.30',
      '--validation-actions',
      'Warn,Audit',
      '--namespace-selector',
      'team=payments,!legacy,env!=dev',
      '--params-namespace',
      'platform',
    ]);
    expect(code).toBe(0);
    const [policy, binding] = objects(stdout);
    expect(policy?.metadata.annotations?.['hardened-workloads.io/pss-version']).toBe('v1.30');
    expect(policy?.spec).toMatchObject({
      failurePolicy: 'Fail',
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
    });
    expect(binding?.spec).toMatchObject({
      validationActions: ['Warn', 'Audit'],
      paramRef: {
        name: 'hardened-workloads-exemptions',
        namespace: 'platform',
        // An Audit or Warn rollout blocks nothing, also before the exemptions ConfigMap exists.
        parameterNotFoundAction: 'Allow',
      },
      matchResources: {
        namespaceSelector: {
          matchLabels: { team: 'payments' },
          matchExpressions: [
            { key: 'legacy', operator: 'DoesNotExist' },
            { key: 'env', operator: 'NotIn', values: ['dev'] },
          ],
        },
      },
    });
  });

  test('a Deny binding refuses while the exemptions ConfigMap is missing; Ignore without exemptions is allowed', async () => {
    const deny = await runCli(['admission-policy', '--params-namespace', 'platform']);
    expect(objects(deny.stdout)[1]?.spec).toMatchObject({ paramRef: { parameterNotFoundAction: 'Deny' } });
    const ignore = await runCli(['admission-policy', '--level', 'restricted', '--failure-policy', 'Ignore']);
    expect(ignore.code).toBe(0);
    expect(objects(ignore.stdout)[0]?.spec).toMatchObject({ failurePolicy: 'Ignore' });
  });

  test.each([
    [
      ['--params-namespace', 'platform', '--failure-policy', 'Ignore'],
      'cannot be combined with --params-namespace',
    ],
    [['--params-namespace', 'platform', '--level', 'restricted'], 'needs --level hardened'],
    [['--params-namespace', 'platform', '--level', 'baseline'], 'needs --level hardened'],
    [['--validation-actions', 'Deny,Warn'], 'cannot combine Deny and Warn'],
    [['--validation-actions', 'Block'], 'takes Deny, Warn, Audit'],
    [['--failure-policy', 'Open'], 'must be Fail or Ignore'],
    [['--namespace-selector', 'a=b=c'], 'is not a label requirement'],
    [['--params-namespace', 'Platform_NS'], 'must be a DNS label'],
    [['--params-name', 'x'], 'needs --params-namespace'],
    [['--pss-version', 'v2'], 'must look like v1.30'],
    [['--level', 'strict'], '--level must be one of'],
  ])('refuses %j with exit 2', async (args, message) => {
    const { code, stderr, stdout } = await runCli(['admission-policy', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });
});
