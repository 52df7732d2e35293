import type { PodView } from '../pod-view';

/** Where the pod's annotations sit, e.g. `spec.template.metadata.annotations["key"]` for a Deployment. */
export function annotationPath(pod: PodView, key: string): string {
  const metadata = pod.path === 'spec' ? 'metadata' : pod.path.replace(/\.spec$/, '.metadata');
  return `${metadata}.annotations[${JSON.stringify(key)}]`;
}
