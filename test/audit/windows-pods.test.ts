import { auditDocuments } from '../../src/audit';

const NOW = new Date('2026-06-01T00:00:00Z');

/**
 * A Windows Deployment written the way Kubernetes accepts it: none of the fields the API server
 * forbids when spec.os.name is windows (seccompProfile, capabilities, readOnlyRootFilesystem,
 * privileged, allowPrivilegeEscalation, procMount, runAsUser, runAsGroup, fsGroup,
 * supplementalGroups, seLinuxOptions, appArmorProfile, hostUsers, ...).
 */
function windowsDeployment(pod: Record<string, unknown> = {}, container: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'win' },
    spec: {
      template: {
        spec: {
          os: { name: 'windows' },
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } },
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/win/app:1.0',
              resources: { limits: { cpu: '1', memory: '512Mi' } },
              ...container,
            },
          ],
          ...pod,
        },
      },
    },
  };
}

function rules(document: unknown): string[] {
  return auditDocuments([document], { now: NOW }).findings.map((f) => f.rule);
}

describe('Windows pods at the hardened level', () => {
  test('are not asked for any field Kubernetes forbids on Windows: a valid Windows pod passes', () => {
    expect(rules(windowsDeployment())).toEqual([]);
  });

  test('the same pod declared linux is asked for them (the counterpart)', () => {
    expect(rules(windowsDeployment({ os: { name: 'linux' } }))).toEqual(
      expect.arrayContaining([
        'allow-privilege-escalation',
        'capabilities-restricted',
        'seccomp-profile-restricted',
        'read-only-root-filesystem',
        'explicit-non-root-ids',
      ]),
    );
  });

  test('still get what applies: hostProcess', () => {
    const hostProcess = windowsDeployment(
      { hostNetwork: true },
      { securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } } },
    );
    expect(rules(hostProcess)).toEqual(
      expect.arrayContaining(['host-namespaces', 'windows-host-process', 'explicit-non-root-ids']),
    );
  });

  test('still get what applies: the administrator account, a runAsNonRoot left out, limits, the API token', () => {
    const careless = windowsDeployment(
      {
        automountServiceAccountToken: undefined,
        securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } },
      },
      { resources: undefined },
    );
    expect(rules(careless).sort()).toEqual([
      'explicit-non-root-ids',
      'resource-limits',
      'run-as-non-root',
      'service-account-token',
    ]);
  });
});
