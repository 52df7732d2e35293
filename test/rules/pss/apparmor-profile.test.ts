import { baselineSpec, restrictedContainer, restrictedSpec, run, summary, validRecord } from './pss-kit';

const ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/app';

describe('apparmor-profile', () => {
  it.each([
    ['no profile', {}],
    ['RuntimeDefault on the pod', { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }],
    [
      'Localhost on the pod',
      { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } } },
    ],
  ])('admits %s', (_label, overrides) => {
    expect(run('apparmor-profile', baselineSpec(overrides))).toEqual([]);
  });

  it.each(['', 'runtime/default', 'localhost/my-profile'])('admits the beta annotation value %j', (value) => {
    expect(run('apparmor-profile', baselineSpec(), { annotations: { [ANNOTATION]: value } })).toEqual([]);
  });

  it('rejects Unconfined (or no type) in the field, on the pod and on each container', () => {
    const spec = restrictedSpec({
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      initContainers: [restrictedContainer('init', { appArmorProfile: {} })],
      containers: [restrictedContainer('app', { appArmorProfile: { type: 'Unconfined' } })],
    });
    expect(summary(run('apparmor-profile', spec))).toEqual([
      {
        message: 'pod must not set AppArmor profile type to "Unconfined"',
        path: 'spec.securityContext.appArmorProfile.type',
        container: null,
      },
      {
        message: 'container "init" must not set AppArmor profile type to ""',
        path: 'spec.initContainers[0].securityContext.appArmorProfile.type',
        container: 'init',
      },
      {
        message: 'container "app" must not set AppArmor profile type to "Unconfined"',
        path: 'spec.containers[0].securityContext.appArmorProfile.type',
        container: 'app',
      },
    ]);
  });

  it('rejects an unconfined beta annotation, at its path in a Deployment template', () => {
    expect(
      summary(
        run('apparmor-profile', baselineSpec(), {
          annotations: { [ANNOTATION]: 'unconfined' },
          kind: 'Deployment',
        }),
      ),
    ).toEqual([
      {
        message: `annotation ${ANNOTATION} must not set AppArmor profile "unconfined"`,
        path: `spec.template.metadata.annotations["${ANNOTATION}"]`,
        container: 'app',
      },
    ]);
  });

  it('is not justifiable', () => {
    const spec = baselineSpec({ securityContext: { appArmorProfile: { type: 'Unconfined' } } });
    const findings = run('apparmor-profile', spec, {
      records: [validRecord({ exemption: 'appArmorLocalhost' })],
    });
    expect(findings.map((f) => f.status)).toEqual(['violation']);
  });
});
