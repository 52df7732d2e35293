/**
 * The static rows of the runtime cases on the library's own output (pure: part of `npx jest`): the
 * audit passes the generated Compose file and manifests and reports every audited negative control
 * by its rule; the controls podman ignores hold and fail when their one setting is removed.
 */
import { composeNegatives, kubeAuditNegatives, kubeNegatives, type ComposeInput } from './negative-controls';
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

  test('the justified add-back passes the audit; without its annotation the audit reports it', async () => {
    const input = await LIBRARY_INPUTS.kubeNetBind.load();
    const outcome = auditOutcome<string>(
      { control: 'audit', text: (y) => y, auditOnlyNegatives: [kubeAuditNegatives.justification] },
      [kubeNegatives.addBack],
      input,
    );
    expect(outcome).toMatchObject({ pass: true });
    expect(outcome.observed).toContain('1 justified (capabilities-justified)');
    expect(outcome.negative).toMatch(/justification annotation removed: .*capabilities-justified/);
  });

  test.each([['kubeHardened'], ['kubeNetBind']] as const)(
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
