import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { MockRecorder } from '../pulumi/pulumi-mocks';
import { installMocks, settle } from '../pulumi/pulumi-mocks';

const SNIPPET = join(__dirname, '..', '..', 'examples', 'readme', 'pulumi-docker.ts');

type Inputs = Record<string, unknown>;

/**
 * What each claim of the snippet's comment means for the rendered docker.Container arguments. A
 * claim this table does not know fails the test: the README cannot promise what nobody checks.
 */
const CLAIMS: readonly {
  readonly claim: RegExp;
  readonly holds: (inputs: Inputs, match: RegExpExecArray) => boolean;
}[] = [
  { claim: /^user (\d+:\d+)$/, holds: (i, m) => i.user === m[1] },
  { claim: /^read-only root$/, holds: (i) => i.readOnly === true },
  {
    // `tmpfs <path>`: that path, and no other, is a tmpfs; noexec, nosuid, nodev.
    claim: /^tmpfs (\/\S*)(?: \(the only writable path\))?$/,
    holds: (i, m) => {
      const tmpfs = (i.tmpfs ?? {}) as Record<string, string>;
      const options = (tmpfs[m[1] ?? ''] ?? '').split(',');
      return (
        Object.keys(tmpfs).length === 1 && ['noexec', 'nosuid', 'nodev'].every((o) => options.includes(o))
      );
    },
  },
  {
    claim: /^cap-drop ALL$/,
    holds: (i) => JSON.stringify(i.capabilities) === JSON.stringify({ drops: ['ALL'] }),
  },
  {
    claim: /^no-new-privileges$/,
    holds: (i) => (i.securityOpts as string[] | undefined)?.includes('no-new-privileges:true') === true,
  },
  {
    // Docker's default profile applies unless a seccomp option or privileged mode replaces it.
    claim: /^default seccomp$/,
    holds: (i) =>
      i.privileged === false &&
      ((i.securityOpts as string[] | undefined) ?? []).every((o) => !o.startsWith('seccomp')),
  },
  {
    claim: /^memory\/CPU limits$/,
    holds: (i) => typeof i.memory === 'number' && i.memory > 0 && Number(i.cpus) > 0,
  },
  {
    claim: /^the published port bound to loopback \(Docker would bind 0\.0\.0\.0\)$/,
    holds: (i) => {
      const ports = (i.ports ?? []) as { ip?: string }[];
      return ports.length > 0 && ports.every((p) => p.ip === '127.0.0.1');
    },
  },
];

/** The snippet's leading comment, split into its comma-separated claims. */
function claimsOf(source: string): string[] {
  const comment = source
    .split('\n')
    .filter((line) => line.startsWith('//'))
    .map((line) => line.replace(/^\/\/ ?/, ''))
    .join(' ');
  return comment
    .replace(/\.$/, '')
    .split(/, (?:and )?/)
    .map((claim) => claim.trim());
}

/** Whether one claim holds for the rendered arguments; throws for a claim nobody checks. */
function claimHolds(claim: string, inputs: Inputs): boolean {
  for (const { claim: pattern, holds } of CLAIMS) {
    const match = pattern.exec(claim);
    if (match) return holds(inputs, match);
  }
  throw new Error(`the README claims "${claim}", which no check covers`);
}

let mocks: MockRecorder;
let inputs: Inputs;
beforeAll(async () => {
  mocks = await installMocks();
  await pulumi.runtime.runInPulumiStack(() => {
    // Loaded under the mocks: the snippet creates its container when it loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(SNIPPET);
    return Promise.resolve({});
  });
  await settle();
  inputs = mocks.get('docker:index/container:Container', 'cache').inputs;
});

describe("the README's Pulumi Docker snippet renders what its comment claims", () => {
  const claims = claimsOf(readFileSync(SNIPPET, 'utf8'));

  test('the comment makes the claims this test knows', () => {
    expect(claims).toHaveLength(8);
  });

  test.each(claims)('%s', (claim) => {
    expect(claimHolds(claim, inputs)).toBe(true);
  });

  test('the snippet warns about nothing but what the audit reports for its Compose service', () => {
    for (const warning of mocks.warnings)
      expect(warning).toMatch(
        /^warning: \[runtime\] HardenedContainer "cache": rule [a-z-]+ at services\.cache\./,
      );
  });

  test('a claim the container does not fulfil is caught (the old "tmpfs /tmp")', () => {
    expect(claimHolds('tmpfs /tmp', inputs)).toBe(false);
    expect(claimHolds('user 0:0', inputs)).toBe(false);
    expect(() => claimHolds('AppArmor docker-default', inputs)).toThrow(/no check covers/);
  });
});
