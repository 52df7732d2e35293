import { join } from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import {
  evaluateWorkload,
  podSecurityLevelNeeded,
  resolveAudit,
  workloadsFromManifest,
} from 'hardened-workloads';
import type { Finding, Level } from 'hardened-workloads';
import { run } from '../../src/cli';
import { fakeIo } from '../cli/fake-io';

const reason = 'the node agent traces host processes for the incident response team';

function deployment(
  container: Record<string, unknown>,
  records: unknown[],
  pod: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'agent',
      namespace: 'ops',
      annotations: { 'hardened-workloads.io/justifications': JSON.stringify(records) },
    },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          ...pod,
          containers: [
            {
              name: 'agent',
              image: 'registry.example.com/team/agent:1.0.0',
              resources: { limits: { cpu: '100m', memory: '64Mi' } },
              ...container,
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
                ...(container.securityContext as object),
              },
            },
          ],
        },
      },
    },
  };
}

// Root, so that SYS_ADMIN takes effect: as user 10001 the add-back is a no-op (an error once justified).
const sysAdmin = deployment(
  {
    securityContext: {
      runAsUser: 0,
      runAsNonRoot: false,
      capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] },
    },
  },
  [
    { exemption: 'runAsRoot', container: 'agent', reason },
    {
      exemption: 'capability',
      container: 'agent',
      subject: 'SYS_ADMIN',
      reason,
      approvedBy: 'security-review-board',
    },
  ],
);

function findings(manifest: object, level: Level): Finding[] {
  const audit = resolveAudit({ level });
  return workloadsFromManifest(manifest).workloads.flatMap((w) => evaluateWorkload(w, audit));
}

describe('the Pod Security level a pod needs', () => {
  test.each([
    ['a restricted pod', deployment({}, []), 'restricted'],
    ['a pod adding SYS_ADMIN', sysAdmin, 'privileged'],
    ['a pod in the host PID namespace', deployment({}, [], { hostPID: true }), 'privileged'],
    [
      'a pod running as root',
      deployment({ securityContext: { runAsNonRoot: false, runAsUser: 0 } }, []),
      'baseline',
    ],
  ])('%s needs %s', (_name, manifest, level) => {
    const [workload] = workloadsFromManifest(manifest).workloads;
    expect(podSecurityLevelNeeded(workload!.pod)).toBe(level);
  });
});

describe('justified is not admitted', () => {
  test.each(['baseline', 'restricted'] as const)(
    'at %s, a justified SYS_ADMIN stays a violation, shows the justification and the namespace level',
    (level) => {
      const finding = findings(sysAdmin, level).find((f) => f.rule.startsWith('capabilities-'));
      expect(finding?.status).toBe('violation');
      expect(finding?.justification?.reason).toBe(reason);
      expect(finding?.namespaceEnforce).toBe('privileged');
      expect(finding?.message).toContain(
        `a justification is recorded (${reason}), but Pod Security Admission has no per-workload exemptions: only a namespace labelled pod-security.kubernetes.io/enforce: privileged admits this pod`,
      );
    },
  );

  test('at hardened it is justified, and says Pod Security Admission at restricted still rejects the pod', () => {
    const finding = findings(sysAdmin, 'hardened').find((f) => f.rule.startsWith('capabilities-'));
    expect(finding?.status).toBe('justified');
    expect(finding?.namespaceEnforce).toBe('privileged');
    expect(finding?.message).toContain(
      'but Pod Security Admission at restricted rejects this pod: its namespace needs pod-security.kubernetes.io/enforce=privileged',
    );
  });

  test('a justified run-as-root needs a baseline namespace', () => {
    const root = deployment({ securityContext: { runAsNonRoot: false, runAsUser: 0 } }, [
      { exemption: 'runAsRoot', container: 'agent', reason },
    ]);
    const restricted = findings(root, 'restricted').filter((f) => f.justification !== undefined);
    expect(restricted.length).toBeGreaterThan(0);
    expect(restricted.every((f) => f.status === 'violation' && f.namespaceEnforce === 'baseline')).toBe(true);
  });

  test('a justification Pod Security restricted admits (NET_BIND_SERVICE) stays justified at restricted', () => {
    // Restricted has no capability-add-back-ineffective: the no-op is a hardened-level finding.
    const bind = deployment(
      { securityContext: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } },
      [{ exemption: 'capability', container: 'agent', subject: 'NET_BIND_SERVICE', reason }],
    );
    expect(findings(bind, 'restricted').filter((f) => f.status === 'violation')).toEqual([]);
  });

  test('the CLI exits 1 at --level baseline and restricted, 0 at hardened', async () => {
    const dir = fs.mkdtempSync(join(os.tmpdir(), 'justified-'));
    const file = join(dir, 'agent.json');
    fs.writeFileSync(file, JSON.stringify(sysAdmin));
    const exit = async (level: string) => {
      const { io } = fakeIo({ cwd: dir });
      return run(['audit', file, '--level', level], io);
    };
    expect(await exit('baseline')).toBe(1);
    expect(await exit('restricted')).toBe(1);
    expect(await exit('hardened')).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });
});
