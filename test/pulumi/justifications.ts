/** Justifications for the tests: substantive reasons, approved where the exemption is high-risk. */
export const REASON = {
  reason: 'binds port 80 because the legacy load balancer health check cannot be changed',
  ticket: 'SEC-42',
} as const;

export const APPROVED = { ...REASON, approvedBy: 'security-team' } as const;
