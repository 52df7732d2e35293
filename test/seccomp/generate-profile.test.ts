import {
  DOCKER_DEFAULT_PROFILE,
  SeccompProfileError,
  flattenDockerProfile,
  generateSeccompProfile,
  operatorLocalhostProfile,
  renderSeccompReview,
  seccompOperatorResource,
  seccompProfileSha256,
} from '../../src/seccomp';
import type { SeccompProfileRequest } from '../../src/seccomp';

const reason = 'The session cache stores its key in the kernel keyring (ticket SEC-42).';
const keyring: SeccompProfileRequest = {
  name: 'keyring-client',
  add: [{ syscall: 'add_key', justification: { reason, ticket: 'SEC-42' } }],
};

function allKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) allKeys(v, keys);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      allKeys(v, keys);
    }
  }
  return keys;
}

function allowedNames(rules: readonly { names: readonly string[]; action: string }[]): Set<string> {
  return new Set(rules.filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names));
}

describe('the OCI profile (containerd, CRI-O)', () => {
  const profile = generateSeccompProfile(keyring);

  it('has no Docker-only key at any depth', () => {
    const keys = allKeys(profile.oci);
    for (const dockerOnly of [
      'archMap',
      'includes',
      'excludes',
      'comment',
      'minKernel',
      'caps',
      'arches',
      'subArchitectures',
    ]) {
      expect(keys).not.toContain(dockerOnly);
    }
    expect(profile.oci.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  });

  it('allows no system call that the default allows only with a capability the container lacks', () => {
    const unconditional = new Set(
      DOCKER_DEFAULT_PROFILE.syscalls.filter((r) => !r.includes?.caps).flatMap((r) => r.names),
    );
    const capabilityOnly = DOCKER_DEFAULT_PROFILE.syscalls
      .filter((r) => r.includes?.caps && r.action === 'SCMP_ACT_ALLOW')
      .flatMap((r) => r.names)
      .filter((n) => !unconditional.has(n));
    expect(capabilityOnly).toEqual(
      expect.arrayContaining(['mount', 'bpf', 'reboot', 'setns', 'unshare', 'init_module']),
    );
    const allowed = allowedNames(profile.oci.syscalls);
    for (const name of capabilityOnly) expect(allowed).not.toContain(name);
  });

  it('keeps the conditions that hold for a drop-ALL amd64 container and drops the others', () => {
    const rules = profile.oci.syscalls;
    // clone3 is answered ENOSYS without CAP_SYS_ADMIN, so that libc falls back to clone.
    expect(rules).toContainEqual({ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
    // clone without namespace flags (argument 0 on amd64; the s390 variant is dropped).
    expect(rules.filter((r) => r.names.includes('clone'))).toEqual([
      {
        names: ['clone'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 0, value: 2114060288, op: 'SCMP_CMP_MASKED_EQ' }],
      },
    ]);
    expect(allowedNames(rules)).toContain('arch_prctl');
    expect(allowedNames(rules)).not.toContain('set_tls');
    expect(allowedNames(rules)).toContain('ptrace'); // minKernel 4.8 holds on every supported node
  });

  it('flattens for arm64 with that architecture’s own rules', () => {
    const arm = generateSeccompProfile({ ...keyring, architecture: 'arm64' });
    expect(arm.oci.architectures).toEqual(['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
    expect(allowedNames(arm.oci.syscalls)).toContain('set_tls');
    expect(allowedNames(arm.oci.syscalls)).not.toContain('arch_prctl');
  });

  it('keeps the capability-gated rules of a capability the container adds back', () => {
    const flat = flattenDockerProfile(DOCKER_DEFAULT_PROFILE, 'amd64', ['SYS_TIME']);
    expect(allowedNames(flat.profile.syscalls)).toContain('clock_settime');
    expect(allowedNames(flat.profile.syscalls)).not.toContain('mount');
  });

  it('ends with the additions, and accounts for every condition of the base', () => {
    expect(profile.oci.syscalls.at(-1)).toEqual({ names: ['add_key'], action: 'SCMP_ACT_ALLOW' });
    const conditional = DOCKER_DEFAULT_PROFILE.syscalls.filter((r) => r.includes ?? r.excludes);
    expect(profile.diff.conditionsResolved).toHaveLength(conditional.length);
    expect(profile.diff.removed).toEqual([]);
  });
});

describe('the Docker profile (docker run, Compose)', () => {
  it("is Docker's default, conditions and all, with the additions appended", () => {
    const profile = generateSeccompProfile(keyring);
    expect(profile.docker.archMap).toEqual(DOCKER_DEFAULT_PROFILE.archMap);
    expect(profile.docker.syscalls.slice(0, -1)).toEqual(DOCKER_DEFAULT_PROFILE.syscalls);
    expect(profile.docker.syscalls.at(-1)).toEqual({ names: ['add_key'], action: 'SCMP_ACT_ALLOW' });
  });
});

describe('the Security Profiles Operator resource', () => {
  it('carries the OCI profile and its hash', () => {
    const profile = generateSeccompProfile(keyring);
    const resource = seccompOperatorResource(profile, 'shop');
    expect(resource).toMatchObject({
      apiVersion: 'security-profiles-operator.x-k8s.io/v1beta1',
      kind: 'SeccompProfile',
      metadata: { name: 'keyring-client', namespace: 'shop' },
      spec: {
        defaultAction: 'SCMP_ACT_ERRNO',
        architectures: profile.oci.architectures,
        syscalls: profile.oci.syscalls,
      },
    });
    expect(resource.metadata.annotations['hardened-workloads.io/seccomp-profile-sha256']).toBe(
      profile.sha256,
    );
    expect(operatorLocalhostProfile('keyring-client', 'shop')).toBe('operator/shop/keyring-client.json');
  });
});

describe('the hash', () => {
  it('is stable, independent of key order, and changes with the additions', () => {
    const a = generateSeccompProfile(keyring);
    expect(generateSeccompProfile(keyring).sha256).toBe(a.sha256);
    expect(seccompProfileSha256({ b: 1, a: [2] })).toBe(seccompProfileSha256({ a: [2], b: 1 }));
    const b = generateSeccompProfile({
      ...keyring,
      add: [...keyring.add, { syscall: 'keyctl', justification: { reason } }],
    });
    expect(b.sha256).not.toBe(a.sha256);
  });
});

describe('refusals', () => {
  function expectRefused(request: SeccompProfileRequest, message: RegExp): void {
    expect(() => generateSeccompProfile(request)).toThrow(message);
  }

  it('refuses a system call the kernel gates on a dropped capability', () => {
    expectRefused(
      { name: 'x', add: [{ syscall: 'mount', justification: { reason } }] },
      /mount also needs CAP_SYS_ADMIN, which the posture drops/,
    );
    expectRefused({ name: 'x', add: [{ syscall: 'reboot', justification: { reason } }] }, /CAP_SYS_BOOT/);
  });

  it('refuses one the default already allows, and an unknown name', () => {
    expectRefused(
      { name: 'x', add: [{ syscall: 'getpid', justification: { reason } }] },
      /already allowed by the runtime default/,
    );
    expectRefused(
      { name: 'x', add: [{ syscall: 'add_kye', justification: { reason } }] },
      /"add_kye" is not a system call this generator knows/,
    );
    expectRefused({ name: 'x', add: [] }, /keep seccompProfile RuntimeDefault/);
    expectRefused({ name: 'Not A Label', add: keyring.add }, /DNS label/);
  });

  it('needs an approver for a high-risk system call, and only an own, visible one', () => {
    expectRefused(
      { name: 'x', add: [{ syscall: 'unshare', justification: { reason } }] },
      /approvedBy is required.*unshare creates namespaces/s,
    );
    const proto = Object.prototype as Record<string, unknown>;
    proto.approvedBy = 'security-team';
    try {
      expectRefused(
        { name: 'x', add: [{ syscall: 'unshare', justification: { reason } }] },
        /approvedBy is required/,
      );
    } finally {
      delete proto.approvedBy;
    }
    expect(
      generateSeccompProfile({
        name: 'x',
        add: [{ syscall: 'unshare', justification: { reason, approvedBy: 'security-team' } }],
      }).diff.added[0]?.justification.approvedBy,
    ).toBe('security-team');
  });

  it('refuses placeholder, expired and missing justifications', () => {
    expectRefused({ name: 'x', add: [{ syscall: 'add_key', justification: { reason: 'TODO' } }] }, /reason/);
    expectRefused(
      { name: 'x', add: [{ syscall: 'add_key', justification: { reason, expires: '2020-01-01' } }] },
      /expired on 2020-01-01/,
    );
    expectRefused({ name: 'x', add: [{ syscall: 'add_key' } as never] }, /justification/);
  });

  it('validates argument filters', () => {
    expectRefused(
      {
        name: 'x',
        add: [
          {
            syscall: 'add_key',
            args: [{ index: 9, value: -1, op: 'EQ' as never }],
            justification: { reason },
          },
        ],
      },
      /index must be 0 to 5[\s\S]*value must be a non-negative integer[\s\S]*op must be one of/,
    );
    const filtered = generateSeccompProfile({
      name: 'x',
      add: [
        {
          syscall: 'personality',
          args: [{ index: 0, value: 65536, op: 'SCMP_CMP_EQ' }],
          justification: { reason, approvedBy: 'sec' },
        },
      ],
    });
    expect(filtered.oci.syscalls.at(-1)).toEqual({
      names: ['personality'],
      action: 'SCMP_ACT_ALLOW',
      args: [{ index: 0, value: 65536, op: 'SCMP_CMP_EQ' }],
    });
  });

  it('throws a SeccompProfileError naming every problem at once', () => {
    const both = () =>
      generateSeccompProfile({
        name: 'x',
        add: [
          { syscall: 'mount', justification: { reason } },
          { syscall: 'getpid', justification: { reason } },
        ],
      });
    expect(both).toThrow(SeccompProfileError);
    expect(both).toThrow(/add\[0\][\s\S]*add\[1\]/);
  });
});

describe('the review', () => {
  it('shows what was added, why, and how each condition was resolved', () => {
    const review = renderSeccompReview(generateSeccompProfile(keyring));
    expect(review).toContain(
      '| `add_key` | any | The session cache stores its key in the kernel keyring (ticket SEC-42). | SEC-42 |',
    );
    expect(review).toMatch(
      /\| bpf, clone, clone3.* \| includes caps CAP_SYS_ADMIN \| no \| the posture drops CAP_SYS_ADMIN \|/,
    );
    expect(review).toContain('Nothing: the generator only adds.');
  });
});
