import { createServer } from 'node:net';
import { readSeccompProfileFile } from '../../src/posture/seccomp-profile-file';
import { judgeSeccompProfile } from '../../src/posture/seccomp-profile-judgement';
import { TempTree } from '../audit/temp-files';

describe('judgeSeccompProfile: the default action as the engine decodes it', () => {
  test('the content for the engine holds one defaultAction, the judged one, where the first spelling stood', () => {
    const judged = judgeSeccompProfile(
      '{"DefaultAction": "SCMP_ACT_ALLOW", "syscalls": [], "defaultAction": "SCMP_ACT_ERRNO", "__proto__": 1}',
    );
    expect(judged.verdict).toBe('denies');
    const content = judged.verdict === 'denies' ? judged.dockerContent : '';
    expect(content).toBe('{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[],"__proto__":1}');
  });

  test('a profile with one defaultAction is handed on as parsed', () => {
    const profile = { defaultAction: 'SCMP_ACT_ERRNO', architectures: ['SCMP_ARCH_X86_64'], syscalls: [] };
    const judged = judgeSeccompProfile(JSON.stringify(profile, null, 2));
    expect(judged).toEqual({
      verdict: 'denies',
      defaultAction: 'SCMP_ACT_ERRNO',
      dockerContent: JSON.stringify(profile),
    });
  });

  // Go folds the long s (U+017F) to "s" and the Kelvin sign (U+212A) to "k": "ſyscalls" is syscalls.
  test('keys match their field as Go folds them, non-ASCII runes included', () => {
    expect(judgeSeccompProfile('{"\u017fyscalls": [{"names": ["ptrace"]}]}')).toEqual({
      verdict: 'unconfined',
      reason: expect.stringMatching(/^it has no defaultAction: Docker refuses the container/) as unknown,
    });
    expect(judgeSeccompProfile('{"defaultAction": "SCMP_ACT_ERRNO", "\u017fyscalls": 1}')).toMatchObject({
      verdict: 'refused',
      reason: 'Docker cannot decode it: "\u017fyscalls" must be a list',
    });
    // Other non-ASCII look-alikes do not fold to ASCII: the key is not the field.
    expect(judgeSeccompProfile('{"defaultAction": "SCMP_ACT_ERRNO", "defaultActi\u00f6n": 1}').verdict).toBe(
      'denies',
    );
  });

  test("the worse of the two Compose readings counts, and says when it is Compose v1's", () => {
    // Checked with Debian's docker-compose 1.29.2: SecurityOpt.parse sends
    // {"defaultAction": "SCMP_ACT_ERRNO", "DefaultAction": "SCMP_ACT_ALLOW"} for this text.
    const text =
      '{"defaultAction": "SCMP_ACT_ERRNO", "DefaultAction": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_ERRNO"}';
    expect(judgeSeccompProfile(text)).toEqual({
      verdict: 'unconfined',
      defaultAction: 'SCMP_ACT_ALLOW',
      reason:
        'its defaultAction "SCMP_ACT_ALLOW" lets every system call it does not list run (as Compose v1 hands it to the engine: one value per key)',
    });
    // As written, the engine reads ALLOW last; Compose v1 sends ERRNO last: the written reading counts.
    expect(
      judgeSeccompProfile(
        '{"DefaultAction": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_ERRNO", "DefaultAction": "SCMP_ACT_ALLOW"}',
      ),
    ).toEqual({
      verdict: 'unconfined',
      defaultAction: 'SCMP_ACT_ALLOW',
      reason: 'its defaultAction "SCMP_ACT_ALLOW" lets every system call it does not list run',
    });
  });

  test('members are cut at the top level only: strings with braces, commas and colons inside are values', () => {
    const text =
      '{"comment": "a } , : \\" [", "syscalls": [{"names": ["a,b"], "args": {"x": "}"}}], "defaultAction": "SCMP_ACT_LOG"}';
    expect(judgeSeccompProfile(text)).toMatchObject({ verdict: 'unconfined', defaultAction: 'SCMP_ACT_LOG' });
  });

  test('never throws, whatever the text', () => {
    for (const text of ['', '{', '[[[[', '"x"', '1e999', '{"a":' + '['.repeat(100000), '\u0000']) {
      expect(judgeSeccompProfile(text).verdict).toBe('refused');
    }
  });
});

describe('readSeccompProfileFile', () => {
  const tree = new TempTree();
  afterAll(() => {
    tree.remove();
  });

  test('reads a regular file whole, up to 1 MiB, and says why it will not read anything else', () => {
    const atLimit = tree.write('limit.json', ' '.repeat(1024 * 1024));
    expect(readSeccompProfileFile(atLimit)).toEqual({ text: ' '.repeat(1024 * 1024) });
    const over = tree.write('over.json', ' '.repeat(1024 * 1024 + 1));
    expect(readSeccompProfileFile(over)).toEqual({ unreadable: 'larger than 1 MiB' });
    expect(readSeccompProfileFile(tree.root)).toEqual({ unreadable: 'not a regular file' });
    expect(readSeccompProfileFile(tree.path('missing.json'))).toEqual({ unreadable: 'ENOENT' });
  });

  test('a UNIX socket is not a regular file either', async () => {
    const socket = tree.path('profile.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(readSeccompProfileFile(socket)).toEqual({ unreadable: 'not a regular file' });
    } finally {
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });
});
