/**
 * Host paths as rules compare them. A manifest can spell one directory many ways (`/var/run/`,
 * `//var//run`, `/var/lib/../run`), and every spelling must hit the same check.
 */

import type { PodView } from '../pod-view';
import { asArray, asObject } from '../pod-view';

/**
 * The path with duplicate and trailing slashes removed and `.` and `..` resolved. A relative path
 * (a Compose `./data` bind) stays relative: it names a host path we cannot place, so it is
 * compared as written.
 */
export function normaliseHostPath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      // Above the root is still the root; above a relative start it is kept.
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push(part);
    } else parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

/** Whether `path` is `ancestor` or lies below it (both normalised). */
export function isSameOrUnder(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor === '/' ? '/' : `${ancestor}/`);
}

/** A hostPath volume of the pod. */
export interface HostPathVolume {
  readonly name: string;
  readonly index: number;
  /** The path as written. */
  readonly path: string;
  /** The path as compared. */
  readonly normalised: string;
  /** Dotted path of `hostPath.path` in the document. */
  readonly documentPath: string;
}

/**
 * Every hostPath volume with a readable path. A hostPath without a string path is left to the
 * Pod Security hostPath checks, which reject any hostPath at all.
 */
export function hostPathVolumes(pod: PodView): HostPathVolume[] {
  const found: HostPathVolume[] = [];
  asArray(pod.spec.volumes).forEach((raw, index) => {
    const volume = asObject(raw);
    const path = asObject(volume.hostPath).path;
    if (typeof path !== 'string') return;
    found.push({
      name: typeof volume.name === 'string' ? volume.name : `volumes[${index}]`,
      index,
      path,
      normalised: normaliseHostPath(path),
      documentPath: `${pod.path}.volumes[${index}].hostPath.path`,
    });
  });
  return found;
}
