import type { Workload } from 'hardened-workloads/audit';
import {
  RUNTIME_DEFAULT_CAPABILITIES,
  capabilitiesConcerns,
  capabilitiesFacts,
  describeCapabilities,
  describeHostAccess,
  describePrivilegeEscalation,
  describeUser,
  hostAccessConcerns,
  hostAccessFacts,
  privilegeEscalationFacts,
  runtimeSocketExposedBy,
  runtimeSocketFacts,
  seccompConcerns,
  seccompFacts,
  shellQuote,
  userConcerns,
  userFacts,
  describeWritablePaths,
  writablePathsConcerns,
  writablePathsFacts,
} from 'hardened-workloads/checklist';
import type { PodView } from 'hardened-workloads/rules';
import { podView } from 'hardened-workloads/rules';

const pod = (spec: Record<string, unknown>, dialect: 'kubernetes' | 'compose' = 'kubernetes'): PodView =>
  podView(spec, 'spec', { dialect });
const one = (securityContext: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  pod({ containers: [{ name: 'app', securityContext, ...extra }] });

describe('user', () => {
  test("a container's ids override the pod's; unset ids are the image's", () => {
    const view = pod({
      securityContext: { runAsUser: 10001, runAsGroup: 10001, runAsNonRoot: true },
      containers: [
        { name: 'app', securityContext: { runAsUser: 20002 } },
        { name: 'image-user', securityContext: {} },
      ],
    });
    const facts = userFacts(view);
    expect(facts.containers.map((u) => [u.container, u.uid, u.uidFrom, u.gid, u.gidFrom])).toEqual([
      ['app', 20002, 'container', 10001, 'pod'],
      ['image-user', 10001, 'pod', 10001, 'pod'],
    ]);
    const bare = userFacts(one({}));
    expect(bare.containers[0]).toMatchObject({ uid: null, uidFrom: 'image', gid: null, runAsNonRoot: false });
    expect(describeUser(one({}), bare)).toBe(
      `Container "app": the image's USER (unknown; may be root), the image's group for that user (unknown; 0 if the image does not define one).`,
    );
    expect(userConcerns(one({}), bare)).toEqual([
      { container: 'app', message: '"app": no explicit UID, no explicit GID, runAsNonRoot is not true' },
    ]);
  });

  test('runAsNonRoot without a UID is described as a guard on the image user', () => {
    const view = one({ runAsNonRoot: true, runAsGroup: 3000 });
    expect(describeUser(view, userFacts(view))).toBe(
      `Container "app": the image's USER, which must not be root (runAsNonRoot: the container is refused if it is), GID 3000.`,
    );
  });

  test('a user namespace is reported, and a wrongly typed id reads as unset', () => {
    const view = pod({
      hostUsers: false,
      containers: [{ name: 'app', securityContext: { runAsUser: '10001' } }],
    });
    const facts = userFacts(view);
    expect(facts.userNamespace).toBe(true);
    expect(facts.containers[0]?.uid).toBeNull();
    expect(describeUser(view, facts)).toContain('own user namespace (hostUsers: false)');
  });

  test('in its own user namespace an explicit non-root UID needs no runAsNonRoot, as Pod Security agrees', () => {
    const spec = { containers: [{ name: 'app', securityContext: { runAsUser: 10001, runAsGroup: 10001 } }] };
    const shared = pod(spec);
    expect(userConcerns(shared, userFacts(shared))).toEqual([
      { container: 'app', message: '"app": runAsNonRoot is not true' },
    ]);
    const own = pod({ ...spec, hostUsers: false });
    expect(userConcerns(own, userFacts(own))).toEqual([]);
  });

  test('Windows pods have no Linux ids to question', () => {
    const view = pod({
      os: { name: 'windows' },
      containers: [
        { name: 'app', securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } },
        { name: 'image-user' },
      ],
    });
    expect(userConcerns(view, userFacts(view))).toEqual([]);
    expect(describeUser(view, userFacts(view))).toBe(
      'Container "app": Windows user "ContainerUser" (Linux UIDs do not apply). ' +
        `Container "image-user": the image's Windows user (Linux UIDs do not apply).`,
    );
  });
});

