import { createHash } from 'node:crypto';
import type { Capability } from '../posture/capabilities';
import { normaliseCapability } from '../posture/capabilities';
import type { Justification } from '../posture/justification';
import { justificationProblems } from '../posture/justification';
import { DOCKER_DEFAULT_PROFILE } from './docker-default-profile';
import type { ResolvedCondition, SeccompArchitecture } from './flatten';
import { flattenDockerProfile } from './flatten';
import type {
  DockerSeccompProfile,
  OciSeccompProfile,
  OciSeccompRule,
  SeccompArgumentFilter,
} from './profile-types';
import { SECCOMP_OPERATORS } from './profile-types';
import { CAPABILITY_GATED_SYSCALLS, HIGH_RISK_SYSCALLS, OTHER_BLOCKED_SYSCALLS } from './syscall-risk';
import { recordGeneratedSeccompProfile } from '../posture/generated-profiles';

/** One system call added to the runtime default, and why. */
export interface SyscallAddition {
  /** The system call, e.g. `add_key`. */
  readonly syscall: string;
  /** Allow it only when these argument conditions hold. @default - every call is allowed */
  readonly args?: readonly SeccompArgumentFilter[];
  /**
   * Why the workload needs it. The system calls in {@link HIGH_RISK_SYSCALLS} need `approvedBy`.
   * @remarks Recorded in the generated profile's review and in the workload's justification record.
   */
  readonly justification: Justification;
}

/** What to generate: the runtime default plus named, justified system calls. */
export interface SeccompProfileRequest {
  /** A DNS-label name for the profile, e.g. `keyring-client`; names the files and the operator resource. */
  readonly name: string;
  /** The system calls to add; at least one (with none, keep `RuntimeDefault`). */
  readonly add: readonly SyscallAddition[];
  /** The node architecture the OCI profile is flattened for. @default 'amd64' */
  readonly architecture?: SeccompArchitecture;
  /**
   * Capabilities the container adds back through justified `capability` exemptions. The posture drops
   * all others, and the OCI profile is flattened for exactly these.
   * @default - none: a drop-ALL container
   */
  readonly capabilities?: readonly Capability[];
  /** The clock that justification expiry is checked against. @default - now */
  readonly now?: Date;
}

/** What the reviewer of a generated profile reads: how it differs from the runtime default. */
export interface SeccompProfileDiff {
  /** The system calls added, with their conditions and justifications. */
  readonly added: readonly SyscallAddition[];
  /** System calls of the base that the profile removes: always none, the generator only adds. */
  readonly removed: readonly string[];
  /** How each of the base's conditions was resolved for the OCI profile. */
  readonly conditionsResolved: readonly ResolvedCondition[];
}

/** A generated profile in every format the hosts need, from one model. */
export interface GeneratedSeccompProfile {
  /** The profile's name. */
  readonly name: string;
  /** The architecture the OCI profile targets. */
  readonly architecture: SeccompArchitecture;
  /** For containerd and CRI-O (`Localhost` profiles), flattened: no Docker-only keys. */
  readonly oci: OciSeccompProfile;
  /** For Docker and Compose (`--security-opt seccomp=<file>`): Docker's default with the additions. */
  readonly docker: DockerSeccompProfile;
  /** SHA-256 of the OCI profile's canonical JSON: what records and the audit refer to. */
  readonly sha256: string;
  /** What changed against the runtime default, for the review. */
  readonly diff: SeccompProfileDiff;
}

/** Raised when a requested profile cannot be generated; the message says why and what to do. */
export class SeccompProfileError extends Error {
  /** Always `SeccompProfileError`. */
  public override readonly name = 'SeccompProfileError';
}

/**
 * Generates a seccomp profile: Docker's default profile plus the requested system calls, each
 * justified. Refuses an addition that would change nothing (already allowed, or needing a capability
 * the container lacks), an unknown system call name, and a high-risk one without an approver.
 */
