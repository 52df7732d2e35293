import type { Capability } from '../posture/capabilities';
import type {
  DockerSeccompCondition,
  DockerSeccompProfile,
  DockerSeccompRule,
  OciSeccompProfile,
  OciSeccompRule,
} from './profile-types';

/** The CPU architectures a generated profile can target (Go's names, as Docker and Kubernetes nodes report them). */
export type SeccompArchitecture = 'amd64' | 'arm64';

/** The kernel every generated profile assumes: Docker's conditions on older kernels resolve as on this one. */
export const ASSUMED_MIN_KERNEL = '5.10';

/** What flattening decided about one conditional rule of the base profile, for the reviewer. */
export interface ResolvedCondition {
  /** The system calls of the rule. */
  readonly names: readonly string[];
  /** The condition as Docker's profile writes it, e.g. `includes caps CAP_SYS_ADMIN`. */
  readonly condition: string;
  /** Whether the rule is in the flattened profile. */
  readonly kept: boolean;
  /** Why, in words. */
  readonly because: string;
}

/** A Docker-format profile turned into an OCI one for one architecture and capability set. */
export interface FlattenedProfile {
  /** The OCI profile: no archMap, includes, excludes or comments. */
  readonly profile: OciSeccompProfile;
  /** Every condition of the base, and what became of it. */
  readonly resolved: readonly ResolvedCondition[];
}

/**
 * Evaluates a Docker-format profile's conditions the way Docker does when it starts a container,
 * for a container with exactly `capabilities` on `architecture`, and writes the result in OCI form.
 * containerd and CRI-O do not evaluate Docker's conditions: they drop them and allow every rule
 * unconditionally, so a Docker profile given to them as is allows `mount`, `bpf` or `reboot`.
 */
export function flattenDockerProfile(
  base: DockerSeccompProfile,
  architecture: SeccompArchitecture,
  capabilities: readonly Capability[],
): FlattenedProfile {
  const bounding = new Set(capabilities.map((c) => `CAP_${c}`));
  const native = NATIVE_SECCOMP_ARCH[architecture];
  const arches = base.archMap.find((entry) => entry.architecture === native);
  if (!arches) throw new Error(`the base profile has no archMap entry for ${native}`);
  const syscalls: OciSeccompRule[] = [];
  const resolved: ResolvedCondition[] = [];
  for (const rule of base.syscalls) {
    const decision = decide(rule, architecture, bounding);
    if (decision) resolved.push({ names: rule.names, ...decision });
    if (decision && !decision.kept) continue;
    syscalls.push(ociRule(rule));
  }
  return {
    profile: {
      defaultAction: base.defaultAction,
      ...(base.defaultErrnoRet !== undefined && { defaultErrnoRet: base.defaultErrnoRet }),
      architectures: [arches.architecture, ...(arches.subArchitectures ?? [])],
      syscalls,
    },
    resolved,
  };
}

const NATIVE_SECCOMP_ARCH: Readonly<Record<SeccompArchitecture, string>> = {
  amd64: 'SCMP_ARCH_X86_64',
  arm64: 'SCMP_ARCH_AARCH64',
};

function decide(
  rule: DockerSeccompRule,
  architecture: SeccompArchitecture,
  bounding: ReadonlySet<string>,
): Omit<ResolvedCondition, 'names'> | undefined {
  const { includes, excludes } = rule;
  if (!hasCondition(includes) && !hasCondition(excludes)) return undefined;
  const condition = [describe('includes', includes), describe('excludes', excludes)]
    .filter(Boolean)
    .join('; ');
  const drop = (because: string) => ({ condition, kept: false, because });
  if (excludes?.arches?.includes(architecture)) return drop(`the target architecture is ${architecture}`);
  const excludedCap = excludes?.caps?.find((cap) => bounding.has(cap));
  if (excludedCap) return drop(`the container has ${excludedCap}`);
  if (excludes?.minKernel !== undefined && kernelAtLeast(ASSUMED_MIN_KERNEL, excludes.minKernel)) {
    return drop(`nodes run kernel ${ASSUMED_MIN_KERNEL} or newer`);
  }
  if (includes?.arches && !includes.arches.includes(architecture)) {
    return drop(`the target architecture is ${architecture}`);
  }
  const missingCap = includes?.caps?.find((cap) => !bounding.has(cap));
  if (missingCap) return drop(`the posture drops ${missingCap}`);
  if (includes?.minKernel !== undefined && !kernelAtLeast(ASSUMED_MIN_KERNEL, includes.minKernel)) {
    return drop(`it needs kernel ${includes.minKernel}`);
  }
  return { condition, kept: true, because: 'every condition holds for this container' };
}

function hasCondition(c: DockerSeccompCondition | undefined): c is DockerSeccompCondition {
  return (
    c !== undefined && (Boolean(c.arches?.length) || Boolean(c.caps?.length) || c.minKernel !== undefined)
  );
}

function describe(word: string, c: DockerSeccompCondition | undefined): string {
  if (!hasCondition(c)) return '';
  const parts = [
    c.arches?.length ? `arches ${c.arches.join(',')}` : '',
    c.caps?.length ? `caps ${c.caps.join(',')}` : '',
    c.minKernel !== undefined ? `minKernel ${c.minKernel}` : '',
  ].filter(Boolean);
  return `${word} ${parts.join(', ')}`;
}

function kernelAtLeast(kernel: string, wanted: string): boolean {
  const [a = 0, b = 0] = kernel.split('.').map(Number);
  const [x = 0, y = 0] = wanted.split('.').map(Number);
  return a > x || (a === x && b >= y);
}

// Only the keys of the OCI type: a comment or a condition must not reach containerd.
function ociRule(rule: OciSeccompRule): OciSeccompRule {
  return {
    names: [...rule.names],
    action: rule.action,
    ...(rule.errnoRet !== undefined && { errnoRet: rule.errnoRet }),
    ...(rule.args !== undefined && rule.args.length > 0 && { args: rule.args.map((arg) => ({ ...arg })) }),
  };
}
