/**
 * Controls that an engine here ignores, so that no runtime run can prove them (`podman kube play`
 * ignores seccompProfile, runAsNonRoot, fsGroup and emptyDir medium). They are verified on the
 * input itself and reported as "static only", never as runtime-verified: by the project's own
 * audit rule where one covers the control, else by reading the manifest field (and the report says
 * which). Each has a negative control: the input with exactly that setting removed, which must fail.
 */
import { auditText, describeRule } from './audit-checks';
import { withoutSecurityFields } from './negative-controls';
import { editPodSpec, type Json } from './runners';

/** One static control: how it is observed on an input, and the variant that must fail it. */
export interface StaticControl<I> {
  readonly control: string;
  /** How it is verified, e.g. `audit rule seccomp-profile-restricted`. */
  readonly via: string;
  readonly expected: string;
  readonly observe: (input: I) => { readonly observed: string; readonly pass: boolean };
  /** The input with the setting under test removed. */
  readonly negative: { readonly name: string; readonly make: (input: I) => I };
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A control verified by one audit rule: no finding of it on the input, a finding on the negative. */
export function auditRuleControl(
  control: string,
  rule: string,
  negative: StaticControl<string>['negative'],
): StaticControl<string> {
  return {
    control,
    via: `audit rule ${rule}`,
    expected: `no ${rule} finding`,
    observe: (yaml) => {
      const r = describeRule(auditText(yaml), rule);
      return { observed: r.text, pass: !r.found };
    },
    negative,
  };
}

/** The single Pod/Deployment pod spec of a manifest (read only). */
function podSpecOf(yaml: string): Json {
  let found: Json | undefined;
  editPodSpec(yaml, (spec) => {
    found = spec;
  });
  if (found === undefined) throw new Error('no pod spec');
  return found;
}

/** The emptyDir volumes mounted writable by some container, with their medium. */
function writableEmptyDirs(yaml: string): { path: string; medium: string }[] {
  const spec = podSpecOf(yaml);
  const volumes = new Map(
    list(spec.volumes)
      .filter(isObj)
      .map((v) => [String(v.name), v] as const),
  );
  const out: { path: string; medium: string }[] = [];
  for (const c of list(spec.containers).filter(isObj)) {
    for (const m of list(c.volumeMounts).filter(isObj)) {
      const v = volumes.get(String(m.name));
      if (m.readOnly === true || v === undefined || !('emptyDir' in v)) continue;
      const medium = isObj(v.emptyDir) && typeof v.emptyDir.medium === 'string' ? v.emptyDir.medium : '';
      out.push({ path: String(m.mountPath), medium: medium === '' ? 'default (node disk)' : medium });
    }
  }
  return out;
}

/**
 * What `podman kube play` ignores in a hardened Pod/Deployment, checked statically: seccompProfile
 * and runAsNonRoot by their audit rules, the explicit numeric ids by theirs (podman does honour
 * these, so they are also verified at runtime), fsGroup and the writable emptyDir's medium by the
 * manifest field, since no audit rule covers them.
 */
export function podmanIgnoredControls(fsGroup: number): StaticControl<string>[] {
  return [
    auditRuleControl('seccompProfile', 'seccomp-profile-restricted', {
      name: 'seccompProfile removed',
      make: withoutSecurityFields('seccompProfile'),
    }),
    auditRuleControl('runAsNonRoot', 'run-as-non-root', {
      name: 'runAsNonRoot removed',
      make: withoutSecurityFields('runAsNonRoot'),
    }),
    auditRuleControl('explicit runAsUser/runAsGroup', 'explicit-non-root-ids', {
      name: 'runAsUser removed',
      make: withoutSecurityFields('runAsUser'),
    }),
    {
      control: 'fsGroup',
      via: 'manifest field; no audit rule covers fsGroup',
      expected: `spec.securityContext.fsGroup ${fsGroup}`,
      observe: (yaml) => {
        const sc = podSpecOf(yaml).securityContext;
        const value = isObj(sc) ? sc.fsGroup : undefined;
        return { observed: value === undefined ? 'unset' : JSON.stringify(value), pass: value === fsGroup };
      },
      negative: { name: 'fsGroup removed', make: withoutSecurityFields('fsGroup') },
    },
    {
      control: 'writable emptyDir medium',
      via: 'manifest field; no audit rule covers emptyDir medium',
      expected: 'medium Memory (tmpfs) on every writable emptyDir',
      observe: (yaml) => {
        const dirs = writableEmptyDirs(yaml);
        return {
          observed:
            dirs.length === 0 ? 'no writable emptyDir' : dirs.map((d) => `${d.path}: ${d.medium}`).join(', '),
          pass: dirs.length > 0 && dirs.every((d) => d.medium === 'Memory'),
        };
      },
      negative: {
        name: 'emptyDir medium removed',
        make: (yaml) =>
          editPodSpec(yaml, (spec) => {
            for (const v of list(spec.volumes)) {
              if (isObj(v) && isObj(v.emptyDir)) Reflect.deleteProperty(v.emptyDir, 'medium');
            }
          }),
      },
    },
  ];
}
