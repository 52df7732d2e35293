import { auditDocuments } from 'hardened-workloads/audit';
import { JUSTIFICATIONS_ANNOTATION } from 'hardened-workloads/posture';
import { projectedServiceAccountToken } from 'hardened-workloads/rules/hardened';
import { NOW, container, findingsWith, record, runRule } from './helpers';

const tokenSource = { serviceAccountToken: { audience: 'vault', expirationSeconds: 600, path: 'token' } };

function podWith(sources: unknown) {
  return {
    automountServiceAccountToken: false,
    containers: [container('a', { volumeMounts: [{ name: 'creds', mountPath: '/var/run/creds' }] })],
    volumes: [
      { name: 'tmp', emptyDir: {} },
      { name: 'creds', projected: { sources } },
    ],
  };
}

describe('projected-service-account-token', () => {
  test('a projected serviceAccountToken source is reported although automount is off', () => {
    expect(
      runRule(projectedServiceAccountToken, podWith([{ configMap: { name: 'c' } }, tokenSource])),
    ).toEqual([
      {
        message:
          'projected volume "creds" mounts a Kubernetes API token for audience "vault": remove the serviceAccountToken source, or justify the token with a serviceAccountToken exemption',
        path: 'spec.volumes[1].projected.sources[1].serviceAccountToken',
        exemption: 'serviceAccountToken',
      },
    ]);
  });

  test('an empty serviceAccountToken source still mounts a token (the API server defaults its fields)', () => {
    expect(
      runRule(projectedServiceAccountToken, podWith([{ serviceAccountToken: {} }])).map((v) => v.path),
    ).toEqual(['spec.volumes[1].projected.sources[0].serviceAccountToken']);
  });

  test('unreadable sources are reported and nothing justifies them', () => {
    expect(runRule(projectedServiceAccountToken, podWith({ token: tokenSource }))).toEqual([
      {
        message: 'projected volume "creds" must list its sources as an array',
        path: 'spec.volumes[1].projected.sources',
        exemption: null,
      },
    ]);
  });

  test('projected volumes without a token pass (the counterpart)', () => {
    expect(
      runRule(
        projectedServiceAccountToken,
        podWith([{ configMap: { name: 'c' } }, { downwardAPI: { items: [] } }]),
      ),
    ).toEqual([]);
  });

  test('the serviceAccountToken record that justifies automount justifies the projected token too', () => {
    const spec = podWith([tokenSource]);
    expect(
      findingsWith(projectedServiceAccountToken, spec, [record({ exemption: 'serviceAccountToken' })]).map(
        (f) => f.status,
      ),
    ).toEqual(['justified']);
    expect(
      findingsWith(projectedServiceAccountToken, spec, [record({ exemption: 'hostPath' })]).map(
        (f) => f.status,
      ),
    ).toEqual(['violation']);
  });

  test('in a Deployment, the finding is a hardened warning at the field', () => {
    const report = auditDocuments(
      [
        {
          kind: 'Deployment',
          metadata: { name: 'd', annotations: { [JUSTIFICATIONS_ANNOTATION]: '[]' } },
          spec: { template: { spec: podWith([tokenSource]) } },
        },
      ],
      { now: NOW },
    );
    expect(
      report.findings
        .filter((f) => f.rule === 'projected-service-account-token')
        .map((f) => [f.severity, f.level, f.path]),
    ).toEqual([
      ['warning', 'hardened', 'spec.template.spec.volumes[1].projected.sources[0].serviceAccountToken'],
    ]);
  });

  describe('the volume the ServiceAccount admission plugin adds is automount, judged by service-account-token', () => {
    // As the plugin writes it (plugin/pkg/admission/serviceaccount TokenVolumeSource).
    const injected = (name = 'kube-api-access-x7k2p', token: Record<string, unknown> = {}) => ({
      name,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token', ...token } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        ],
      },
    });
    const pod = (automount: boolean | undefined, volume: unknown) => ({
      ...(automount !== undefined && { automountServiceAccountToken: automount }),
      containers: [container('a')],
      volumes: [volume],
    });
    const paths = (spec: Record<string, unknown>) =>
      runRule(projectedServiceAccountToken, spec).map((v) => v.path);

    test('where the pod does not opt out, its token is not reported here', () => {
      expect(paths(pod(undefined, injected()))).toEqual([]);
      expect(paths(pod(true, injected()))).toEqual([]);
    });

    test('where the pod opts out, the plugin adds nothing: such a volume was written by hand and is reported', () => {
      expect(paths(pod(false, injected()))).toEqual([
        'spec.volumes[0].projected.sources[0].serviceAccountToken',
      ]);
    });

    test('another audience, another path or another name is not automount and is reported', () => {
      expect(paths(pod(undefined, injected(undefined, { audience: 'vault' })))).toHaveLength(1);
      expect(paths(pod(undefined, injected(undefined, { path: 'vault-token' })))).toHaveLength(1);
      expect(paths(pod(undefined, injected('api-access-x7k2p')))).toHaveLength(1);
    });
  });
});
