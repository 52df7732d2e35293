import { isAbsolute, relative, resolve, sep } from 'node:path';

// The package's own code: lib/ when installed, src/ in this repository. Frames in it are skipped.
const PACKAGE_CODE = resolve(__dirname, '..') + sep;
// Enough frames to get past the package's constructors, the host's base classes and a user's own
// construct classes.
const FRAMES = 30;
// Frames kept below the construct's own constructor: its caller first, then a few more in case
// that caller is installed code.
const FRAMES_BELOW_CONSTRUCTOR = 8;

/**
 * The call stack of a construct or component's creation, kept unformatted: V8 formats a stack only
 * when it is read, so capturing one costs little, and it is read only when the construct is refused.
 */
export type CreationStack = Error;

/**
 * Captures the stack of the caller's caller chain; call it in a constructor.
 * @param constructedBy the constructor being run (`new.target`, or the instance's `constructor`):
 * the frames from it inward are left out, so the stack starts at the user's `new` and the capture
 * walks a few frames instead of thirty. It must be on the stack.
 */
export function captureCreationStack(
  constructedBy?: abstract new (...args: never[]) => unknown,
): CreationStack {
  const limit = Error.stackTraceLimit;
  try {
    if (constructedBy === undefined) {
      Error.stackTraceLimit = FRAMES;
      return new Error('creation site');
    }
    // Made without a stack, then given the one that starts below the constructor.
    Error.stackTraceLimit = 0;
    const stack = new Error('creation site');
    Error.stackTraceLimit = FRAMES_BELOW_CONSTRUCTOR;
    Error.captureStackTrace(stack, constructedBy);
    return stack;
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
