import type { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import type { k8s } from 'cdk8s-plus-28';
import type {
  AppArmorPin,
  HardenedContainerSpec,
  PodExemption,
  PodUserIds,
  PostureEnvironment,
  RenderedPod,
} from '../posture';
import type { Finding, ResolvedAudit } from '../audit';
import { captureCreationStack } from '../audit/creation-site';
import { podSecurityAdmits } from '../rules/pod-security-level';
import { namespacesNamed } from './namespace-registry';
import type { YamlHazard } from '../posture';
import { JUSTIFICATIONS_ANNOTATION, renderHardenedPod } from '../posture';
import { sealRendering } from '../posture/sealed-rendering';
import { hardenedSpecOf } from './hardened-container';
import { addFieldsBeyondSchema, hasFieldsBeyondSchema, mergeRenderedPod } from './merge-pod-spec';
import type { SelfAuditResult } from './self-audit';
import { auditRendering, hardenedAudit } from './self-audit';
import { SYNTH_SESSION, checkWrittenObject, synthGeneration, trackSynthSessions } from './synth-session';
import { guardMethod } from './guarded-method';

// A local binding: module namespace reads can go through getters in transpiled code.
const session = SYNTH_SESSION;

// Separates init containers from containers in the rendering's cache key.
const INIT_END: unique symbol = Symbol('init containers end');

// One rule selection per synth session and environment, instead of one per workload.
let sessionAudits:
  { readonly generation: number; readonly byEnvironment: Map<string, ResolvedAudit> } | undefined;

function sessionAudit(
  generation: number,
  environment: PostureEnvironment | undefined,
  maxExemptionDays: number | undefined,
): ResolvedAudit {
  if (sessionAudits?.generation !== generation) sessionAudits = { generation, byEnvironment: new Map() };
  const key = `${environment ?? 'default'}/${maxExemptionDays ?? 'unlimited'}`;
  let audit = sessionAudits.byEnvironment.get(key);
  if (audit === undefined) {
    audit = hardenedAudit(environment, maxExemptionDays);
    sessionAudits.byEnvironment.set(key, audit);
  }
  return audit;
}

/** Pod-level posture options shared by every hardened workload. */
export interface HardenedPodOptions {
  /**
   * Numeric, non-root ids for the pod (`runAsUser`, `runAsGroup`, `fsGroup`).
   *
   * @remarks A numeric user lets the kubelet refuse a root image at start (`runAsNonRoot`
   * cannot check a user name). Zero is refused: running as root needs a justified
   * `runAsRoot` exemption on the container.
   * @default - 10001 for all three (DEFAULT_POSTURE.user)
   */
  readonly user?: PodUserIds;
  /**
   * Justified pod-level relaxations: `hostNetwork`, `hostPID`, `hostIPC`.
   *
   * @remarks Sharing a host namespace is host-level access: each needs a justification with
   * `approvedBy` (a design review), or it does not compile.
   * @default - none
   */
  readonly podExemptions?: readonly PodExemption[];
  /**
   * Render `hostUsers: false`: the pod runs in its own user namespace.
   *
   * @remarks Opt-in because the cluster must support user namespaces (Kubernetes 1.30+ with a
   * capable runtime). It reduces the harm of an escape but does not replace least privilege:
   * the rest of the posture stays.
   * @default false
   */
  readonly userNamespaces?: boolean;
  /**
   * The first port the pod's processes may bind without a capability, e.g. `80`: renders the
   * namespaced sysctl `net.ipv4.ip_unprivileged_port_start` in `spec.securityContext.sysctls`.
   *
   * @remarks The add-back that works: a `NET_BIND_SERVICE` capability exemption does nothing for a
   * non-root process under `allowPrivilegeEscalation: false` (containerd and CRI-O put it only in the
   * bounding set), while this sysctl lets the process bind :80 with no capability. Pod Security
   * baseline lists the sysctl as safe (the kubelet accepts it from Kubernetes 1.22), so no exemption
   * or namespace label is needed. From 0 to 1024; refused with a `hostNetwork` exemption.
   * @default - unset (the runtime's choice)
   */
  readonly unprivilegedPortStart?: number;
  /**
   * Pin AppArmor to the runtime's default profile explicitly: `'annotation'` writes the beta
   * annotation (Kubernetes 1.28/1.29), `'field'` the `appArmorProfile` field (1.30+).
   *
   * @remarks Unset, the platform's default container policy applies, which the seed prefers.
   * Pinning makes the choice visible in the manifest.
   * @default - unset (platform default)
   */
  readonly pinAppArmorRuntimeDefault?: AppArmorPin;
  /**
   * Where the workload runs. In `production` an Unconfined seccomp exemption is refused.
   * @remarks Only the documented values are accepted: any other value (`'prod'`) is an error at
   * construction, never a lesser environment.
   * @default 'production'
   */
  readonly environment?: PostureEnvironment;
  /**
   * The longest lifetime, in days, of an exemption that needs an approver (privileged, host
   * namespaces, host paths, capabilities outside Pod Security baseline, ...): each must set
   * `justification.expires` within it, or the synth fails.
   * @remarks A high-risk relaxation then comes back for review instead of staying forever. The
   * synth-time audit applies the same limit to the recorded justifications.
   * @default - no limit
   */
  readonly maxExemptionDays?: number;
}

// The workloads a PodHardening guards: their justification records are built from exemptions the
// library validated, and their synth refuses any other record (justification-owned).
const hardenedWorkloads = new WeakSet<object>();

/** Whether a construct is a hardened workload of this library (HardenedDeployment, ...). */
export function isHardenedWorkload(construct: object): boolean {
  return hardenedWorkloads.has(construct);
}

/** What a hardened workload exposes to the helper that hardens it. */
export interface HardenablePod {
  readonly pod: kplus.AbstractPod;
  readonly workloadMetadata: { addAnnotation(key: string, value: string): void };
  readonly podMetadata: { addAnnotation(key: string, value: string): void };
  readonly apiObject: ApiObject;
  readonly automountServiceAccountToken: boolean;
}

/**
 * Hardens one cdk8s-plus workload: renders the posture through the core's single pod renderer,
 * merges it into the pod spec cdk8s-plus renders, keeps the justification annotations current,
 * and fails the synth when the object finally rendered (patches applied) breaks the posture.
 */
export class PodHardening {
  private lastRendered:
    | {
        readonly key: readonly (HardenedContainerSpec | typeof INIT_END)[];
        readonly pod: RenderedPod;
        readonly beyondSchema: boolean;
      }
    | undefined;
  private verdict: { readonly generation: number; readonly result: SelfAuditResult } | undefined;
  // The errors of `verdict`, kept flat for the validation's fast path.
  private verdictErrors: string[] = [];
  private verdictGeneration = -1;
  private rendering:
    | {
        readonly generation: number;
        readonly manifest: Record<string, unknown>;
        readonly hazards: readonly YamlHazard[];
      }
    | undefined;
  // Where the user's code created the workload, for the synth errors (formatted only on a refusal).
  private readonly createdBy: Error;

  public constructor(
    private readonly target: HardenablePod,
    private readonly options: HardenedPodOptions,
  ) {
    // The workload's constructor (a user's subclass, if any) is on the stack: its caller is the site.
    this.createdBy = captureCreationStack(
      target.pod.constructor as abstract new (...args: never[]) => unknown,
    );
    trackSynthSessions(target.pod);
    hardenedWorkloads.add(target.pod);
    this.installRenderHook();
    // cdk8s calls this once per chart: within a synth session the cached verdict is returned at
    // the cost of two property reads.
    target.pod.node.addValidation({
      validate: () =>
        session.open > 0 && this.verdictGeneration === session.generation
          ? this.verdictErrors
          : this.validate(),
    });
  }

  /**
   * Renders the posture of the pod as it is now and updates the annotations. Called at
   * construction and on every container change, so a bad exemption fails there, not at synth.
   */
  public refresh(): RenderedPod {
    const rendered = this.render();
    for (const [key, value] of Object.entries(rendered.annotations)) {
      this.target.podMetadata.addAnnotation(key, value);
      if (key === JUSTIFICATIONS_ANNOTATION) this.target.workloadMetadata.addAnnotation(key, value);
    }
    return rendered;
  }

  /** Merges the posture into the pod spec cdk8s-plus rendered. */
  public harden(spec: k8s.PodSpec): k8s.PodSpec {
    // Not refresh(): cdk8s-plus renders the metadata before the pod spec, and the annotations
    // are already current (every container change refreshes them).
    const rendered = this.render();
    return mergeRenderedPod(spec, rendered, this.target.pod.node.path);
  }

  /** The audit of the object as it is rendered now (patches applied); cached per synth. */
  public audit(): SelfAuditResult {
    const generation = synthGeneration();
    if (generation !== undefined && this.verdict?.generation === generation) return this.verdict.result;
    const { environment, maxExemptionDays } = this.options;
    const audit =
      generation === undefined
        ? hardenedAudit(environment, maxExemptionDays)
        : sessionAudit(generation, environment, maxExemptionDays);
    const manifest: unknown = this.target.apiObject.toJson();
    const rendered = this.render();
    const sealed = this.rendering;
    const audited = auditRendering(manifest, {
      audit,
      own: { records: rendered.justifications, annotation: rendered.annotations[JUSTIFICATIONS_ANNOTATION] },
      createdBy: this.createdBy,
      // The walk that froze this very rendering found its YAML hazards: they are not looked for twice.
      ...(sealed !== undefined && sealed.manifest === manifest && { hazards: sealed.hazards }),
    });
    const namespaceErrors = this.namespaceErrors(manifest, audited.findings);
    const result =
      namespaceErrors.length === 0
        ? audited
        : { ...audited, errors: [...audited.errors, ...namespaceErrors] };
    if (generation !== undefined) {
      this.verdict = { generation, result };
      this.verdictGeneration = generation;
      // cdk8s only reads the list: the cached one is handed out as it is.
      this.verdictErrors = result.errors as string[];
      for (const warning of result.warnings) {
        process.stderr.write(`[${this.target.pod.node.path}] warning ${warning}\n`);
      }
    }
    return result;
  }

  // A justified exemption Pod Security Admission rejects needs a namespace that admits it: a
  // HardenedNamespace of the same app and name that enforces more fails the synth here, not at apply.
  private namespaceErrors(manifest: unknown, findings: readonly Finding[]): string[] {
    const rejected = findings.filter((f) => f.namespaceEnforce !== undefined);
    const needed = rejected[0]?.namespaceEnforce;
    if (needed === undefined) return [];
    const metadata = (manifest as { metadata?: { namespace?: unknown } } | null)?.metadata;
    const name = metadata?.namespace;
    if (typeof name !== 'string') return [];
    const exemptions = [
      ...new Set(
        rejected.map(
          (f) =>
            `${f.justification?.exemption ?? f.rule}${f.justification?.subject ? ` (${f.justification.subject})` : ''}`,
        ),
      ),
    ].join(', ');
    const approval = needed === 'privileged' ? ', approvedBy' : '';
    return namespacesNamed(this.target.pod, name)
      .filter((namespace) => !podSecurityAdmits(namespace.enforceLevel, needed))
      .map(
        (namespace) =>
          `pod-security-admission: HardenedNamespace ${namespace.path} ("${name}") enforces Pod Security "${namespace.enforceLevel}", ` +
          `which rejects this pod: its justified exemptions (${exemptions}) need "${needed}" (Pod Security Admission has no per-workload exemptions). ` +
          `Choose the namespace level with its own justification: podSecurity: { level: '${needed}', justification: { reason${approval} } } on ${namespace.path}, ` +
          'or run the workload in a namespace at that level',
      );
  }

  private validate(): string[] {
    return this.audit().errors as string[];
  }

  private render(): RenderedPod {
    const specsOf = (containers: readonly kplus.Container[]) =>
      containers.flatMap((c) => {
        const spec = hardenedSpecOf(c);
        return spec === undefined ? [] : [spec];
      });
    const initContainers = specsOf(this.target.pod.initContainers);
    const containers = specsOf(this.target.pod.containers);
    // The rendering depends only on the container specs (immutable, registered once) and the pod
    // options: reuse it while the same containers are declared in the same places.
    const key: (HardenedContainerSpec | typeof INIT_END)[] = [...initContainers, INIT_END, ...containers];
    const previous = this.lastRendered;
    if (previous?.key.length === key.length && previous.key.every((spec, i) => spec === key[i])) {
      return previous.pod;
    }
    const pod = renderHardenedPod({
      containers,
      initContainers,
      where: this.target.pod.node.path,
      automountServiceAccountToken: this.target.automountServiceAccountToken,
      ...(this.options.user !== undefined && { user: this.options.user }),
      ...(this.options.podExemptions !== undefined && { exemptions: this.options.podExemptions }),
      ...(this.options.userNamespaces !== undefined && { userNamespaces: this.options.userNamespaces }),
      ...(this.options.unprivilegedPortStart !== undefined && {
        unprivilegedPortStart: this.options.unprivilegedPortStart,
      }),
      ...(this.options.pinAppArmorRuntimeDefault !== undefined && {
        pinAppArmorRuntimeDefault: this.options.pinAppArmorRuntimeDefault,
      }),
      ...(this.options.environment !== undefined && { environment: this.options.environment }),
      ...(this.options.maxExemptionDays !== undefined && { maxExemptionDays: this.options.maxExemptionDays }),
    });
    this.lastRendered = { key, pod, beyondSchema: hasFieldsBeyondSchema(pod) };
    return pod;
  }

  // The synth renders each object once more after validating it; within one synth session the
  // first rendering is reused, so hardening costs no extra render. Other validations run in
  // between and may be handed the same object: it is sealed (frozen, see sealRendering), so what is
  // written is what was audited, and its YAML hazards are found on the way.
  private installRenderHook(): void {
    const apiObject = this.target.apiObject;
    // Guarded: a wrapper assigned to apiObject.toJson later renders inside the hook, once per
    // session, so the audit and the writer are handed the same sealed object.
    guardMethod<Record<string, unknown>>(
      apiObject,
      'toJson',
      apiObject.toJson.bind(apiObject) as () => Record<string, unknown>,
      (renderObject) => {
        const generation = synthGeneration();
        if (generation !== undefined && this.rendering?.generation === generation)
          return this.rendering.manifest;
        const manifest = renderObject();
        if (this.lastRendered?.beyondSchema === true) addFieldsBeyondSchema(manifest, this.lastRendered.pod);
        if (generation === undefined) return manifest;
        this.rendering = { generation, ...sealRendering(manifest) };
        return this.rendering.manifest;
      },
      this.target.pod.node.path,
    );
    checkWrittenObject(this.target.pod, {
      path: this.target.pod.node.path,
      kind: apiObject.kind,
      identity: () => ({ name: apiObject.name, namespace: apiObject.metadata.namespace }),
      audited: () =>
        this.rendering?.generation === synthGeneration() ? this.rendering?.manifest : undefined,
      judge: (written) => this.judgeWritten(written),
    });
  }

  // An object written in place of the audited rendering, judged as written with the construct's own records.
  private judgeWritten(written: unknown): readonly string[] {
    const rendered = this.render();
    return auditRendering(written, {
      audit: hardenedAudit(this.options.environment, this.options.maxExemptionDays),
      own: { records: rendered.justifications, annotation: rendered.annotations[JUSTIFICATIONS_ANNOTATION] },
      createdBy: this.createdBy,
    }).errors;
  }
}
