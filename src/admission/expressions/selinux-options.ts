import { CONTAINER, joinParts, sentences, strList } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, POD, sc } from './shared';

const TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];

function forbidden(base: string, minor: number): string {
  const options = sc(base, 'seLinuxOptions');
  const o = options.value;
  const types = minor >= 31 ? [...TYPES, 'container_engine_t'] : TYPES;
  return (
    `(${options.present} && !((!has(${o}.type) || ${o}.type in ${strList(types)}) && ` +
    `(!has(${o}.user) || ${o}.user == '') && (!has(${o}.role) || ${o}.role == '')))`
  );
}

/** selinux-options: seLinuxOptions keep a container type and set no user or role. */
export const selinuxOptionsCel = defineExpression('selinux-options', (context) => {
  const minor = context.version.minor;
  return {
    expression: `!${forbidden(POD, minor)} && !${CONTAINERS}.exists(c, ${forbidden('c', minor)}) || ${context.exempt('selinux-options')}`,
    messageExpression: joinParts([
      `(${forbidden(POD, minor)} ? 'pod must not set forbidden securityContext.seLinuxOptions' : '')`,
      sentences(
        CONTAINERS,
        'c',
        forbidden('c', minor),
        `${CONTAINER} + 'must not set forbidden securityContext.seLinuxOptions'`,
      ),
    ]),
  };
});
