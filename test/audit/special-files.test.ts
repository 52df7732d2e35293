import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { auditPaths } from '../../src/audit';
import { discoverFiles } from '../../src/audit/discover-files';
import { readManifestFile } from '../../src/audit/read-file';
import { run } from '../../src/cli';
import { fakeIo } from '../cli/fake-io';
import { TempTree } from './temp-files';

// Named pipes, sockets and devices are not manifests. Each must be refused by its metadata alone:
// opening a named pipe with no writer blocks forever, so a regression here hangs the test (and
// jest's timeout fails it) rather than passing.
const tree = new TempTree();
const pod =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n';
let server: Server;
const fifo = tree.path('pipe.yaml');
const socket = tree.path('walk/api.sock.yaml');

beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  tree.write('walk/ok.yaml', pod);
  server = createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  tree.remove();
});

function collected(paths: string[]) {
  return auditPaths(paths, { onInputError: 'collect' });
}

describe('named pipes, sockets and devices', () => {
  test('a named pipe on the command line is refused, never opened', () => {
    const report = collected([fifo]);
    expect(report.inputs.errors.map((e) => e.message)).toEqual([`${fifo}: is a named pipe, not a file`]);
    expect(report.inputs.files).toBe(0);
  });

  test('a unix socket on the command line is refused', () => {
    expect(existsSync(socket)).toBe(true);
    expect(collected([socket]).inputs.errors.map((e) => e.problem)).toEqual(['is a socket, not a file']);
  });

  test('a character device on the command line is refused', () => {
    expect(collected(['/dev/null']).inputs.errors.map((e) => e.message)).toEqual([
      '/dev/null: is a character device, not a file',
    ]);
  });

  test('walking a directory, a socket named like a manifest is an error and the other files are still read', () => {
    const report = collected([tree.path('walk')]);
    expect(report.inputs.errors.map((e) => e.problem)).toEqual(['is a socket, not a file']);
    expect(report.summary.workloads).toBe(1);
  });

  test('walking a directory, a named pipe named like a manifest is an error, not a hang', () => {
    const report = collected([tree.root]);
    expect(report.inputs.errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([`${fifo}: is a named pipe, not a file`]),
    );
    expect(report.summary.workloads).toBe(1);
  });

  test('a regular file is still read (the passing counterpart)', () => {
    expect([...discoverFiles([tree.path('walk/ok.yaml')])]).toEqual([tree.path('walk/ok.yaml')]);
    expect(collected([tree.path('walk/ok.yaml')]).inputs.errors).toEqual([]);
  });

  test('the file reader itself refuses a named pipe before opening it', () => {
    expect(() => [...readManifestFile(fifo)]).toThrow(`${fifo}: is a named pipe, not a file`);
  });

  test('the CLI exits 2 naming the file and what it is', async () => {
    const { io, err } = fakeIo();
    expect(await run(['audit', fifo], io)).toBe(2);
    expect(err()).toContain(`error: ${fifo}: is a named pipe, not a file`);
  });
});
