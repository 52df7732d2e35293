import { LineCounter, isMap, isScalar, parse, parseDocument } from 'yaml';
import {
  COMPOSE_SERVICE_KEYS,
  isComposeDocument,
  loadComposeProject,
  workloadsFromCompose,
  workloadsFromComposeProject,
} from 'hardened-workloads/audit/compose';
import { JUSTIFICATIONS_ANNOTATION } from 'hardened-workloads/posture';
import { auditCompose } from './helpers';

describe('isComposeDocument', () => {
  test.each([
    [{ services: { api: {} } }, true],
    [{ services: {} }, true],
    [{ services: { api: {} }, kind: 'Deployment' }, false],
    [{ services: ['api'] }, false],
    [{ services: null }, false],
    [{ apiVersion: 'v1', kind: 'Pod' }, false],
    ['services:', false],
    [null, false],
  ])('%p -> %p', (doc, expected) => {
    expect(isComposeDocument(doc)).toBe(expected);
  });
});

describe('workloadsFromCompose', () => {
  test('one ComposeService workload per service, at services.<name>, in the Compose dialect', () => {
    const { workloads, problems } = workloadsFromCompose(
      { services: { api: { image: 'a:1' }, worker: { image: 'b:1' } } },
      { file: 'compose.yaml', line: 3 },
    );
    expect(problems).toEqual([]);
    expect(workloads.map((w) => [w.kind, w.name, w.file, w.line, w.pod.path, w.pod.dialect])).toEqual([
      ['ComposeService', 'api', 'compose.yaml', 3, 'services.api', 'compose'],
      ['ComposeService', 'worker', 'compose.yaml', 3, 'services.worker', 'compose'],
    ]);
  });

  test('every key of the Compose Specification and any x- extension is accepted', () => {
    const service = Object.fromEntries([...COMPOSE_SERVICE_KEYS, 'x-team'].map((key) => [key, null]));
    const doc = {
      version: '3.9',
      name: 'app',
      include: [],
      services: { api: service },
      models: {},
      networks: {},
      volumes: {},
      secrets: {},
      configs: {},
      'x-defaults': {},
    };
    expect(workloadsFromCompose(doc).problems).toEqual([]);
  });

  test('unknown keys are problems naming the key, the service and the likely intent', () => {
    const { problems } = workloadsFromCompose(
      { servics: {}, services: { api: { cap_drops: ['ALL'], securityopt: [], frobnicate: 1 } } },
      { file: 'compose.yaml', line: 1 },
    );
    expect(problems).toEqual([
      {
        message: 'unknown top-level key "servics" (did you mean "services"?)',
        path: 'servics',
        file: 'compose.yaml',
        line: 1,
      },
      {
        message: 'service "api" has unknown key "cap_drops" (did you mean "cap_drop"?)',
        path: 'services.api.cap_drops',
        file: 'compose.yaml',
        line: 1,
      },
      {
        message: 'service "api" has unknown key "securityopt" (did you mean "security_opt"?)',
        path: 'services.api.securityopt',
        file: 'compose.yaml',
        line: 1,
      },
      {
        message: 'service "api" has unknown key "frobnicate"',
        path: 'services.api.frobnicate',
        file: 'compose.yaml',
        line: 1,
      },
    ]);
  });

  test('a service that is not a mapping is a problem, not a workload', () => {
    const { workloads, problems } = workloadsFromCompose({ services: { api: null, web: 'nginx' } });
    expect(workloads).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([
      'service "api" must be a mapping of service keys',
      'service "web" must be a mapping of service keys',
    ]);
  });

  test('justification labels are read in map and list syntax', () => {
    const records = JSON.stringify([
      { exemption: 'runAsRoot', container: 'api', reason: 'legacy image needs root to start' },
    ]);
    for (const labels of [
      { [JUSTIFICATIONS_ANNOTATION]: records },
      [`${JUSTIFICATIONS_ANNOTATION}=${records}`],
    ]) {
      const { workloads } = workloadsFromCompose({ services: { api: { labels } } });
      expect(workloads[0]?.pod.justifications.records).toEqual([
        { exemption: 'runAsRoot', container: 'api', reason: 'legacy image needs root to start' },
      ]);
    }
  });

  test('an in-memory Compose document is loaded by compose-go: a service inherits what it extends', () => {
    const doc = {
      services: {
        base: { image: 'a:1', privileged: true, cap_add: ['NET_ADMIN'] },
        api: { extends: { service: 'base' }, cap_add: ['SYS_TIME'] },
        web: { extends: 'base', privileged: false },
      },
    };
    const { workloads, problems } = workloadsFromComposeProject(loadComposeProject({ value: doc }));
    expect(problems).toEqual([]);
    const sc = (name: string) =>
      (workloads.find((w) => w.name === name)?.pod.containers[0]?.securityContext ?? {}) as Record<
        string,
        unknown
      >;
    expect(sc('api')).toMatchObject({ privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } });
    expect(sc('web')).not.toHaveProperty('privileged');
  });

  test.each([
    [{ a: { image: 'a:1', extends: 'missing' } }, /Compose refuses the project: .*missing/],
    [
      { a: { image: 'a:1', extends: 'b' }, b: { image: 'a:1', extends: 'a' } },
      /Compose refuses the project: .*(cycle|circular)/i,
    ],
  ])('an extends compose-go cannot follow is a problem: %p', (services, message) => {
    expect(
      workloadsFromComposeProject(loadComposeProject({ value: { services } })).problems[0]?.message,
    ).toMatch(message);
  });

  test('a document taken as written (the Pulumi components) is not merged', () => {
    const { workloads } = workloadsFromCompose({
      services: { api: { extends: 'base', image: 'a:1' }, base: { image: 'a:1', privileged: true } },
    });
    expect(workloads.find((w) => w.name === 'api')?.pod.containers[0]?.securityContext).not.toHaveProperty(
      'privileged',
    );
  });

  test('never throws on odd input', () => {
    for (const doc of [
      undefined,
      42,
      [],
      { services: { a: [] } },
      { services: { a: { volumes: 'x', user: {}, labels: 7 } } },
    ]) {
      expect(() => workloadsFromCompose(doc)).not.toThrow();
    }
  });

  test('a relative bind mount is still a host path', () => {
    const { findings } = auditCompose({ services: { api: { volumes: ['./data:/data'] } } });
    expect(findings.filter((f) => f.rule === 'restricted-volumes').map((f) => f.message)).toEqual([
      'service "api" must not bind-mount host path "./data" (volumes[0])',
    ]);
  });
});

