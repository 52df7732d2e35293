import { present } from '../cel';
import { defineExpression } from '../context';
import { POD } from './shared';

const RULE = 'service-account-token';
const SET = present(POD, 'automountServiceAccountToken');
const VALUE = `${POD}.automountServiceAccountToken`;

/**
 * service-account-token (warning): the pod opts out of the API token mount. Only an explicit `true`
 * can be admitted, by a serviceAccountToken exemption (the one a projected token takes too); left
 * unset, Kubernetes mounts the token without anyone having asked.
 */
export const serviceAccountTokenCel = defineExpression(RULE, (context) => {
  const exempt = context.exempt(RULE, "'serviceAccountToken'");
  const askedFor = `(${SET} && ${VALUE} == true)`;
  return {
    expression: `(${SET} && ${VALUE} == false)${exempt === 'false' ? '' : ` || (${askedFor} && ${exempt})`}`,
    messageExpression: `${askedFor} ? 'pod must set automountServiceAccountToken=false, or justify the token with a serviceAccountToken exemption' : 'pod must set automountServiceAccountToken=false'`,
  };
});
