import { str } from '../cel';
import { defineExpression } from '../context';
import { noContainer, POD, sc, unless } from './shared';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function localhostAnnotation(value: string): string {
  return `(${value}.startsWith('localhost/') || ${value} == 'Localhost')`;
}

/**
 * The container's effective seccomp setting is Localhost: its field, else its annotation, else
 * the pod's field, else the pod's annotation (the first one set decides, as the kubelet applies them).
 */
const LOCALHOST = (() => {
  const own = sc('c', 'seccompProfile.type');
  const pod = sc(POD, 'seccompProfile.type');
  const containerKey = `${str(CONTAINER_ANNOTATION_PREFIX)} + c.name`;
  const podKey = str(POD_ANNOTATION);
  return (
    `(${own.present} ? ${own.value} == 'Localhost' : ` +
    `(${containerKey} in variables.annotations ? ${localhostAnnotation(`variables.annotations[${containerKey}]`)} : ` +
    `(${pod.present} ? ${pod.value} == 'Localhost' : ` +
    `(${podKey} in variables.annotations && ${localhostAnnotation(`variables.annotations[${podKey}]`)}))))`
  );
})();

/** seccomp-localhost-justified: a Localhost seccomp profile needs an exemption (Windows pods skip). */
export const seccompLocalhostJustifiedCel = defineExpression('seccomp-localhost-justified', (context) => {
  const plain = noContainer(
    LOCALHOST,
    `'must not use a Localhost seccomp profile without a justification'`,
    context.exempt('seccomp-localhost-justified'),
  );
  return { ...plain, expression: unless('variables.isWindows', plain.expression) };
});