describe('capabilities', () => {
  test("without drop: [ALL] the runtime's default set remains, minus drops, plus adds", () => {
    const view = one({ capabilities: { drop: ['net_raw', 'CAP_MKNOD'], add: ['SYS_TIME'] } });
    const facts = capabilitiesFacts(view);
    expect(facts.containers[0]?.remaining).toEqual(
      [...RUNTIME_DEFAULT_CAPABILITIES.filter((c) => c !== 'NET_RAW' && c !== 'MKNOD'), 'SYS_TIME'].sort(),
    );
    expect(facts.containers[0]?.runtimeDefaultsRemain).toBe(true);
    expect(describeCapabilities(view, facts)).toMatch(
      /^Container "app": the container runtime's default set minus NET_RAW, MKNOD plus SYS_TIME: AUDIT_WRITE, CHOWN, .* \(no drop: \[ALL\]\); the process can use them only if the image runs as root \(no runAsUser or runAsNonRoot says otherwise\)\.$/,
    );
  });

  test('the default set is the Docker and containerd one (CIS Docker 5.4)', () => {
    expect([...RUNTIME_DEFAULT_CAPABILITIES].sort()).toEqual(
      'AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE NET_RAW SETFCAP SETGID SETPCAP SETUID SYS_CHROOT'.split(
        ' ',
      ),
    );
  });

  test('ALL spelled another way drops everything at run time but is not accepted by Pod Security', () => {
    const view = one({ capabilities: { drop: ['all'] } });
    const facts = capabilitiesFacts(view);
    expect(facts.containers[0]).toMatchObject({ dropsAll: true, dropsAllAsWritten: false, remaining: [] });
    expect(describeCapabilities(view, facts)).toBe(
      'Container "app": none at run time, but drop spells ALL another way, which Pod Security does not accept: write ALL.',
    );
    expect(capabilitiesConcerns(facts)).toEqual([
      { container: 'app', message: '"app": drops ALL under another spelling' },
    ]);
  });

  test('add: [ALL] keeps every capability', () => {
    const view = one({ capabilities: { drop: ['ALL'], add: ['ALL'] } });
    expect(describeCapabilities(view, capabilitiesFacts(view))).toBe(
      'Container "app": all of them: capabilities.add contains ALL.',
    );
  });
});

describe('privilege escalation', () => {
  test('unset means allowed in Kubernetes; false sets no_new_privs', () => {
    const unset = one({});
    expect(privilegeEscalationFacts(unset).containers[0]?.allowed).toBe(true);
    expect(describePrivilegeEscalation(unset, privilegeEscalationFacts(unset))).toBe(
      'Container "app": allowed: allowPrivilegeEscalation is unset, and Kubernetes then allows escalation.',
    );
    const blocked = one({ allowPrivilegeEscalation: false });
    expect(privilegeEscalationFacts(blocked).containers[0]?.allowed).toBe(false);
  });
});

describe('seccomp', () => {
  test("a container's profile overrides the pod's", () => {
    const view = pod({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'custom',
          securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' } },
        },
        { name: 'inherits' },
      ],
    });
    const facts = seccompFacts(view);
    expect(facts.containers.map((c) => [c.container, c.type, c.from, c.localhostProfile])).toEqual([
      ['custom', 'Localhost', 'container', 'profiles/app.json'],
      ['inherits', 'RuntimeDefault', 'pod', null],
    ]);
    expect(seccompConcerns(view, facts)).toEqual([
      { container: 'custom', message: '"custom": seccomp Localhost' },
    ]);
  });

  test("a container's profile without a type replaces the pod's and is invalid", () => {
    const view = pod({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', securityContext: { seccompProfile: {} } }],
    });
    expect(seccompFacts(view).containers[0]).toMatchObject({
      type: '',
      from: 'container',
      runtimeDefault: false,
    });
  });

  test("unset is Unconfined in Kubernetes but Docker's default in Compose", () => {
    const k8s = one({});
    expect(seccompConcerns(k8s, seccompFacts(k8s))).toHaveLength(1);
    const compose = pod({ containers: [{ name: 'api' }] }, 'compose');
    expect(seccompConcerns(compose, seccompFacts(compose))).toEqual([]);
  });
});

