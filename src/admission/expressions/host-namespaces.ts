import { setNotFalse, str } from '../cel';
import { defineExpression } from '../context';
import { POD } from './shared';

const NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];

/** host-namespaces: each namespace is exempted on its own (the exemption kind names it). */
export const hostNamespacesCel = defineExpression('host-namespaces', (context) => {
  const open = (name: string) =>
    `(${setNotFalse(POD, name)} && !${context.exempt('host-namespaces', str(name))})`;
  return {
    expression: NAMESPACES.map((name) => `!${open(name)}`).join(' && '),
    messageExpression: `'pod must not set ' + (${NAMESPACES.map((name) => `(${open(name)} ? [${str(`${name}=true`)}] : [])`).join(' + ')}).join(', ')`,
  };
});
