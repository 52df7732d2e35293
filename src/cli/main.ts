/** The `hardened-workloads` executable: runs the CLI on the process and sets its exit status. */
import { processIo } from './io';
import { run } from './run';

// `hardened-workloads audit . | head` closes the pipe early: that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
  });
}

void run(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
