import type { DockerSeccompProfile } from './profile-types';
import profile from './vendor/docker-default.json';
import { deepFreeze } from '../posture/deep-freeze';

/** Where the vendored base profile comes from (see vendor/NOTICE.md). */
export const DOCKER_DEFAULT_PROFILE_SOURCE: VendoredSource = Object.freeze({
  repository: 'moby/moby',
  path: 'vendor/github.com/moby/profiles/seccomp/default.json',
  commit: 'b985e2313a8676e18072b442911fc8f64f17d440',
  licence: 'Apache-2.0',
});

/** Where vendored data comes from. */
export interface VendoredSource {
  /** The public repository (`owner/name`). */
  readonly repository: string;
  /** The file in it. */
  readonly path: string;
  /** The commit it was taken at. */
  readonly commit: string;
  /** Its licence (SPDX id). */
  readonly licence: string;
}

/** Docker's default seccomp profile, the base of every generated profile. Frozen: it is shared. */
export const DOCKER_DEFAULT_PROFILE: DockerSeccompProfile = deepFreeze(profile as DockerSeccompProfile);
