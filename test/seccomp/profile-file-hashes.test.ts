import { generateSeccompProfile } from '../../src/seccomp';
import { generatedProfileHashes } from '../../src/seccomp/profile-file-hashes';

const reason = 'the session cache keeps its key in the kernel keyring';
const profile = generateSeccompProfile({
  name: 'keyring',
  add: [{ syscall: 'add_key', justification: { reason } }],
});
const docker = JSON.stringify(profile.docker, null, 2);

describe('generatedProfileHashes', () => {
  test("the Docker form of a generated profile, in any layout, has the profile's hash", () => {
    for (const text of [docker, JSON.stringify(profile.docker), docker.replace(/\n/g, '\r\n')]) {
      expect(generatedProfileHashes(text, [[]])).toContain(profile.sha256);
    }
  });

  test('for each architecture it may have been generated for', () => {
    const arm = generateSeccompProfile({
      name: 'keyring',
      architecture: 'arm64',
      add: [{ syscall: 'add_key', justification: { reason } }],
    });
    expect(generatedProfileHashes(JSON.stringify(arm.docker), [[]])).toContain(arm.sha256);
  });

  test('text the engine may read differently from JSON.parse has no hash', () => {
    const repeated = docker.replace('"defaultAction"', '"defaultAction": "SCMP_ACT_ERRNO", "defaultAction"');
    const recased = docker.replace('"defaultAction"', '"DefaultAction": "SCMP_ACT_ERRNO", "defaultAction"');
    const escaped = docker.replace('"defaultAction"', '"default\\u0041ction"');
    for (const text of [repeated, recased, escaped]) {
      expect(JSON.parse(text)).toBeDefined();
      expect(generatedProfileHashes(text, [[]])).toEqual([]);
    }
  });

  test('anything that is not a Docker-format profile has no hash, and nothing throws', () => {
    for (const text of [
      '',
      'null',
      '[]',
      '{}',
      '{"defaultAction": "SCMP_ACT_ERRNO"}',
      '{"archMap": 1, "syscalls": 2}',
    ]) {
      expect(generatedProfileHashes(text, [[]])).toEqual([]);
    }
  });
});
