import { admissionPolicy } from '../../src/admission';
import { LATEST_PSS_VERSION, LEVELS } from '../../src/rules';
import { mixedLiterals, variableTypes } from './homogeneous-literals';

interface PolicySpec {
  variables: { name: string; expression: string }[];
  validations: { expression: string; messageExpression: string }[];
  matchConditions: { expression: string }[];
}

/** Every expression of every generated policy, named. */
function everyExpression(): { where: string; expression: string; spec: PolicySpec }[] {
  const found: { where: string; expression: string; spec: PolicySpec }[] = [];
  for (const level of LEVELS)
    for (let minor = 0; minor <= LATEST_PSS_VERSION.minor; minor++)
      for (const params of level === 'hardened' ? [false, true] : [false]) {
        const set = admissionPolicy({
          level,
          pssVersion: { major: 1, minor },
          ...(params && { exemptions: { namespace: 'platform' } }),
        });
        for (const object of set.objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy')) {
          const spec = object.spec as PolicySpec;
          const where = `${level} v1.${minor}${params ? ' with params' : ''}`;
          for (const v of spec.variables)
            found.push({ where: `${where} variable ${v.name}`, expression: v.expression, spec });
          for (const v of spec.validations) {
            found.push({ where: `${where} validation`, expression: v.expression, spec });
            found.push({ where: `${where} messageExpression`, expression: v.messageExpression, spec });
          }
          for (const m of spec.matchConditions)
            found.push({ where: `${where} matchCondition`, expression: m.expression, spec });
        }
      }
  return found;
}

describe('the API server’s homogeneous-literal rule (cel-go ValidateHomogeneousAggregateLiterals, Kubernetes 1.29+)', () => {
  test('no generated expression builds a list or map literal mixing entry types', () => {
    const problems: string[] = [];
    const typesBySpec = new Map<PolicySpec, ReturnType<typeof variableTypes>>();
    for (const { where, expression, spec } of everyExpression()) {
      let types = typesBySpec.get(spec);
      if (types === undefined) {
        types = variableTypes(spec.variables);
        typesBySpec.set(spec, types);
      }
      for (const problem of mixedLiterals(expression, types)) problems.push(`${where}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  test('the check bites: the first hostPathVolumes map (dyn name and raw beside a string path) is refused', () => {
    const mixed = `object.spec.volumes.filter(v, has(v.hostPath)).map(v, {'name': v.name, 'raw': v.hostPath.path, 'path': '/' + v.hostPath.path.split('/').join('/')})`;
    expect(mixedLiterals(mixed)).toEqual(['map literal mixes dyn and string']);
    expect(mixedLiterals(`['a', object.metadata.name]`)).toEqual(['list literal mixes dyn and string']);
    expect(mixedLiterals(`['a', string(object.metadata.name)]`)).toEqual([]);
  });
});
