import type { Capability } from '../posture/capabilities';
import type { SeccompArchitecture } from './flatten';
import { flattenDockerProfile } from './flatten';
import { seccompProfileSha256 } from './generate-profile';
import type { DockerSeccompProfile } from './profile-types';

const ARCHITECTURES: readonly SeccompArchitecture[] = ['amd64', 'arm64'];

/**
 * The hashes a Docker-format profile file has as a generated profile: `generateSeccompProfile()`
 * hashes the OCI form, which depends on the architecture and the container's capabilities, so the
 * file is flattened for each architecture and each candidate capability set. A file the engine
 * could read differently from this reading has no hash: a key written twice, or twice in different
 * cases (the engine's Go decoder takes the later one whatever its case, JSON.parse keeps both or
 * the first place), or any text that is not the plain serialisation of what it holds.
 *
 * @param text the file's content
 * @param capabilitySets the capability sets the profile may have been generated for
 * @returns the hashes, empty when the file cannot be a generated profile
 */
export function generatedProfileHashes(
  text: string,
  capabilitySets: readonly (readonly Capability[])[],
): string[] {
  let profile: unknown;
  try {
    profile = JSON.parse(text);
  } catch {
    return [];
  }
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) return [];
  if (withoutLayout(text) !== JSON.stringify(profile) || hasFoldedDuplicateKey(profile)) return [];
  const hashes = new Set<string>();
  for (const architecture of ARCHITECTURES) {
    for (const capabilities of capabilitySets) {
      try {
        const flat = flattenDockerProfile(profile as DockerSeccompProfile, architecture, capabilities);
        hashes.add(seccompProfileSha256(flat.profile));
      } catch {
        // Not a Docker-format profile for this architecture: no hash from it.
      }
    }
  }
  return [...hashes];
}

// The text without the spaces and line breaks between tokens: what JSON.stringify writes.
function withoutLayout(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (inString) {
      out += c;
      if (c === '\\') out += text.charAt(++i);
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') out += c;
  }
  return out;
}

// Go's encoding/json matches keys to fields whatever their case (Unicode simple folding).
function hasFoldedDuplicateKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasFoldedDuplicateKey);
  if (value === null || typeof value !== 'object') return false;
  const folded = new Set<string>();
  for (const [key, item] of Object.entries(value)) {
    const name = key
      .replace(/\u017f/g, 's')
      .replace(/\u212a/g, 'k')
      .toLowerCase();
    if (folded.has(name) || hasFoldedDuplicateKey(item)) return true;
    folded.add(name);
  }
  return false;
}