describe('runtime sockets', () => {
  test.each([
    ['/var/run/docker.sock', '/var/run/docker.sock'],
    ['//var/run/../run/docker.sock', '/var/run/docker.sock'],
    ['/var/run/', '/var/run/docker.sock'],
    ['/', '/var/run/docker.sock'],
    ['/run/containerd', '/run/containerd/containerd.sock'],
    ['/run/user/1000/docker.sock', '/run/user/1000/docker.sock'],
    ['/var/lib/app', undefined],
    ['./data', undefined],
  ])('%s exposes %s', (hostPath, socket) => {
    expect(runtimeSocketExposedBy(hostPath)).toBe(socket);
  });

  test('a socket volume no container mounts is still reported', () => {
    const view = pod({
      containers: [{ name: 'app' }],
      volumes: [{ name: 'run', hostPath: { path: '/run' } }],
    });
    expect(runtimeSocketFacts(view).mounts).toEqual([
      {
        container: null,
        volume: 'run',
        hostPath: '/run',
        socket: '/run/docker.sock',
        mountPath: null,
        readOnly: false,
      },
    ]);
  });
});

describe('writable paths', () => {
  const workload = (view: PodView, kind = 'Deployment'): Workload => ({ kind, name: 'w', pod: view });

  test('configMap, secret, downwardAPI and projected volumes are read-only whatever the mount says', () => {
    const view = pod({
      containers: [
        {
          name: 'app',
          securityContext: { readOnlyRootFilesystem: true },
          volumeMounts: [
            { name: 'c', mountPath: '/etc/c' },
            { name: 's', mountPath: '/etc/s' },
            { name: 'cache', mountPath: '/cache', readOnly: true },
            { name: 'gone', mountPath: '/gone' },
          ],
        },
      ],
      volumes: [
        { name: 'c', configMap: { name: 'c' } },
        { name: 's', secret: { secretName: 's' } },
        { name: 'cache', emptyDir: {} },
      ],
    });
    const mounts = writablePathsFacts(workload(view)).containers[0]?.mounts ?? [];
    expect(mounts.map((m) => [m.mountPath, m.source.type, m.writable])).toEqual([
      ['/etc/c', 'configMap', false],
      ['/etc/s', 'secret', false],
      ['/cache', 'emptyDir', false],
      // Outside a StatefulSet a mount without a volume is an error in the manifest, reported as such.
      ['/gone', 'missing', true],
    ]);
  });
});

test('a read-only host mount is named, though it is not writable', () => {
  const view = pod({
    containers: [
      {
        name: 'app',
        securityContext: { readOnlyRootFilesystem: true },
        volumeMounts: [{ name: 'certs', mountPath: '/etc/ssl/certs', readOnly: true }],
      },
    ],
    volumes: [{ name: 'certs', hostPath: { path: '/etc/ssl/certs' } }],
  });
  const facts = writablePathsFacts({ kind: 'Pod', name: 'p', pod: view });
  expect(describeWritablePaths(view, facts)).toBe(
    'Container "app": nothing: the root filesystem is read-only and no writable volume is mounted; ' +
      'read-only host mounts: /etc/ssl/certs (host path /etc/ssl/certs).',
  );
  expect(writablePathsConcerns(facts)).toEqual([
    { container: null, message: 'hostPath volume "certs" (/etc/ssl/certs)' },
  ]);
});

describe('host access', () => {
  test('host ports are a deviation in Kubernetes, publishing is normal in Compose', () => {
    const spec = { containers: [{ name: 'web', ports: [{ containerPort: 8080, hostPort: 80 }] }] };
    const k8s = pod(spec);
    expect(hostAccessConcerns(k8s, hostAccessFacts(k8s))).toEqual([
      { container: 'web', message: '"web": hostPort 80' },
    ]);
    expect(describeHostAccess(k8s, hostAccessFacts(k8s))).toBe(
      'No: no host network, PID or IPC namespace and no privileged container. It binds host ports 80->8080 ("web").',
    );
    const compose = pod(spec, 'compose');
    expect(hostAccessConcerns(compose, hostAccessFacts(compose))).toEqual([]);
  });

  test('every shared namespace is named', () => {
    const view = pod({ hostPID: true, hostIPC: true, containers: [{ name: 'app' }] });
    expect(describeHostAccess(view, hostAccessFacts(view))).toBe(
      "Yes: it shares the host's process (PID), IPC namespaces.",
    );
  });
});

test('shellQuote quotes only what the shell would split', () => {
  expect(shellQuote('api')).toBe('api');
  expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
});
