import { CONTAINER, joinParts, sentences, setNotFalse } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, POD } from './shared';

const FIELD = 'securityContext.windowsOptions.hostProcess';

/** windows-host-process: neither the pod nor a container runs as a Windows host process. */
export const windowsHostProcessCel = defineExpression('windows-host-process', () => ({
  expression: `!${setNotFalse(POD, FIELD)} && !${CONTAINERS}.exists(c, ${setNotFalse('c', FIELD)})`,
  messageExpression: joinParts([
    `(${setNotFalse(POD, FIELD)} ? 'pod must not set ${FIELD}=true' : '')`,
    sentences(CONTAINERS, 'c', setNotFalse('c', FIELD), `${CONTAINER} + 'must not set ${FIELD}=true'`),
  ]),
}));
