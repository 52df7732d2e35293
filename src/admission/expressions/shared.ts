import { present, sentences, CONTAINER } from '../cel';

/** The pod spec, wherever the admitted kind keeps it. */
export const POD = 'variables.podSpec';
/** Every container: init, regular and ephemeral. */
export const CONTAINERS = 'variables.containers';

/** `(present) && value != allowed`-style reads of a container's securityContext field. */
export function sc(base: string, field: string): { present: string; value: string } {
  return { present: present(base, `securityContext.${field}`), value: `${base}.securityContext.${field}` };
}

/** A validation over containers: none is `bad` (unless the rule-level exemption admits them). */
export function noContainer(
  bad: string,
  complaint: string,
  exempt = 'false',
): {
  expression: string;
  messageExpression: string;
} {
  return {
    expression: `!${CONTAINERS}.exists(c, ${bad})${exempt === 'false' ? '' : ` || ${exempt}`}`,
    messageExpression: sentences(CONTAINERS, 'c', bad, `${CONTAINER} + ${complaint}`),
  };
}

/** The Pod Security relaxation of v1.25: Windows pods skip the Linux-only restricted checks. */
export function windowsExempt(minor: number): string {
  return minor >= 25 ? 'variables.isWindows' : 'false';
}

/** The v1.35 relaxation: a pod in its own user namespace may run as root and unmask /proc. */
export function userNamespaceRelaxed(minor: number): string {
  return minor >= 35 ? `(${present(POD, 'hostUsers')} && ${POD}.hostUsers == false)` : 'false';
}

/** `(cond) || (rest)`, dropping a `false` condition so the policy stays readable. */
export function unless(condition: string, expression: string): string {
  return condition === 'false' ? expression : `${condition} || (${expression})`;
}

/** A capability name as justifications name it: upper case, without `CAP_`. */
export function normalisedCapability(cap: string): string {
  const upper = `${cap}.trim().upperAscii()`;
  return `(${upper}.startsWith('CAP_') ? ${upper}.substring(4) : ${upper})`;
}
