import type { JsonObject } from '../../rules/pod-view';
import { asObject } from '../../rules/pod-view';
import { volumeDriverHostPath } from '../../posture/volume-driver-bind';

/** One Compose mount, whichever syntax wrote it. */
export interface ComposeMount {
  /** The mount type, as in the long syntax; a short-syntax absolute or relative source is a `bind`. */
  readonly type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'image' | 'cluster';
  /**
   * Host path (bind, npipe), volume name (volume) or image.
   * @default - absent: an anonymous volume or a tmpfs
   */
  readonly source?: string;
  /** Where it appears in the container. */
  readonly target: string;
  /** Whether it is mounted read-only (`:ro`, `read_only: true`). */
  readonly readOnly: boolean;
  /** Docker's propagation mode (`rshared`, `rslave`, ...). @default - absent: Docker's default (rprivate) */
  readonly propagation?: string;
}

const PROPAGATION_MODES = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

/** Whether a short-syntax source is a host path rather than a volume name. */
export function isHostPathSource(source: string): boolean {
  return (
    source.startsWith('/') ||
    source.startsWith('.') ||
    source.startsWith('~') ||
    source.startsWith('\\\\') ||
    WINDOWS_DRIVE.test(source)
  );
}

/**
 * Parses `[SOURCE:]TARGET[:MODE]`. A Windows drive letter's colon is part of the source. Returns
 * undefined when there is no target.
 */
export function parseShortVolume(text: string): ComposeMount | undefined {
  const drive = WINDOWS_DRIVE.test(text) ? text.slice(0, 2) : '';
  const parts = text.slice(drive.length).split(':');
  if (drive !== '' && parts.length > 0) parts[0] = `${drive}${parts[0] ?? ''}`;
  const [first, second, mode] = parts;
  if (first === undefined || first === '') return undefined;
  if (second === undefined) return { type: 'volume', target: first, readOnly: false };
  const modes = (mode ?? '').split(',');
  const propagation = modes.find((m) => PROPAGATION_MODES.has(m));
  return {
    type: isHostPathSource(first) ? 'bind' : 'volume',
    source: first,
    target: second,
    readOnly: modes.includes('ro'),
    ...(propagation !== undefined && { propagation }),
  };
}

/** Reads a long-syntax entry; undefined when it has no usable type or target. */
export function parseLongVolume(entry: JsonObject): ComposeMount | undefined {
  const { type, source, target } = entry;
  if (typeof type !== 'string' || typeof target !== 'string') return undefined;
  if (!['bind', 'volume', 'tmpfs', 'npipe', 'image', 'cluster'].includes(type)) return undefined;
  const propagation = asObject(entry.bind).propagation;
  return {
    type: type as ComposeMount['type'],
    ...(typeof source === 'string' && source !== '' && { source }),
    target,
    readOnly: entry.read_only === true || entry.read_only === 'true',
    ...(typeof propagation === 'string' && { propagation }),
  };
}

/**
 * The host directory behind a named volume, when the top-level definition is a bind in disguise
 * (`driver_opts: { type: none, o: bind, device: /var/run }`): it must be audited as a host path.
 * The same reading as the Pulumi Docker components and policies ({@link volumeDriverHostPath}).
 */
export function namedVolumeHostPath(definition: unknown): string | undefined {
  const volume = asObject(definition);
  return volumeDriverHostPath(volume.driver, volume.driver_opts);
}
