import { CONTAINER_RUNTIME_SOCKETS, SENSITIVE_HOST_PATHS } from '../../rules/hardened';
import { strList } from '../cel';

// The same patterns as the audit's container-runtime-sockets, in RE2 syntax.
const SOCKET_FILE = String.raw`(^|/)(docker|containerd|crio|podman|cri-dockerd|dockershim)\.sock$`;
const ROOTLESS_RUNTIME_DIR = String.raw`^/(var/)?run/user(/\d+)?$`;
const DOCKER_NAMED_PIPE = String.raw`(?i)^[\\/]{2}\.[\\/]pipe[\\/]docker_engine$`;

/** `ancestor` is `path` or lies below it (both CEL strings, normalised). */
function sameOrUnder(path: string, ancestor: string): string {
  return `(${path} == ${ancestor} || ${path}.startsWith(${ancestor} == '/' ? '/' : ${ancestor} + '/'))`;
}

/** A host path with a `..` segment: CEL cannot resolve it (no fold), so the policy refuses it. */
export const BACKSTEP = `h.raw.split('/').exists(s, s == '..')`;

/** The hostPath volume `h` is a runtime socket or a directory holding one. */
export const SOCKET_EXPOSURE =
  `(h.raw.matches(${JSON.stringify(DOCKER_NAMED_PIPE)}) || h.path.matches(${JSON.stringify(SOCKET_FILE)}) || ` +
  `${strList(CONTAINER_RUNTIME_SOCKETS)}.exists(s, ${sameOrUnder('s', 'h.path')}) || ` +
  `h.path.matches(${JSON.stringify(ROOTLESS_RUNTIME_DIR)}))`;

/** The hostPath volume `h` is, lies under, or contains a sensitive host path. */
export const SENSITIVE_EXPOSURE = `${strList(SENSITIVE_HOST_PATHS)}.exists(s, ${sameOrUnder('h.path', 's')} || ${sameOrUnder('s', 'h.path')})`;
