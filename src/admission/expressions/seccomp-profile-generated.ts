import { defineExpression } from '../context';
import { LOCALHOST_SECCOMP, LOCALHOST_SECCOMP_NAME } from './localhost-seccomp';
import { noContainer, unless } from './shared';

const RULE = 'seccomp-profile-generated';

/**
 * seccomp-profile-generated (warning): a container's Localhost seccomp profile is a generated one.
 * The audit knows a generated profile by the `profileSha256` its seccompLocalhost record carries;
 * the cluster cannot decode that JSON annotation and would not trust it (anyone who writes the pod
 * writes it), so the fact reaches the policy as a params entry keyed by container, which
 * admissionExemptions writes only from a validated record carrying the hash. Neither the audit nor
 * the cluster can hash the file on the node.
 */
export const seccompProfileGeneratedCel = defineExpression(RULE, (context) => {
  const plain = noContainer(
    `${LOCALHOST_SECCOMP} && !${context.exempt(RULE, 'c.name')}`,
    `'uses the hand-written, unreviewed seccomp profile "' + ${LOCALHOST_SECCOMP_NAME} + '": generate it (runtime default plus the justified system calls)'`,
  );
  return { ...plain, expression: unless('variables.isWindows', plain.expression) };
});
