import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Glob patterns that leave paths out of an audit, each relative to the directory it was written for. */
export interface ExcludePatterns {
  /** The globs: `vendor`, `tsconfig*.json`, `charts/**\/templates`, `**\/*.test.yaml`. */
  readonly patterns: readonly string[];
  /** The directory the patterns are relative to (the working directory, or the config file's). */
  readonly base: string;
}

/**
 * Decides which paths are excluded, as `.gitignore` reads a pattern: one without a `/` (other than a
 * trailing one) matches a file or directory of that name anywhere; one with a `/` is anchored at its
 * base directory. `*` and `?` stay within a path segment, `**` spans segments; an excluded directory
 * is not entered. A path outside every base is never excluded.
 */
export class PathFilter {
  private readonly rules: readonly {
    readonly base: string;
    readonly anchored: boolean;
    readonly regex: RegExp;
  }[];

  public constructor(sets: readonly ExcludePatterns[]) {
    this.rules = sets.flatMap((set) =>
      set.patterns.map((pattern) => {
        const trimmed = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
        if (trimmed.length === 0) throw new Error(`the exclude pattern "${pattern}" matches nothing`);
        return {
          base: resolve(set.base),
          anchored: trimmed.includes('/'),
          regex: globRegex(trimmed.replace(/^\//, '')),
        };
      }),
    );
  }

  /** Whether no pattern was given: every path is kept. */
  public get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Whether `path` (as given or found, relative to the working directory) is excluded. */
  public excludes(path: string): boolean {
    if (this.rules.length === 0) return false;
    const absolute = resolve(path);
    for (const rule of this.rules) {
      const rel = relative(rule.base, absolute);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
      const segments = rel.split(sep);
      // A path under an excluded directory is excluded too, when named on its own.
      const matched = rule.anchored
        ? segments.some((_, index) => rule.regex.test(segments.slice(0, index + 1).join('/')))
        : segments.some((segment) => rule.regex.test(segment));
      if (matched) return true;
    }
    return false;
  }
}

/** A glob as an anchored regular expression over `/`-separated paths. */
export function globRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i);
    if (char === '*' && glob.charAt(i + 1) === '*') {
      // `**/` is any number of directories (none included); `**` at the end is anything.
      if (glob.charAt(i + 2) === '/') {
        source += '(?:[^/]*/)*';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) source += '\\[';
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = close;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
