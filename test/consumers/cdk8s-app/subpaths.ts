// Type-only use of the framework-free entry points, so that their declarations are checked too.
import type { AuditReport, Finding } from 'hardened-workloads';
import type { ChecklistAnswer } from 'hardened-workloads/checklist';
import type { HardenedWorkloadsValidationProperties } from 'hardened-workloads/cdk8s';

export interface EntryPoints {
  readonly report: AuditReport;
  readonly finding: Finding;
  readonly answer: ChecklistAnswer;
  readonly plugin: HardenedWorkloadsValidationProperties;
}
