import { isSameOrUnder } from './host-paths';

/**
 * The API sockets of the container runtimes a node or Docker host may run. Whoever can write to
 * one can start a privileged container: host-level access.
 */
export const CONTAINER_RUNTIME_SOCKETS: readonly string[] = Object.freeze([
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/run/k3s/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/podman/podman.sock',
  '/run/podman/podman.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
  '/var/run/dockershim.sock',
  '/var/snap/docker/common/run/docker.sock',
]);

// Rootless daemons put their socket under the user's runtime directory, e.g. /run/user/1000/docker.sock.
const SOCKET_FILE = /(^|\/)(docker|containerd|crio|podman|cri-dockerd|dockershim)\.sock$/;
const ROOTLESS_RUNTIME_DIR = /^\/(var\/)?run\/user(\/\d+)?$/;
// Docker Desktop on Windows serves its API on a named pipe.
const DOCKER_NAMED_PIPE = /^[\\/]{2}\.[\\/]pipe[\\/]docker_engine$/i;

/** What a host path exposes of a container runtime socket, if anything. */
export type SocketExposure =
  { readonly kind: 'socket' } | { readonly kind: 'directory'; readonly socket: string } | undefined;

/**
 * Whether a normalised host path is a runtime socket or a directory that contains one (`/`,
 * `/var`, `/run`, `/var/run`, `/run/containerd`, ...). A raw path is checked for named pipes.
 */
export function socketExposure(normalised: string, raw: string = normalised): SocketExposure {
  if (DOCKER_NAMED_PIPE.test(raw) || SOCKET_FILE.test(normalised)) return { kind: 'socket' };
  if (CONTAINER_RUNTIME_SOCKETS.includes(normalised)) return { kind: 'socket' };
  const contained = CONTAINER_RUNTIME_SOCKETS.find((socket) => isSameOrUnder(socket, normalised));
  if (contained !== undefined) return { kind: 'directory', socket: contained };
  if (ROOTLESS_RUNTIME_DIR.test(normalised)) {
    const socket = /\/\d+$/.test(normalised)
      ? `${normalised}/docker.sock`
      : `${normalised}/<uid>/docker.sock`;
    return { kind: 'directory', socket };
  }
  return undefined;
}
