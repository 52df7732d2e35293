import * as yaml from 'js-yaml';
import { resolveAudit, workloadsFromManifest, evaluateWorkload } from 'hardened-workloads';
import {
  HardenedCronJob,
  HardenedDaemonSet,
  HardenedJob,
  HardenedNamespace,
  HardenedStatefulSet,
} from 'hardened-workloads/pulumi/kubernetes';
import type { MockRecorder } from '../pulumi-mocks';
import { installMocks, settle, valueOf } from '../pulumi-mocks';

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks();
});

const resources = { limits: { cpu: '500m', memory: '256Mi' } };
const worker = { name: 'worker', image: 'registry.example.com/team/worker:2.0.1', resources };
const POSTURE = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

/** The recorded object as the YAML a user would apply, audited by the CLI's engine at the hardened level. */
async function auditRecorded(type: string, name: string) {
  await settle();
  const document = yaml.load(yaml.dump(mocks.get(type, name).inputs));
  const { workloads, problems } = workloadsFromManifest(document);
  expect(problems).toEqual([]);
  expect(workloads).toHaveLength(1);
  return {
    document: document as Record<string, never>,
    findings: evaluateWorkload(workloads[0]!, resolveAudit()),
  };
}

test('HardenedStatefulSet mounts its per-pod persistent volume and passes the hardened audit', async () => {
  const component = new HardenedStatefulSet('db', {
    containers: [{ ...worker, volumeMounts: [{ volume: 'data', mountPath: '/var/lib/db' }] }],
    persistentVolumes: [{ name: 'data', storage: '10Gi' }],
  });
  const { document, findings } = await auditRecorded('kubernetes:apps/v1:StatefulSet', 'db');
  expect(findings).toEqual([]);
  expect(document).toMatchObject({
    kind: 'StatefulSet',
    spec: {
      serviceName: 'db',
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
        },
      ],
      template: {
        spec: {
          containers: [
            { securityContext: POSTURE, volumeMounts: [{ name: 'data', mountPath: '/var/lib/db' }] },
          ],
        },
      },
    },
  });
  expect(await valueOf(component.findings)).toEqual([]);
});

test('HardenedDaemonSet renders the posture and passes the hardened audit', async () => {
  new HardenedDaemonSet('agent', { containers: [worker] });
  const { document, findings } = await auditRecorded('kubernetes:apps/v1:DaemonSet', 'agent');
  expect(findings).toEqual([]);
  expect(document).toMatchObject({
    spec: { template: { spec: { containers: [{ securityContext: POSTURE }] } } },
  });
});

test('HardenedJob runs to completion with restartPolicy Never and passes the hardened audit', async () => {
  new HardenedJob('migrate', { containers: [worker], ttlSecondsAfterFinished: 600 });
  const { document, findings } = await auditRecorded('kubernetes:batch/v1:Job', 'migrate');
  expect(findings).toEqual([]);
  expect(document).toMatchObject({
    spec: { backoffLimit: 3, ttlSecondsAfterFinished: 600, template: { spec: { restartPolicy: 'Never' } } },
  });
});

test('HardenedCronJob forbids overlapping runs and passes the hardened audit', async () => {
  new HardenedCronJob('report', { containers: [worker], schedule: '0 3 * * *', restartPolicy: 'OnFailure' });
  const { document, findings } = await auditRecorded('kubernetes:batch/v1:CronJob', 'report');
  expect(findings).toEqual([]);
  expect(document).toMatchObject({
    spec: {
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          template: { spec: { restartPolicy: 'OnFailure', containers: [{ securityContext: POSTURE }] } },
        },
      },
    },
  });
});

test('a workload kind refuses an unjustified exemption like the Deployment does', () => {
  expect(
    () =>
      new HardenedCronJob('bad-cron', {
        schedule: '* * * * *',
        containers: [{ ...worker, exemptions: [{ kind: 'runAsRoot' } as never] }],
      }),
  ).toThrow(/HardenedCronJob "bad-cron".*"runAsRoot" exemption needs a justification/s);
});

test('HardenedNamespace enforces, audits and warns at restricted with a pinned version', async () => {
  const ns = new HardenedNamespace('apps', {
    name: 'apps',
    podSecurityVersion: 'v1.30',
    labels: { team: 'web' },
  });
  await settle();
  const inputs = mocks.get('kubernetes:core/v1:Namespace', 'apps').inputs as { metadata: { labels: object } };
  expect(inputs.metadata.labels).toEqual({
    team: 'web',
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'v1.30',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/audit-version': 'v1.30',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'v1.30',
  });
  expect(await valueOf(ns.namespaceName)).toBe('apps');
});

test('HardenedNamespace labels cannot be weakened through its own labels argument', async () => {
  new HardenedNamespace('weak', { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } });
  await settle();
  const inputs = mocks.get('kubernetes:core/v1:Namespace', 'weak').inputs as { metadata: { labels: object } };
  expect(inputs.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
});

test('HardenedNamespace refuses an unreadable version', () => {
  expect(() => new HardenedNamespace('bad-ns', { podSecurityVersion: 'latest-ish' })).toThrow(
    /HardenedNamespace "bad-ns".*podSecurityVersion "latest-ish" is not a version/s,
  );
});
