import { workloadsFromCompose } from 'hardened-workloads/audit/compose';
import type { AnswerTo, QuestionId, WorkloadChecklist } from 'hardened-workloads/checklist';
import { answerChecklists, findAnswer, renderChecklistMarkdown } from 'hardened-workloads/checklist';
import { JUSTIFICATIONS_ANNOTATION, encodeJustifications } from 'hardened-workloads/posture';
import { NOW } from './fixtures';

/** The seed's Compose example, verbatim. */
const SEED_COMPOSE = {
  services: {
    api: {
      image: 'registry.example.com/team/api:latest',
      user: '10001:10001',
      read_only: true,
      tmpfs: ['/tmp'],
      cap_drop: ['ALL'],
      security_opt: ['no-new-privileges:true'],
    },
  },
};

function checklistsOf(doc: unknown): WorkloadChecklist[] {
  const { workloads, problems } = workloadsFromCompose(doc, { file: 'deploy/compose.yaml', line: 1 });
  expect(problems).toEqual([]);
  return answerChecklists(workloads, { now: NOW });
}

function answer<Id extends QuestionId>(checklist: WorkloadChecklist | undefined, id: Id): AnswerTo<Id> {
  const found = checklist && findAnswer(checklist, id);
  if (found === undefined) throw new Error(`no answer ${id}`);
  return found;
}

describe('checklist of a Compose file', () => {
  const [api] = checklistsOf(SEED_COMPOSE);

  test("the seed's Compose example matches the posture on every question", () => {
    expect(api?.dialect).toBe('compose');
    expect(Object.fromEntries(api?.answers.map((a) => [a.id, a.status]) ?? [])).toEqual({
      user: 'default',
      'writable-paths': 'default',
      capabilities: 'default',
      'privilege-escalation': 'default',
      seccomp: 'default',
      'runtime-socket': 'default',
      'host-access': 'default',
      debugging: 'default',
    });
    expect(answer(api, 'user').answer).toBe('Container "api": UID 10001, GID 10001, runAsNonRoot.');
    expect(answer(api, 'writable-paths').answer).toBe(
      'Container "api": only /tmp (tmpfs in memory, no size limit); the root filesystem is read-only.',
    );
    expect(answer(api, 'seccomp').answer).toBe(`Container "api": yes: Docker's default seccomp profile.`);
    expect(answer(api, 'privilege-escalation').answer).toBe(
      'Container "api": no: no-new-privileges:true (setuid binaries cannot raise privileges).',
    );
  });

  test('the debug command joins the service with docker run, not with tools in its image', () => {
    const markdown = renderChecklistMarkdown(api ? [api] : []);
    expect(markdown).toContain(
      'target=$(docker compose -f deploy/compose.yaml ps -q api) && docker run --rm -it --pid=container:$target ' +
        '--network=container:$target --cap-drop ALL --security-opt no-new-privileges:true --user 10001:10001 busybox',
    );
  });

  test('each control removed from the seed example shows up as a violation', () => {
    const without = (key: string) => {
      const service = Object.fromEntries(
        Object.entries(SEED_COMPOSE.services.api).filter(([k]) => k !== key),
      );
      return checklistsOf({ services: { api: service } })[0];
    };
    expect(answer(without('user'), 'user').status).toBe('violation');
    expect(answer(without('read_only'), 'writable-paths').status).toBe('violation');
    expect(answer(without('cap_drop'), 'capabilities').status).toBe('violation');
    expect(answer(without('cap_drop'), 'capabilities').answer).toContain(
      "the container runtime's default set",
    );
    expect(answer(without('security_opt'), 'privilege-escalation').status).toBe('violation');
  });

  test('a user given by name cannot be verified: the image decides its UID', () => {
    const [named] = checklistsOf({ services: { api: { ...SEED_COMPOSE.services.api, user: 'app' } } });
    const user = answer(named, 'user');
    expect(user.status).toBe('violation');
    expect(user.facts.containers[0]).toMatchObject({ uid: null, userName: 'app' });
    expect(user.answer).toMatch(
      /^Container "api": user "app", a name whose UID the image decides \(unknown; may be root\)/,
    );
  });

  test('a justified Docker socket bind and a named volume', () => {
    const record = {
      exemption: 'dockerSocket',
      container: 'ci',
      subject: '/var/run/docker.sock',
      mode: 'read-write',
      reason: 'the CI runner starts build containers on this dedicated host',
      ticket: 'SEC-9',
      approvedBy: 'platform-security',
    } as const;
    const [ci] = checklistsOf({
      services: {
        ci: {
          ...SEED_COMPOSE.services.api,
          volumes: ['/var/run/docker.sock:/var/run/docker.sock', 'cache:/cache'],
          labels: { [JUSTIFICATIONS_ANNOTATION]: encodeJustifications([record]) },
        },
      },
      volumes: { cache: {} },
    });
    const socket = answer(ci, 'runtime-socket');
    expect(socket.answer).toContain('Yes: /var/run/docker.sock, mounted by "ci" at /var/run/docker.sock');
    expect(socket.justifications).toContainEqual(record);
    expect(socket.status).toBe('justified');
    expect(answer(ci, 'writable-paths').answer).toContain('/cache (named volume "cache")');
  });
});
