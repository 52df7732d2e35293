import type { ResolvedAudit } from '../../audit';
import type { AuditOf } from '../internal/registration-gate';
import { resourceAuditOf } from '../internal/resource-audit';
import { DOCKER_CONTAINER_TYPE } from '../internal/resource-workloads';

/**
 * Audits `docker.Container` arguments with the hardened-level rules, through the Compose service they
 * are equivalent to (the policies and the transformation do the same).
 */
export function containerAuditOf(name: string, audit: ResolvedAudit): AuditOf {
  return resourceAuditOf(DOCKER_CONTAINER_TYPE, name, audit);
}