describe('locating lines', () => {
  const text = [
    'services:',
    '  api:',
    '    image: a:1',
    '    cap_drops: [ALL]',
    '  web:',
    '    image: b:1',
    '',
  ].join('\n');

  /** A locator over the yaml package's positions, as a loader would write it. */
  function locator(source: string) {
    const lineCounter = new LineCounter();
    const document = parseDocument(source, { lineCounter });
    return (keys: readonly (string | number)[]) => {
      const parent = keys.length > 1 ? document.getIn(keys.slice(0, -1), true) : document.contents;
      const pair = isMap(parent)
        ? parent.items.find((item) => isScalar(item.key) && item.key.value === keys.at(-1))
        : undefined;
      const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    };
  }

  test('workloads start at their service and problems sit at their key', () => {
    const { workloads, problems } = workloadsFromCompose(
      parse(text),
      { file: 'c.yaml', line: 1 },
      locator(text),
    );
    expect(workloads.map((w) => [w.name, w.line])).toEqual([
      ['api', 2],
      ['web', 5],
    ]);
    expect(problems.map((p) => [p.message, p.line])).toEqual([
      ['service "api" has unknown key "cap_drops" (did you mean "cap_drop"?)', 4],
    ]);
  });

  test("without a locator, the document's line is used", () => {
    expect(workloadsFromCompose(parse(text), { line: 7 }).workloads.map((w) => w.line)).toEqual([7, 7]);
  });
});
