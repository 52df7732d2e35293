import { AUTOMOUNT_VOLUME_PREFIX } from '../../rules/hardened/projected-service-account-token';
import { listAt, present, str } from '../cel';
import { defineExpression } from '../context';
import { POD } from './shared';

const RULE = 'projected-service-account-token';
const VOLUMES = listAt(POD, 'volumes');
const SOURCES_SET = '(has(v.projected) && has(v.projected.sources))';
/** Unreadable is not empty: the token may be in there, and no exemption can say it is not. */
const SOURCES_UNREADABLE = `(${SOURCES_SET} && type(v.projected.sources) != list)`;
/** The pod does not opt out of automount: the ServiceAccount admission plugin adds its own token volume. */
const AUTOMOUNTED = `!(${present(POD, 'automountServiceAccountToken')} && ${POD}.automountServiceAccountToken == false)`;
/** Source `s` of volume `v` is automount's token (service-account-token judges it), as the audit tells it. */
const AUTOMOUNT_TOKEN =
  `(has(v.name) && type(v.name) == string && v.name.startsWith(${str(AUTOMOUNT_VOLUME_PREFIX)}) && ` +
  `!has(s.serviceAccountToken.audience) && has(s.serviceAccountToken.path) && s.serviceAccountToken.path == 'token')`;
const REPORTED_TOKEN = `(has(s.serviceAccountToken) && !(${AUTOMOUNTED} && ${AUTOMOUNT_TOKEN}))`;
const MOUNTS_TOKEN = `(${SOURCES_SET} && type(v.projected.sources) == list && v.projected.sources.exists(s, ${REPORTED_TOKEN}))`;

const VOLUME_NAME = `'projected volume "' + (has(v.name) ? string(v.name) : '<unnamed>') + '"'`;
const AUDIENCE = `(has(s.serviceAccountToken.audience) && type(s.serviceAccountToken.audience) == string ? ' for audience "' + s.serviceAccountToken.audience + '"' : '')`;

/**
 * projected-service-account-token (warning): no projected volume has a serviceAccountToken source,
 * unless a serviceAccountToken exemption (the one automount takes too) admits the token. The
 * kube-api-access-* volume the ServiceAccount admission plugin adds before validation runs is
 * automount's, reported by service-account-token: Pods would otherwise be warned about twice, and a
 * workload whose automount is justified about a token it asked for.
 */
export const projectedServiceAccountTokenCel = defineExpression(RULE, (context) => {
  const exempt = context.exempt(RULE, "'serviceAccountToken'");
  const tokens = `${VOLUMES}.exists(v, ${MOUNTS_TOKEN})`;
  const tokenMessages =
    `${VOLUMES}.filter(v, ${MOUNTS_TOKEN}).map(v, v.projected.sources.filter(s, ${REPORTED_TOKEN})` +
    `.map(s, ${VOLUME_NAME} + ' mounts a Kubernetes API token' + ${AUDIENCE} + ': remove the serviceAccountToken source, or justify the token with a serviceAccountToken exemption')` +
    `.join('; ')).join('; ')`;
  return {
    expression: `!${VOLUMES}.exists(v, ${SOURCES_UNREADABLE}) && (!${tokens}${exempt === 'false' ? '' : ` || ${exempt}`})`,
    messageExpression:
      `[${VOLUMES}.filter(v, ${SOURCES_UNREADABLE}).map(v, ${VOLUME_NAME} + ' must list its sources as an array').join('; '), ` +
      `${exempt === 'false' ? tokenMessages : `(${exempt} ? '' : ${tokenMessages})`}].filter(m, m != '').join('; ')`,
  };
});
