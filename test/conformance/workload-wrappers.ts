/** A bare Pod document, as the fixtures hold it. */
export interface PodDocument {
  readonly metadata?: { readonly name?: string; readonly annotations?: Record<string, string> };
  readonly spec?: unknown;
}

const template = (pod: PodDocument) => ({
  metadata: {
    labels: { app: 'fixture' },
    ...(pod.metadata?.annotations && { annotations: pod.metadata.annotations }),
  },
  spec: pod.spec,
});

/** The pod, wrapped as each workload kind carries a pod template. */
export const WORKLOAD_WRAPPERS: Readonly<Record<string, (pod: PodDocument) => unknown>> = {
  Deployment: (pod) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: pod.metadata?.name },
    spec: { selector: { matchLabels: { app: 'fixture' } }, template: template(pod) },
  }),
  StatefulSet: (pod) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: pod.metadata?.name },
    spec: { serviceName: 'fixture', selector: { matchLabels: { app: 'fixture' } }, template: template(pod) },
  }),
  Job: (pod) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: pod.metadata?.name },
    spec: { template: template(pod) },
  }),
  CronJob: (pod) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: pod.metadata?.name },
    spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: template(pod) } } },
  }),
};
