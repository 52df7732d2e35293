import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

/**
 * Restricted Fields: services.*.volumes (binds), services.*.configs, services.*.secrets
 * Allowed Values: reported for review: read-only binds of files inside the project directory
 */
export const projectFileBinds = defineRule({
  id: 'project-file-binds',
  title: 'Read-only binds of project files are listed for review',
  severity: 'info',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.volumes', 'services.*.configs', 'services.*.secrets'],
  allowedValues: 'a read-only bind of a path inside the project directory (after .. and symlinks)',
  references: { cisDocker: ['5.5'] },
  rationale:
    'A read-only bind of a file the project ships (./nginx.conf:/etc/nginx/nginx.conf:ro) is configuration, ' +
    'what a ConfigMap is to a pod: it exposes nothing of the host beyond the repository. A writable bind, or ' +
    'one whose path leaves the project (../, an absolute path, a symlink out), is a host path and an error.',
  remediation: 'Nothing to change; check that the file holds no secret that belongs in secrets:.',
  exampleFix: 'services:\n  web:\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose === undefined) return [];
    return compose.projectFiles.map((file) => ({
      message: `${servicePhrase(compose.name)} mounts project file ${JSON.stringify(file.source)} read-only at ${JSON.stringify(file.target)}`,
      path: file.origin,
      container: compose.name,
      subject: file.source,
    }));
  },
});
