import { ALL_RULES } from 'hardened-workloads/rules';
import { HARDENED_RULES } from 'hardened-workloads/rules/hardened';

describe('HARDENED_RULES', () => {
  test('lists exactly these rules, so none is dropped or renamed by accident', () => {
    expect(HARDENED_RULES.map((r) => [r.id, r.severity, r.dialects.join('+')])).toEqual([
      ['read-only-root-filesystem', 'error', 'kubernetes+compose'],
      ['explicit-non-root-ids', 'error', 'kubernetes+compose'],
      ['no-root-group', 'error', 'kubernetes+compose'],
      ['no-container-runtime-socket', 'error', 'kubernetes+compose'],
      ['no-sensitive-host-paths', 'error', 'kubernetes+compose'],
      ['no-host-path-persistent-volume', 'error', 'persistent-volume'],
      ['no-shared-mount-propagation', 'error', 'kubernetes+compose'],
      ['capabilities-justified', 'error', 'kubernetes+compose'],
      ['capability-add-back-ineffective', 'warning', 'kubernetes+compose'],
      ['seccomp-localhost-justified', 'error', 'kubernetes+compose'],
      ['seccomp-profile-generated', 'warning', 'kubernetes+compose'],
      ['custom-mac-profile-justified', 'error', 'kubernetes+compose'],
      ['no-host-user-namespace', 'error', 'compose'],
      ['no-host-uts-namespace', 'error', 'compose'],
      ['no-host-cgroup-namespace', 'error', 'compose'],
      ['no-shared-container-namespaces', 'error', 'compose'],
      ['no-volumes-from', 'error', 'compose'],
      ['no-host-devices', 'error', 'compose'],
      ['tmpfs-no-exec', 'error', 'compose'],
      ['service-account-token', 'warning', 'kubernetes'],
      ['projected-service-account-token', 'warning', 'kubernetes'],
      ['resource-limits', 'warning', 'kubernetes+compose'],
      ['image-tag-pinned', 'warning', 'kubernetes+compose'],
      ['published-ports-bound', 'warning', 'compose'],
      ['pids-limit', 'warning', 'compose'],
      ['project-file-binds', 'info', 'compose'],
    ]);
  });

  test.each(HARDENED_RULES.map((r) => [r.id, r]))(
    '%s carries full metadata at the hardened level',
    (_, rule) => {
      expect(rule.level).toBe('hardened');
      expect(rule.pssCheck).toBeNull();
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.restrictedFields.length).toBeGreaterThan(0);
      expect(rule.allowedValues.length).toBeGreaterThan(0);
      expect(Object.values(rule.references).flat().length).toBeGreaterThan(0);
      expect(rule.rationale.length).toBeGreaterThan(60);
      expect(rule.remediation.length).toBeGreaterThan(10);
      expect(rule.exampleFix.length).toBeGreaterThan(10);
      expect(Object.isFrozen(rule)).toBe(true);
    },
  );

  test('every hardened rule is in the registry once, and no id collides with a Pod Security rule', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of HARDENED_RULES) expect(ids.filter((id) => id === rule.id)).toHaveLength(1);
  });

  test('the seed-posture errors can be justified; unjustifiable ones say so', () => {
    expect(
      HARDENED_RULES.filter((r) => r.severity === 'error' && r.justifiedBy.length === 0).map((r) => r.id),
    ).toEqual([
      'no-host-user-namespace',
      'no-host-uts-namespace',
      'no-host-cgroup-namespace',
      'no-shared-container-namespaces',
      'no-volumes-from',
      'no-host-devices',
      'tmpfs-no-exec',
    ]);
  });
});
