import { findRule, resolveAudit } from 'hardened-workloads';
import { PSS_RULES } from 'hardened-workloads/rules/pss';

const IDS = [
  'host-namespaces',
  'privileged',
  'capabilities-baseline',
  'host-path-volumes',
  'host-ports',
  'apparmor-profile',
  'selinux-options',
  'proc-mount',
  'seccomp-profile-baseline',
  'sysctls',
  'windows-host-process',
  'host-probes-and-lifecycle',
  'allow-privilege-escalation',
  'capabilities-restricted',
  'restricted-volumes',
  'run-as-non-root',
  'run-as-user',
  'seccomp-profile-restricted',
  'proc-mount-restricted',
];

const pssIds = (level: 'baseline' | 'restricted', minor: number) =>
  resolveAudit({ level, pssVersion: { major: 1, minor } })
    .rules.filter((r) => r.pssCheck !== null)
    .map((r) => r.id);

describe('PSS_RULES', () => {
  it('holds exactly the Pod Security checks, in upstream order, one per check', () => {
    expect(PSS_RULES.map((r) => r.id)).toEqual(IDS);
    expect(new Set(PSS_RULES.map((r) => r.pssCheck)).size).toBe(IDS.length);
  });

  it.each(IDS)('%s fills every metadata field', (id) => {
    const rule = findRule(id);
    expect(rule).toBeDefined();
    if (rule === undefined) return;
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.restrictedFields.length).toBeGreaterThan(0);
    expect(rule.allowedValues).not.toBe('');
    expect(rule.rationale.length).toBeGreaterThan(60);
    expect(rule.remediation.length).toBeGreaterThan(30);
    expect(rule.exampleFix).toMatch(/:/);
    expect(rule.dialects).toContain('kubernetes');
    for (const overridden of rule.overrides ?? []) expect(findRule(overridden)?.level).toBe('baseline');
  });

  it('applies only Pod Security checks of the kubernetes dialect where Compose has no such thing', () => {
    const kubernetesOnly = PSS_RULES.filter((r) => !r.dialects.includes('compose')).map((r) => r.id);
    expect(kubernetesOnly.sort()).toEqual([
      'host-ports',
      'host-probes-and-lifecycle',
      'windows-host-process',
    ]);
  });

  it('selects the baseline checks of each version', () => {
    const baseline = IDS.slice(0, 12);
    expect(pssIds('baseline', 28)).toEqual(baseline.filter((id) => id !== 'host-probes-and-lifecycle'));
    expect(pssIds('baseline', 34)).toEqual(baseline);
    expect(pssIds('baseline', 35)).toEqual(baseline);
  });

  it('lets each restricted check replace its baseline counterpart', () => {
    expect(pssIds('restricted', 30)).toEqual([
      'host-namespaces',
      'privileged',
      'host-ports',
      'apparmor-profile',
      'selinux-options',
      'proc-mount',
      'sysctls',
      'windows-host-process',
      'allow-privilege-escalation',
      'capabilities-restricted',
      'restricted-volumes',
      'run-as-non-root',
      'run-as-user',
      'seccomp-profile-restricted',
    ]);
    const at35 = pssIds('restricted', 35);
    expect(at35).toContain('proc-mount-restricted');
    expect(at35).not.toContain('proc-mount');
    expect(at35).toContain('host-probes-and-lifecycle');
  });

  it('keeps the baseline checks below the version of their restricted counterpart', () => {
    expect(pssIds('restricted', 21)).toContain('capabilities-baseline');
    expect(pssIds('restricted', 21)).not.toContain('capabilities-restricted');
    expect(pssIds('restricted', 22)).not.toContain('run-as-user');
    expect(pssIds('restricted', 18)).toContain('seccomp-profile-baseline');
  });
});
