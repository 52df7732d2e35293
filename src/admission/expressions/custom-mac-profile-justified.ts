import { APPARMOR_ANNOTATION_PREFIX } from '../../rules/pss';
import { CONTAINER, joinParts, sentences, str } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, POD, sc, unless } from './shared';

const RULE = 'custom-mac-profile-justified';

/** The container's effective AppArmor profile is Localhost: its field, else its annotation, else the pod's field. */
const APPARMOR_LOCALHOST = (() => {
  const own = sc('c', 'appArmorProfile.type');
  const pod = sc(POD, 'appArmorProfile.type');
  const key = `${str(APPARMOR_ANNOTATION_PREFIX)} + c.name`;
  const value = `variables.annotations[${key}]`;
  return (
    `(${own.present} ? ${own.value} == 'Localhost' : ` +
    `(${key} in variables.annotations ? (${value}.startsWith('localhost/') || ${value} == 'Localhost') : ` +
    `(${pod.present} && ${pod.value} == 'Localhost')))`
  );
})();

/** The container's effective seLinuxOptions (its own replace the pod's) set anything. */
const SELINUX_SET = (() => {
  const own = sc('c', 'seLinuxOptions');
  const pod = sc(POD, 'seLinuxOptions');
  return `(${own.present} ? ${own.value}.exists(k, ${own.value}[k] != '') : (${pod.present} && ${pod.value}.exists(k, ${pod.value}[k] != '')))`;
})();

/** custom-mac-profile-justified: custom AppArmor or SELinux settings need an exemption of their kind. */
export const customMacProfileJustifiedCel = defineExpression(RULE, (context) => {
  const appArmor = `${APPARMOR_LOCALHOST} && !${context.exempt(RULE, "'appArmorLocalhost'")}`;
  const seLinux = `${SELINUX_SET} && !${context.exempt(RULE, "'seLinuxOptions'")}`;
  return {
    expression: unless('variables.isWindows', `!${CONTAINERS}.exists(c, (${appArmor}) || (${seLinux}))`),
    messageExpression: joinParts([
      sentences(
        CONTAINERS,
        'c',
        appArmor,
        `${CONTAINER} + 'must not use a custom AppArmor profile without a justification'`,
      ),
      sentences(
        CONTAINERS,
        'c',
        seLinux,
        `${CONTAINER} + 'must not set seLinuxOptions without a justification'`,
      ),
    ]),
  };
});
