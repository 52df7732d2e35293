import { containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';

/**
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].image
 * Allowed Values: a reference with a digest, or with a tag other than `latest`
 */
export const imageTagPinned = defineRule({
  id: 'image-tag-pinned',
  title: 'Images are pinned to a tag or a digest',
  severity: 'warning',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.containers[*].image',
    'spec.initContainers[*].image',
    'spec.ephemeralContainers[*].image',
  ],
  allowedValues: 'name@sha256:<digest>, or name:<tag> with a tag other than latest',
  references: {
    cisDocker: ['5.28'],
    polaris: ['tagNotSpecified'],
    kubeLinter: ['latest-tag'],
    checkov: ['CKV_K8S_14', 'CKV_K8S_43'],
    trivy: ['KSV-0013'],
  },
  rationale:
    'An untagged or `latest` image changes under the same manifest: what was reviewed is not what runs, and ' +
    'a rollback does not roll back. A digest pins the exact bytes. Outside the seed (its own examples use ' +
    '`latest`): a warning.',
  remediation: 'Reference the image by digest (name@sha256:...), or at least by a version tag.',
  exampleFix: 'image: registry.example.com/team/api:1.4.2@sha256:<digest>',
  justifiedBy: [],
  check(pod) {
    const violations: Violation[] = [];
    for (const c of pod.containers) {
      const image = c.spec.image;
      // A missing image is invalid for Kubernetes and means "build it" for Compose: nothing to pin.
      if (typeof image !== 'string' || image.trim() === '') continue;
      const tag = imageTag(image.trim());
      if (tag === 'digest' || (tag !== undefined && tag !== 'latest')) continue;
      violations.push({
        message: `${containersPhrase([c.name])} must pin image ${JSON.stringify(image)} to a digest or a version tag (${tag === undefined ? 'no tag' : 'tag latest'})`,
        path: `${c.path}.image`,
        container: c.name,
      });
    }
    return violations;
  },
});

/** The tag of an image reference, `digest` when it has one, or undefined without a tag. */
export function imageTag(reference: string): string | undefined {
  if (reference.includes('@')) return 'digest';
  const lastSlash = reference.lastIndexOf('/');
  const lastColon = reference.lastIndexOf(':');
  // A colon before the last slash belongs to the registry's port (registry:5000/app).
  return lastColon > lastSlash ? reference.slice(lastColon + 1) : undefined;
}
