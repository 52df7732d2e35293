import { parse } from 'yaml';
import { auditCompose, errors, ruleIds } from './helpers';

// The Compose example of /work/shared/seed/runtime-security.md ("Compose example"), verbatim.
const SEED_COMPOSE = `services:
  api:
    image: registry.example.com/team/api:latest
    user: "10001:10001"
    read_only: true
    tmpfs:
      - /tmp
    cap_drop:
      - ALL
    security_opt:
      - no-new-privileges:true
`;

type Service = Record<string, unknown>;
const seedService = () => (parse(SEED_COMPOSE) as { services: { api: Service } }).services.api;
const withService = (edit: (service: Service) => void) => {
  const service = seedService();
  edit(service);
  return { services: { api: service } };
};

describe("the seed's Compose example", () => {
  test('passes the hardened level with no error; only best-practice warnings remain', () => {
    const { findings, problems } = auditCompose(SEED_COMPOSE);
    expect(problems).toEqual([]);
    expect(errors(findings)).toEqual([]);
    expect(findings.map((f) => [f.rule, f.severity, f.message, f.path])).toEqual([
      [
        'resource-limits',
        'warning',
        'service "api" must set cpus and mem_limit (or deploy.resources.limits)',
        'services.api.cpus',
      ],
      [
        'image-tag-pinned',
        'warning',
        'service "api" must pin image "registry.example.com/team/api:latest" to a digest or a version tag (tag latest)',
        'services.api.image',
      ],
      [
        'pids-limit',
        'warning',
        'service "api" must set pids_limit to a positive number',
        'services.api.pids_limit',
      ],
    ]);
  });

  test.each([
    // One finding for a missing user (issue 15): run-as-non-root asks for "10001:10001".
    ['user', ['run-as-non-root']],
    ['read_only', ['read-only-root-filesystem']],
    ['cap_drop', ['capabilities-restricted']],
    ['security_opt', ['allow-privilege-escalation']],
  ])('fails without %s', (key, expected) => {
    const service = Object.fromEntries(Object.entries(seedService()).filter(([k]) => k !== key));
    const { findings } = auditCompose({ services: { api: service } });
    expect(ruleIds(errors(findings))).toEqual(expected);
  });

  test.each([
    [
      'user: "0:0"',
      (s: Service) => (s.user = '0:0'),
      ['explicit-non-root-ids', 'run-as-non-root', 'run-as-user'],
    ],
    [
      'user: root',
      (s: Service) => (s.user = 'root'),
      ['explicit-non-root-ids', 'run-as-non-root', 'run-as-user'],
    ],
    ['user without a group', (s: Service) => (s.user = '10001'), ['explicit-non-root-ids']],
    ['read_only: false', (s: Service) => (s.read_only = false), ['read-only-root-filesystem']],
    [
      'no-new-privileges:false',
      (s: Service) => (s.security_opt = ['no-new-privileges:false']),
      ['allow-privilege-escalation'],
    ],
    [
      'seccomp=unconfined',
      (s: Service) => (s.security_opt = ['no-new-privileges:true', 'seccomp=unconfined']),
      ['seccomp-profile-restricted'],
    ],
    ['privileged', (s: Service) => (s.privileged = true), ['privileged']],
    [
      'the Docker socket',
      (s: Service) => (s.volumes = ['/var/run/docker.sock:/var/run/docker.sock']),
      ['no-container-runtime-socket', 'restricted-volumes'],
    ],
    ['network_mode: host', (s: Service) => (s.network_mode = 'host'), ['host-namespaces']],
  ])('fails with %s', (_, edit, expected) => {
    const { findings } = auditCompose(withService(edit));
    expect(ruleIds(errors(findings))).toEqual(expected);
  });

  test('dropping the tmpfs keeps it passing: fewer writable paths are stricter, not weaker', () => {
    const { findings } = auditCompose(withService((s) => delete s.tmpfs));
    expect(errors(findings)).toEqual([]);
  });
});
