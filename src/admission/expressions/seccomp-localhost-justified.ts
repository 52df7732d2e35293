import { defineExpression } from '../context';
import { LOCALHOST_SECCOMP } from './localhost-seccomp';
import { noContainer, unless } from './shared';

/** seccomp-localhost-justified: a Localhost seccomp profile needs an exemption (Windows pods skip). */
export const seccompLocalhostJustifiedCel = defineExpression('seccomp-localhost-justified', (context) => {
  const plain = noContainer(
    LOCALHOST_SECCOMP,
    `'must not use a Localhost seccomp profile without a justification'`,
    context.exempt('seccomp-localhost-justified'),
  );
  return { ...plain, expression: unless('variables.isWindows', plain.expression) };
});
