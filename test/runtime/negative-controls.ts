/**
 * The negative controls of the runtime cases, derived from the library's own output: each removes
 * (or, for seccomp, adds) exactly one setting, so that a control differs from the generated input
 * in the thing under test only and the checks it targets must fail on it. Where one setting alone
 * cannot change a value (a non-root user has no effective capability with or without
 * `cap-drop ALL`), the control removes the two settings that together produce it and says so.
 */
import { JUSTIFICATIONS_ANNOTATION } from 'hardened-workloads';
import { stringify as stringifyYaml } from 'yaml';
import type { AuditNegative, NegativeControl } from './cases';
import type { PlainContainerArgs } from './docker-run-args';
import { editComposeService, editPodSpec, parseManifest, type Json } from './runners';

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isNoNewPrivileges = (opt: unknown): boolean =>
  typeof opt === 'string' && /^no-new-privileges(?:[:=]true)?$/.test(opt);

function without<T extends object>(value: T, key: string): T {
  const copy = { ...value } as Record<string, unknown>;
  Reflect.deleteProperty(copy, key);
  return copy as T;
}

// ---------------------------------------------------------------------------------------------
// docker.Container arguments

function withoutDockerCapDrop(a: PlainContainerArgs): PlainContainerArgs {
  const caps = isObj(a.capabilities) ? a.capabilities : {};
  const rest = without(caps, 'drops');
  return Object.keys(rest).length === 0 ? without(a, 'capabilities') : { ...a, capabilities: rest };
}

/** Negative controls of a HardenedContainer's docker.Container arguments. */
export const dockerNegatives = {
  user: {
    name: 'user removed',
    bites: ['uid', 'gid'],
    make: (a) => without(a, 'user'),
  },
  capDrop: {
    name: 'cap drop ALL removed',
    bites: ['capBnd'],
    make: withoutDockerCapDrop,
  },
  userAndCapDrop: {
    name: 'user and cap drop ALL removed (either alone leaves CapEff 0)',
    bites: ['capEff', 'bindPort80'],
    make: (a) => withoutDockerCapDrop(without(a, 'user')),
  },
  noNewPrivileges: {
    name: 'no-new-privileges removed',
    bites: ['noNewPrivs'],
    make: (a) => ({ ...a, securityOpts: list(a.securityOpts).filter((o) => !isNoNewPrivileges(o)) }),
  },
  readOnly: {
    name: 'readOnly removed',
    bites: ['rootReadOnly'],
    make: (a) => without(a, 'readOnly'),
  },
  seccomp: {
    name: 'seccomp=unconfined added',
    bites: ['seccomp'],
    make: (a) => ({ ...a, securityOpts: [...list(a.securityOpts), 'seccomp=unconfined'] }),
  },
  tmpfs: {
    name: 'tmpfs /tmp removed',
    bites: ['writablePath'],
    make: (a) => without(a, 'tmpfs'),
  },
  addBack: {
    name: 'NET_BIND_SERVICE add-back removed',
    bites: ['capBnd'],
    make: (a) => ({ ...a, capabilities: without(isObj(a.capabilities) ? a.capabilities : {}, 'adds') }),
  },
  portStart: {
    name: 'the library sysctl set back to the kernel default (net.ipv4.ip_unprivileged_port_start=1024)',
    bites: ['bindPort80'],
    make: (a) => ({
      ...a,
      sysctls: { ...(isObj(a.sysctls) ? a.sysctls : {}), 'net.ipv4.ip_unprivileged_port_start': '1024' },
    }),
  },
} satisfies Record<string, NegativeControl<PlainContainerArgs>>;

// ---------------------------------------------------------------------------------------------
// Compose

/** A Compose file and the service the case runs. */
export interface ComposeInput {
  readonly yaml: string;
  readonly service: string;
}

const editService =
  (edit: (svc: Json) => void) =>
  (c: ComposeInput): ComposeInput => ({ ...c, yaml: editComposeService(c.yaml, c.service, edit) });
const deleteKeys =
  (...keys: string[]) =>
  (svc: Json): void => {
    for (const k of keys) Reflect.deleteProperty(svc, k);
  };

/** Negative controls of a generated Compose service; each also names the audit rules that must report it. */
export const composeNegatives = {
  user: {
    name: 'user removed',
    bites: ['uid', 'gid'],
    make: editService(deleteKeys('user')),
    // A missing Compose `user` is one finding (run-as-non-root), not one per rule that reads it.
    auditRules: ['run-as-non-root'],
  },
  capDrop: {
    name: 'cap_drop removed',
    bites: ['capBnd'],
    make: editService(deleteKeys('cap_drop')),
    auditRules: ['capabilities-restricted'],
  },
  userAndCapDrop: {
    name: 'user and cap_drop removed (either alone leaves CapEff 0)',
    bites: ['capEff', 'bindPort80'],
    make: editService(deleteKeys('user', 'cap_drop')),
    auditRules: ['run-as-non-root', 'capabilities-restricted'],
  },
  noNewPrivileges: {
    name: 'no-new-privileges removed',
    bites: ['noNewPrivs'],
    make: editService((svc) => {
      svc.security_opt = list(svc.security_opt).filter((o) => !isNoNewPrivileges(o));
    }),
    auditRules: ['allow-privilege-escalation'],
  },
  readOnly: {
    name: 'read_only removed',
    bites: ['rootReadOnly'],
    make: editService(deleteKeys('read_only')),
    auditRules: ['read-only-root-filesystem'],
  },
  seccomp: {
    name: 'seccomp:unconfined added',
    bites: ['seccomp'],
    make: editService((svc) => {
      svc.security_opt = [...list(svc.security_opt), 'seccomp:unconfined'];
    }),
    auditRules: ['seccomp-profile-restricted'],
  },
  tmpfs: {
    name: 'tmpfs /tmp removed',
    bites: ['writablePath'],
    make: editService(deleteKeys('tmpfs')),
  },
} satisfies Record<string, NegativeControl<ComposeInput>>;

