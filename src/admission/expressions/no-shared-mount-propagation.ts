import { CONTAINER, listAt, sentences } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS } from './shared';

/** no-shared-mount-propagation: no Bidirectional mount, unless exempted (by host path when the volume is one). */
export const noSharedMountPropagationCel = defineExpression('no-shared-mount-propagation', (context) => {
  const mounts = listAt('c', 'volumeMounts');
  const hostPath = `variables.hostPathVolumes.filter(h, h.name == m.name)`;
  const exempt = `(${hostPath}.size() > 0 ? ${context.exempt('no-shared-mount-propagation', `${hostPath}[0].path`)} : ${context.exempt('no-shared-mount-propagation')})`;
  const bad = `has(m.mountPropagation) && m.mountPropagation == 'Bidirectional' && !${exempt}`;
  return {
    expression: `!${CONTAINERS}.exists(c, ${mounts}.exists(m, ${bad}))`,
    messageExpression: sentences(
      CONTAINERS,
      'c',
      `${mounts}.exists(m, ${bad})`,
      `${CONTAINER} + 'must not mount ' + ${mounts}.filter(m, ${bad}).map(m, 'volume "' + m.name + '"').join(', ') + ' with mountPropagation=Bidirectional'`,
    ),
  };
});
