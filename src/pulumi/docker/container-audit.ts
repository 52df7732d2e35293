import type * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { Finding } from '../../audit';
import type { ComponentLabel } from '../internal/component-errors';
import { assertNoViolations, logFindings } from '../internal/component-errors';
import { applyWithUnknowns, knownAtConstruction, knownAtResolution } from '../internal/deferred-values';
import type { RenderedAuditOptions } from '../internal/rendered-audit';
import { auditWithPending, hardenedAudit } from '../internal/rendered-audit';
import {
  DOCKER_CONTAINER_TYPE,
  dockerPendingInPod,
  workloadsOfResource,
} from '../internal/resource-workloads';

/** The audit of a container's arguments: what is known now, and the findings once they resolve. */
export interface ContainerArgsAudit {
  findings(component: pulumi.Resource): pulumi.Output<readonly Finding[]>;
}

/**
 * Audits `docker.Container` arguments with the hardened-level rules, through the Compose service they
 * are equivalent to (the policies do the same). Throws a `pulumi.ResourceError` on an error-severity
 * violation, before any resource is registered. docker.Container has no process-limit argument, so
 * the `pids-limit` warning is expected and logged.
 */
export function auditContainerArgs(
  label: ComponentLabel,
  containerArgs: docker.ContainerArgs,
  options: RenderedAuditOptions,
): ContainerArgsAudit {
  const audit = hardenedAudit(options);
  const run = (value: Record<string, unknown>, pendingPaths: readonly string[]) =>
    workloadsOfResource(DOCKER_CONTAINER_TYPE, label.name, value).workloads.flatMap((w) =>
      auditWithPending(w, dockerPendingInPod(pendingPaths, w.pod.path), audit),
    );
  const asJson: Record<string, unknown> = { ...containerArgs };
  const known = knownAtConstruction(asJson);
  const atConstruction = run(known.value, known.pendingPaths);
  assertNoViolations(label, atConstruction);
  return {
    findings(component) {
      if (known.pendingPaths.length === 0) {
        logFindings(label, atConstruction, component);
        return pulumi.output(atConstruction);
      }
      return applyWithUnknowns(containerArgs, (resolved) => {
        const settled = knownAtResolution(resolved as Record<string, unknown>);
        const findings = run(settled.value, settled.pendingPaths);
        logFindings(label, findings, component);
        return findings;
      });
    },
  };
}