// ---------------------------------------------------------------------------------------------
// Kubernetes manifest (one Pod or Deployment)

/** A copy of a manifest without the keys in the pod's and every container's securityContext. */
export const withoutSecurityFields =
  (...keys: string[]) =>
  (yaml: string): string =>
    editPodSpec(yaml, (spec) => {
      const contexts = [
        spec.securityContext,
        ...list(spec.containers).map((c) => (isObj(c) ? c.securityContext : undefined)),
      ];
      for (const sc of contexts) if (isObj(sc)) for (const k of keys) Reflect.deleteProperty(sc, k);
    });

const withoutCapDrop = (yaml: string): string =>
  editPodSpec(yaml, (spec) => {
    for (const c of list(spec.containers)) {
      if (isObj(c) && isObj(c.securityContext) && isObj(c.securityContext.capabilities)) {
        Reflect.deleteProperty(c.securityContext.capabilities, 'drop');
      }
    }
  });

/** Negative controls of a synthesized Pod/Deployment; each also names the audit rules that must report it. */
export const kubeNegatives = {
  ids: {
    name: 'runAsUser/runAsGroup removed',
    bites: ['uid', 'gid'],
    make: withoutSecurityFields('runAsUser', 'runAsGroup'),
    auditRules: ['explicit-non-root-ids'],
  },
  capDrop: {
    name: 'capabilities.drop removed',
    bites: ['capBnd'],
    make: withoutCapDrop,
    auditRules: ['capabilities-restricted'],
  },
  idsAndCapDrop: {
    name: 'runAsUser/runAsGroup and capabilities.drop removed (either alone leaves CapEff 0)',
    bites: ['capEff', 'bindPort80'],
    make: (y) => withoutCapDrop(withoutSecurityFields('runAsUser', 'runAsGroup')(y)),
    auditRules: ['explicit-non-root-ids', 'capabilities-restricted'],
  },
  allowPrivilegeEscalation: {
    name: 'allowPrivilegeEscalation removed',
    bites: ['noNewPrivs'],
    make: withoutSecurityFields('allowPrivilegeEscalation'),
    auditRules: ['allow-privilege-escalation'],
  },
  readOnlyRootFilesystem: {
    name: 'readOnlyRootFilesystem removed',
    bites: ['rootReadOnly'],
    make: withoutSecurityFields('readOnlyRootFilesystem'),
    auditRules: ['read-only-root-filesystem'],
  },
  seccomp: {
    // podman ignores seccompProfile but honours the legacy annotation: the one way to unconfine it
    // here. Not audited: Pod Security reads that annotation only before v1.19 and Kubernetes 1.27+
    // ignores it, so the audit (latest PSS) rightly reports nothing; seccompProfile is checked statically.
    name: 'seccomp unconfined (legacy pod annotation) added',
    bites: ['seccomp'],
    make: (y) =>
      editPodSpec(y, (_spec, metadata) => {
        metadata.annotations = {
          ...(isObj(metadata.annotations) ? metadata.annotations : {}),
          'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
        };
      }),
  },
  tmpMount: {
    name: 'volumeMount /tmp removed',
    bites: ['writablePath'],
    make: (y) =>
      editPodSpec(y, (spec) => {
        for (const c of list(spec.containers)) {
          if (isObj(c))
            c.volumeMounts = list(c.volumeMounts).filter((m) => isObj(m) && m.mountPath !== '/tmp');
        }
      }),
  },
  addBack: {
    name: 'NET_BIND_SERVICE add-back removed',
    bites: ['capEff', 'capBnd', 'capAmb', 'bindPort80'],
    make: (y) =>
      editPodSpec(y, (spec) => {
        for (const c of list(spec.containers)) {
          if (isObj(c) && isObj(c.securityContext) && isObj(c.securityContext.capabilities)) {
            Reflect.deleteProperty(c.securityContext.capabilities, 'add');
          }
        }
      }),
  },
} satisfies Record<string, NegativeControl<string>>;

/** Variants of a synthesized manifest that only the audit reads. */
export const kubeAuditNegatives = {
  justification: {
    name: 'justification annotation removed',
    make: (y) => {
      const docs = parseManifest(y);
      const strip = (metadata: unknown): void => {
        if (isObj(metadata) && isObj(metadata.annotations)) {
          Reflect.deleteProperty(metadata.annotations, JUSTIFICATIONS_ANNOTATION);
        }
      };
      for (const d of docs) {
        strip(d.metadata);
        if (isObj(d.spec) && isObj(d.spec.template)) strip(d.spec.template.metadata);
      }
      return docs.map((d) => stringifyYaml(d)).join('---\n');
    },
    auditRules: ['capabilities-justified'],
  },
} satisfies Record<string, AuditNegative<string>>;
