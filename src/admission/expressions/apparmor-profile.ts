import { APPARMOR_ANNOTATION_PREFIX } from '../../rules/pss';
import { CONTAINER, joinParts, sentences, str } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, POD, sc } from './shared';

function forbiddenProfile(base: string): string {
  const profile = sc(base, 'appArmorProfile');
  const type = sc(base, 'appArmorProfile.type');
  return `(${profile.present} && !(${type.present} && ${type.value} in ['RuntimeDefault', 'Localhost']))`;
}

const ANNOTATION_VALUE = 'variables.annotations[k]';
const FORBIDDEN_ANNOTATION =
  `k.startsWith(${str(APPARMOR_ANNOTATION_PREFIX)}) && !(${ANNOTATION_VALUE} == '' || ` +
  `${ANNOTATION_VALUE} == 'runtime/default' || ${ANNOTATION_VALUE}.startsWith('localhost/'))`;

/** apparmor-profile: no profile field nor beta annotation sets AppArmor to anything but the allowed values. */
export const apparmorProfileCel = defineExpression('apparmor-profile', () => ({
  expression: `!${forbiddenProfile(POD)} && !${CONTAINERS}.exists(c, ${forbiddenProfile('c')}) && !variables.annotations.exists(k, ${FORBIDDEN_ANNOTATION})`,
  messageExpression: joinParts([
    `(${forbiddenProfile(POD)} ? 'pod must not set AppArmor profile type to "' + (has(${POD}.securityContext.appArmorProfile.type) ? ${POD}.securityContext.appArmorProfile.type : '') + '"' : '')`,
    sentences(
      CONTAINERS,
      'c',
      forbiddenProfile('c'),
      `${CONTAINER} + 'must not set AppArmor profile type to "' + (has(c.securityContext.appArmorProfile.type) ? c.securityContext.appArmorProfile.type : '') + '"'`,
    ),
    `variables.annotations.filter(k, ${FORBIDDEN_ANNOTATION}).map(k, 'annotation ' + k + ' must not set AppArmor profile "' + ${ANNOTATION_VALUE} + '"').join('; ')`,
  ]),
}));
