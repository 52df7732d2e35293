/**
 * Controls that `podman kube play` ignores (so no runtime run here can prove them): they are read
 * from the manifest and reported as "static only". When the library's audit lands, these checks
 * should be the audit's own findings for the same manifest (see the final note of issue 5).
 */
import { parseManifest, type Json } from './runners';

export interface StaticCheck {
  readonly control: string;
  readonly expected: string;
  readonly observed: string;
  readonly pass: boolean;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function podSpec(yamlText: string): Json {
  const ws = parseManifest(yamlText).filter((d) => d.kind === 'Pod' || d.kind === 'Deployment');
  const doc = ws[0];
  if (ws.length !== 1 || doc === undefined) throw new Error('expected exactly one Pod or Deployment');
  const spec =
    doc.kind === 'Pod'
      ? doc.spec
      : isObj(doc.spec) && isObj(doc.spec.template)
        ? doc.spec.template.spec
        : undefined;
  if (!isObj(spec)) throw new Error('no pod spec');
  return spec;
}

/** A field set on the pod, or on every container (a container's value overrides the pod's). */
function effective(spec: Json, read: (sc: Json) => unknown): unknown[] {
  const pod = isObj(spec.securityContext) ? read(spec.securityContext) : undefined;
  const containers = Array.isArray(spec.containers) ? spec.containers.filter(isObj) : [];
  return containers.map((c) => {
    const own = isObj(c.securityContext) ? read(c.securityContext) : undefined;
    return own ?? pod;
  });
}

const show = (vs: unknown[]): string =>
  [...new Set(vs.map((v) => (v === undefined ? 'unset' : JSON.stringify(v))))].join(', ');

/** The podman-ignored controls of a Pod/Deployment manifest, checked statically. */
export function staticKubeChecks(yamlText: string, fsGroup: number): StaticCheck[] {
  const spec = podSpec(yamlText);
  const seccomp = effective(spec, (sc) => (isObj(sc.seccompProfile) ? sc.seccompProfile.type : undefined));
  const nonRoot = effective(spec, (sc) => sc.runAsNonRoot);
  const podSc = isObj(spec.securityContext) ? spec.securityContext : {};
  const volumes = new Map(
    (Array.isArray(spec.volumes) ? spec.volumes.filter(isObj) : []).map((v) => [String(v.name), v] as const),
  );
  // Every writable mount must be a declared emptyDir; its medium is shown, never runtime-verified here.
  const writable: { path: string; backing: string; ok: boolean }[] = [];
  for (const c of Array.isArray(spec.containers) ? spec.containers.filter(isObj) : []) {
    for (const m of Array.isArray(c.volumeMounts) ? c.volumeMounts.filter(isObj) : []) {
      if (m.readOnly === true) continue;
      const v = volumes.get(String(m.name));
      const isEmptyDir = v !== undefined && (isObj(v.emptyDir) || v.emptyDir === null);
      const medium =
        isEmptyDir && isObj(v.emptyDir) && typeof v.emptyDir.medium === 'string' ? v.emptyDir.medium : '';
      writable.push({
        path: String(m.mountPath),
        backing: isEmptyDir
          ? `emptyDir (medium ${medium === '' ? 'default: disk' : medium})`
          : 'not an emptyDir',
        ok: isEmptyDir,
      });
    }
  }
  return [
    {
      control: 'seccompProfile',
      expected: 'RuntimeDefault (or Localhost) for every container',
      observed: show(seccomp),
      pass: seccomp.length > 0 && seccomp.every((t) => t === 'RuntimeDefault' || t === 'Localhost'),
    },
    {
      control: 'runAsNonRoot',
      expected: 'true for every container',
      observed: show(nonRoot),
      pass: nonRoot.length > 0 && nonRoot.every((v) => v === true),
    },
    {
      control: 'fsGroup',
      expected: String(fsGroup),
      observed: podSc.fsGroup === undefined ? 'unset' : JSON.stringify(podSc.fsGroup),
      pass: podSc.fsGroup === fsGroup,
    },
    {
      control: 'writable mounts are emptyDir (medium)',
      expected:
        'an emptyDir for every writable mount; medium Memory (tmpfs) is not runtime-verified under podman',
      observed:
        writable.length === 0
          ? 'no writable mount'
          : writable.map((w) => `${w.path}: ${w.backing}`).join(', '),
      pass: writable.length > 0 && writable.every((w) => w.ok),
    },
  ];
}
