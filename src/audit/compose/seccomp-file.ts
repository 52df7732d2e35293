import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { readSeccompProfileFile } from '../../posture/seccomp-profile-file';
import type { SeccompProfileJudgement } from '../../posture/seccomp-profile-judgement';
import { judgeSeccompProfile } from '../../posture/seccomp-profile-judgement';
import type { SecurityOpt } from './security-opt';

/** A file Compose cannot read: `docker compose up` stops (or, for a named pipe, waits) on it. */
export interface UnreadableSeccompProfile {
  /** Always `unreadable`. */
  readonly verdict: 'unreadable';
  /** Why, e.g. `ENOENT`, `not a regular file`. */
  readonly reason: string;
}

/** The profile file of a `seccomp=<file>` option, found and judged as Compose and Docker use it. */
export interface ComposeSeccompFile {
  /** Where Compose reads the file. */
  readonly path: string;
  /** What the engine would do with it, or why it cannot be read. */
  readonly judgement: SeccompProfileJudgement | UnreadableSeccompProfile;
  /** The file's text, when it could be read. @default - absent: unreadable */
  readonly text?: string;
}

/**
 * Reads the file a `seccomp=<file>` option names, as `docker compose up` does before it creates the
 * container (docker/compose `parseSecurityOpts`): the path through compose-go's
 * `Project.RelativePath` (a leading `~` is the home directory, a relative path is relative to the
 * project directory, the directory of the top-level Compose file, whichever file declared the
 * service), then its content handed to the engine and judged as the engine decodes it.
 */
export function readComposeSeccompFile(written: string, projectDirectory: string): ComposeSeccompFile {
  // compose-go indexes the path's first byte: an empty path stops Compose itself.
  if (written === '') {
    return { path: written, judgement: { verdict: 'unreadable', reason: 'the option names no file' } };
  }
  const home = written.startsWith('~') ? join(homedir(), written.slice(1)) : written;
  const path = isAbsolute(home) ? home : join(projectDirectory, home);
  const read = readSeccompProfileFile(path);
  if ('unreadable' in read) return { path, judgement: { verdict: 'unreadable', reason: read.unreadable } };
  return { path, judgement: judgeSeccompProfile(read.text), text: read.text };
}

/** A `seccomp=<file>` option whose profile lets unlisted system calls run, or switches seccomp off. */
export interface UnconfiningSeccompFile {
  /** The option. */
  readonly opt: SecurityOpt;
  /** Where Compose reads the file. */
  readonly path: string;
  /** Why the profile is Unconfined in effect. */
  readonly reason: string;
}
