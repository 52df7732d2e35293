/* eslint-disable @typescript-eslint/no-unsafe-member-access -- synthesized manifests are untyped JSON; the tests read their fields by name */
import { decodeJustifications, JUSTIFICATIONS_ANNOTATION } from 'hardened-workloads';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';
import type { HardenedDeploymentProps } from 'hardened-workloads/cdk8s';
import { IMAGE, REASON, auditManifests, chartOf, only, podSpec, podTemplate, unjustified } from './helpers';

function deployment(props: Omit<HardenedDeploymentProps, 'containers'>) {
  return only(
    chartOf(
      (chart) => new HardenedDeployment(chart, 'operator', { containers: [{ image: IMAGE }], ...props }),
    ),
    'Deployment',
  );
}

describe('a workload that calls the Kubernetes API asks for its token with a serviceAccountToken exemption', () => {
  test('the exemption mounts the token, records why, and the audit lists it as justified', () => {
    const manifest = deployment({ podExemptions: [{ kind: 'serviceAccountToken', justification: REASON }] });
    expect(podSpec(manifest).automountServiceAccountToken).toBe(true);
    const annotation = podTemplate(manifest).metadata.annotations[JUSTIFICATIONS_ANNOTATION] as string;
    expect(decodeJustifications(annotation).records).toEqual([
      { exemption: 'serviceAccountToken', reason: REASON.reason },
    ]);
    const findings = auditManifests([manifest], 'hardened');
    expect(findings.filter((f) => f.rule === 'service-account-token').map((f) => f.status)).toEqual([
      'justified',
    ]);
    expect(unjustified(findings)).toEqual([]);
  });

  test('without the exemption the token stays unmounted and nothing is reported', () => {
    const manifest = deployment({});
    expect(podSpec(manifest).automountServiceAccountToken).toBe(false);
    expect(auditManifests([manifest], 'hardened').filter((f) => f.rule === 'service-account-token')).toEqual(
      [],
    );
  });
});
