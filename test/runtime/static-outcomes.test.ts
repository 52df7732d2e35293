/**
 * The static rows of the runtime cases on the library's own output (pure: part of `npx jest`): the
 * audit passes the generated Compose file and manifests and reports every audited negative control
 * by its rule; the controls podman ignores hold and fail when their one setting is removed.
 */
import { auditDocuments } from 'hardened-workloads';
import { composeNegatives, kubeNegatives, type ComposeInput } from './negative-controls';
import { parseManifest } from './runners';
import { LIBRARY_INPUTS } from './library-inputs';
import { podmanIgnoredControls } from './static-controls';
import { auditOutcome, staticOutcome } from './static-outcomes';

describe('static rows on the library output', () => {
  test('the generated Compose file passes the audit, which reports every negative control', async () => {
    const input = await LIBRARY_INPUTS.composeHardened.load();
    const outcome = auditOutcome<ComposeInput>(
      { control: 'audit', text: (c) => c.yaml },
      Object.values(composeNegatives),
      input,
    );
    expect(outcome).toMatchObject({ pass: true });
    expect(outcome.observed).toMatch(/^pass: 0 errors, 0 warnings, 0 justified/);
    expect(outcome.negative).toContain('read_only removed: read-only-root-filesystem');
  });

  test('the add-back input is reported as a no-op; the working alternative passes the audit', async () => {
    const addBack = parseManifest(await LIBRARY_INPUTS.kubeNetBind.load());
    const findings = auditDocuments(addBack, { level: 'hardened' }).findings;
    expect(findings.filter((f) => f.status === 'violation').map((f) => [f.rule, f.severity])).toEqual([
      ['capabilities-justified', 'error'],
      ['capability-add-back-ineffective', 'warning'],
    ]);
    const portStart = await LIBRARY_INPUTS.kubePortStart.load();
    const verdict = auditOutcome<string>(
      { control: 'audit', text: (y) => y },
      Object.values(kubeNegatives),
      portStart,
    );
    expect(verdict).toMatchObject({ pass: true });
    expect(verdict.observed).toMatch(/^pass: 0 errors, 0 warnings, 0 justified/);
  });

  test.each([['kubeHardened'], ['kubePortStart']] as const)(
    '%s: the audit reports every negative control; podman-ignored controls hold and bite',
    async (key) => {
      const input = await LIBRARY_INPUTS[key].load();
      const verdict = auditOutcome<string>(
        { control: 'audit', text: (y) => y },
        Object.values(kubeNegatives),
        input,
      );
      expect(verdict.negative).not.toContain('MISSING');
      expect(verdict).toMatchObject({ pass: true });
      const outcomes = podmanIgnoredControls(10001).map((c) => staticOutcome(c, input));
      expect(outcomes.filter((o) => !o.pass)).toEqual([]);
      expect(outcomes.map((o) => o.via)).toEqual([
        'audit rule seccomp-profile-restricted',
        'audit rule run-as-non-root',
        'audit rule explicit-non-root-ids',
        'manifest field; no audit rule covers fsGroup',
        'manifest field; no audit rule covers emptyDir medium',
      ]);
    },
  );

  test('a static control fails when the input lacks the setting', async () => {
    const input = await LIBRARY_INPUTS.kubeHardened.load();
    const [seccomp] = podmanIgnoredControls(10001);
    const stripped = seccomp!.negative.make(input);
    expect(staticOutcome(seccomp!, stripped)).toMatchObject({ pass: false });
  });
});
