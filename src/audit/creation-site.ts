import { isAbsolute, relative, resolve, sep } from 'node:path';

// The package's own code: lib/ when installed, src/ in this repository. Frames in it are skipped.
const PACKAGE_CODE = resolve(__dirname, '..') + sep;
// Enough frames to get past the package's constructors, the host's base classes and a user's own
// construct classes.
const FRAMES = 30;

/**
 * The call stack of a construct or component's creation, kept unformatted: V8 formats a stack only
 * when it is read, so capturing one costs little, and it is read only when the construct is refused.
 */
export type CreationStack = Error;

/** Captures the stack of the caller's caller chain; call it in a constructor. */
export function captureCreationStack(): CreationStack {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES;
  try {
    return new Error('creation site');
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The user's file, line and column where the construct was created: the first frame outside this
 * package, node's internals and installed packages, relative to the working directory when under
 * it. Undefined when no frame is the user's (the runtime cannot know it).
 */
export function creationSite(stack: CreationStack | undefined): string | undefined {
  for (const line of (stack?.stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^()]*?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (match === null) continue;
    const file = (match[1] ?? '').replace(/^file:\/\//, '');
    if (file.startsWith(PACKAGE_CODE) || file.split(/[\\/]/).includes('node_modules')) continue;
    const shown = relative(process.cwd(), file);
    const inside = shown !== '' && !shown.startsWith('..') && !isAbsolute(shown);
    return `${inside ? shown : file}:${match[2] ?? ''}:${match[3] ?? ''}`;
  }
  return undefined;
}
