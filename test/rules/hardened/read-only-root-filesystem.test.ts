import { readOnlyRootFilesystem } from 'hardened-workloads/rules/hardened';
import { container, findingsWith, record, runRule } from './helpers';

const ro = { securityContext: { readOnlyRootFilesystem: true } };

describe('read-only-root-filesystem', () => {
  test.each([
    [
      'every container read-only',
      { containers: [container('a', ro)], initContainers: [container('i', ro)] },
      [],
    ],
    [
      'unset on a container',
      { containers: [container('a')] },
      [
        [
          'container "a" must set securityContext.readOnlyRootFilesystem=true',
          'spec.containers[0].securityContext.readOnlyRootFilesystem',
        ],
      ],
    ],
    [
      'explicit false on an init container',
      {
        containers: [container('a', ro)],
        initContainers: [container('init', { securityContext: { readOnlyRootFilesystem: false } })],
      },
      [
        [
          'container "init" must set securityContext.readOnlyRootFilesystem=true',
          'spec.initContainers[0].securityContext.readOnlyRootFilesystem',
        ],
      ],
    ],
    [
      'a string "true" is not true (fail closed)',
      { containers: [container('a', { securityContext: { readOnlyRootFilesystem: 'true' } })] },
      [
        [
          'container "a" must set securityContext.readOnlyRootFilesystem=true',
          'spec.containers[0].securityContext.readOnlyRootFilesystem',
        ],
      ],
    ],
    [
      'an ephemeral container is checked too',
      { containers: [container('a', ro)], ephemeralContainers: [container('debug')] },
      [
        [
          'container "debug" must set securityContext.readOnlyRootFilesystem=true',
          'spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem',
        ],
      ],
    ],
  ])('%s', (_, spec, expected) => {
    expect(runRule(readOnlyRootFilesystem, spec).map((v) => [v.message, v.path])).toEqual(expected);
  });

  test("a writableRootFilesystem justification for the container justifies it, another container's does not", () => {
    const spec = { containers: [container('a'), container('b')] };
    const findings = findingsWith(readOnlyRootFilesystem, spec, [
      record({ exemption: 'writableRootFilesystem', container: 'a' }),
    ]);
    expect(findings.map((f) => [f.container, f.status])).toEqual([
      ['a', 'justified'],
      ['b', 'violation'],
    ]);
  });
});