export function generateSeccompProfile(request: SeccompProfileRequest): GeneratedSeccompProfile {
  const architecture = request.architecture ?? 'amd64';
  const capabilities = (request.capabilities ?? []).map((c) => normaliseCapability(c) as Capability);
  const base = flattenDockerProfile(DOCKER_DEFAULT_PROFILE, architecture, capabilities);
  const problems = requestProblems(request, base.profile, new Set(capabilities));
  if (problems.length > 0) {
    throw new SeccompProfileError(
      `seccomp profile ${JSON.stringify(request.name)}: cannot be generated\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  const additions = request.add.map(copyAddition);
  const added: OciSeccompRule[] = additions.map((a) => ({
    names: [a.syscall],
    action: 'SCMP_ACT_ALLOW',
    ...(a.args && a.args.length > 0 && { args: a.args }),
  }));
  const oci: OciSeccompProfile = { ...base.profile, syscalls: [...base.profile.syscalls, ...added] };
  const docker: DockerSeccompProfile = {
    ...DOCKER_DEFAULT_PROFILE,
    syscalls: [...DOCKER_DEFAULT_PROFILE.syscalls, ...added],
  };
  const sha256 = seccompProfileSha256(oci);
  recordGeneratedSeccompProfile(sha256);
  return {
    name: request.name,
    architecture,
    oci,
    docker,
    sha256,
    diff: { added: additions, removed: [], conditionsResolved: base.resolved },
  };
}

/** SHA-256 of a profile's canonical JSON (keys sorted), hex. */
export function seccompProfileSha256(profile: unknown): string {
  return createHash('sha256').update(canonicalJson(profile)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SYSCALL = /^[a-z_][a-z0-9_]*$/;

function knownSyscalls(): ReadonlySet<string> {
  const names = new Set<string>(OTHER_BLOCKED_SYSCALLS);
  for (const rule of DOCKER_DEFAULT_PROFILE.syscalls) for (const n of rule.names) names.add(n);
  for (const n of Object.keys(CAPABILITY_GATED_SYSCALLS)) names.add(n);
  for (const n of Object.keys(HIGH_RISK_SYSCALLS)) names.add(n);
  return names;
}

function requestProblems(
  request: SeccompProfileRequest,
  base: OciSeccompProfile,
  capabilities: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  if (typeof request.name !== 'string' || !NAME.test(request.name)) {
    problems.push(`name ${JSON.stringify(request.name)} must be a DNS label (lower case, digits, "-")`);
  }
  if (!Array.isArray(request.add) || request.add.length === 0) {
    problems.push('add lists no system call: with none to add, keep seccompProfile RuntimeDefault');
    return problems;
  }
  const unconditional = new Set(base.syscalls.filter(isUnconditionalAllow).flatMap((r) => r.names));
  const known = knownSyscalls();
  const seen = new Set<string>();
  request.add.forEach((addition: unknown, i) => {
    const at = `add[${i}]`;
    if (addition === null || typeof addition !== 'object') {
      problems.push(`${at} must be { syscall, justification }`);
      return;
    }
    const syscall = ownValue(addition, 'syscall');
    if (typeof syscall !== 'string' || !SYSCALL.test(syscall) || !known.has(syscall)) {
      problems.push(
        `${at}: ${JSON.stringify(syscall)} is not a system call this generator knows (runtimes skip unknown names, so a typo would allow nothing)`,
      );
      return;
    }
    if (seen.has(syscall)) problems.push(`${at}: ${syscall} is listed twice`);
    seen.add(syscall);
    const gate = CAPABILITY_GATED_SYSCALLS[syscall];
    if (gate !== undefined && !capabilities.has(gate)) {
      problems.push(
        `${at}: ${syscall} also needs CAP_${gate}, which the posture drops: allowing it in the profile would change nothing (the kernel still refuses it)`,
      );
    } else if (unconditional.has(syscall) && ownValue(addition, 'args') === undefined) {
      problems.push(`${at}: ${syscall} is already allowed by the runtime default: nothing to add`);
    }
    const highRisk = HIGH_RISK_SYSCALLS[syscall];
    const written = ownValue(addition, 'justification');
    // Validate the own-property copy, the one that is recorded, never the caller's object.
    const justification =
      written !== null && typeof written === 'object' ? copyJustification(written as Justification) : written;
    for (const problem of justificationProblems(justification, {
      requireApproval: highRisk !== undefined,
      now: request.now ?? new Date(),
    })) {
      problems.push(
        `${at} (${syscall}): ${problem}${highRisk && /approvedBy/.test(problem) ? `: ${syscall} ${highRisk}` : ''}`,
      );
    }
    problems.push(...argumentProblems(at, ownValue(addition, 'args')));
  });
  return problems;
}

function isUnconditionalAllow(rule: OciSeccompRule): boolean {
  return rule.action === 'SCMP_ACT_ALLOW' && (rule.args === undefined || rule.args.length === 0);
}

function argumentProblems(at: string, args: unknown): string[] {
  if (args === undefined) return [];
  if (!Array.isArray(args) || args.length === 0) return [`${at}.args must be a non-empty list when given`];
  const problems: string[] = [];
  args.forEach((arg: unknown, j) => {
    const where = `${at}.args[${j}]`;
    if (arg === null || typeof arg !== 'object') {
      problems.push(`${where} must be { index, value, op }`);
      return;
    }
    const index = ownValue(arg, 'index');
    const value = ownValue(arg, 'value');
    const valueTwo = ownValue(arg, 'valueTwo');
    const op = ownValue(arg, 'op');
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) > 5)
      problems.push(`${where}.index must be 0 to 5`);
    for (const [key, v] of [
      ['value', value],
      ['valueTwo', valueTwo],
    ] as const) {
      if (v === undefined && key === 'valueTwo') continue;
      if (!Number.isSafeInteger(v) || (v as number) < 0)
        problems.push(`${where}.${key} must be a non-negative integer`);
    }
    if (typeof op !== 'string' || !(SECCOMP_OPERATORS as readonly string[]).includes(op)) {
      problems.push(`${where}.op must be one of ${SECCOMP_OPERATORS.join(', ')}`);
    }
  });
  return problems;
}

// Own data properties only: an inherited or accessor property is not what the caller wrote down.
function ownValue(object: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor && 'value' in descriptor ? (descriptor.value as unknown) : undefined;
}

function copyAddition(addition: SyscallAddition): SyscallAddition {
  const justification = ownValue(addition, 'justification') as Justification;
  const args = ownValue(addition, 'args') as readonly SeccompArgumentFilter[] | undefined;
  return Object.freeze({
    syscall: ownValue(addition, 'syscall') as string,
    ...(args && {
      args: Object.freeze(
        args.map((a) =>
          Object.freeze({
            index: ownValue(a, 'index') as number,
            value: ownValue(a, 'value') as number,
            ...(ownValue(a, 'valueTwo') !== undefined && { valueTwo: ownValue(a, 'valueTwo') as number }),
            op: ownValue(a, 'op') as SeccompArgumentFilter['op'],
          }),
        ),
      ),
    }),
    justification: Object.freeze(copyJustification(justification)),
  });
}

function copyJustification(j: Justification): Justification {
  // No prototype: an inherited approvedBy (Object.prototype pollution) must not read as one.
  const out = Object.create(null) as Record<string, string>;
  for (const key of ['reason', 'ticket', 'approvedBy', 'expires'] as const) {
    const v = ownValue(j, key);
    if (typeof v === 'string') out[key] = v;
  }
  return out as unknown as Justification;
}
