import { present } from '../cel';
import { defineExpression } from '../context';
import { noContainer, POD, sc } from './shared';

/** The id the container runs with (its own, else the pod's) is set and above 0. */
function nonRootId(key: string): string {
  const own = sc('c', key);
  const pod = sc(POD, key);
  return `(${own.present} ? ${own.value} > 0 : (${pod.present} && ${pod.value} > 0))`;
}

const USER_NAME = 'securityContext.windowsOptions.runAsUserName';
// The audit's WINDOWS_ADMIN_USER: accounts that administer a Windows container (RE2, case-insensitive).
const WINDOWS_ADMIN_USER = String.raw`r'(?i)^(containeradministrator|nt authority\\.*|localsystem|system)$'`;

/** The Windows account the container runs as (its own, else the pod's) is a named non-administrator. */
function windowsBadUser(): string {
  const own = `(${present('c', USER_NAME)} && c.${USER_NAME} != null)`;
  const pod = `(${present(POD, USER_NAME)} && ${POD}.${USER_NAME} != null)`;
  const value = `(${own} ? c.${USER_NAME} : ${POD}.${USER_NAME})`;
  return `(!(${own} || ${pod}) || type(${value}) != string || ${value}.trim() == '' || ${value}.trim().matches(${WINDOWS_ADMIN_USER}))`;
}

/**
 * explicit-non-root-ids: every container runs with non-zero runAsUser and runAsGroup; a Windows pod
 * (no numeric Linux ids there) instead names a non-administrator windowsOptions.runAsUserName.
 */
export const explicitNonRootIdsCel = defineExpression('explicit-non-root-ids', (context) => {
  const exempt = context.exempt('explicit-non-root-ids');
  const linux = noContainer(
    `!(${nonRootId('runAsUser')} && ${nonRootId('runAsGroup')})`,
    `'must set securityContext.runAsUser and securityContext.runAsGroup to non-zero numeric ids'`,
    exempt,
  );
  const windows = noContainer(
    windowsBadUser(),
    `'must set securityContext.windowsOptions.runAsUserName to a non-administrator account such as ContainerUser'`,
    exempt,
  );
  return {
    expression: `variables.isWindows ? (${windows.expression}) : (${linux.expression})`,
    messageExpression: `variables.isWindows ? (${windows.messageExpression}) : (${linux.messageExpression})`,
  };
});
