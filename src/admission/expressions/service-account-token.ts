import { present } from '../cel';
import { defineExpression } from '../context';
import { POD } from './shared';

/** service-account-token (warning): the pod opts out of the API token mount. */
export const serviceAccountTokenCel = defineExpression('service-account-token', () => ({
  expression: `${present(POD, 'automountServiceAccountToken')} && ${POD}.automountServiceAccountToken == false`,
  messageExpression: `'pod must set automountServiceAccountToken=false'`,
}));
