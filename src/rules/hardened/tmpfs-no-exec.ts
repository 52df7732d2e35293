import { asArray } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { composeService, servicePhrase } from './compose-service';

const UNSAFE_OPTIONS = new Set(['exec', 'suid', 'dev']);

/**
 * Restricted Fields: services.*.tmpfs
 * Allowed Values: mounts without the exec, suid or dev options (Docker's default is noexec,nosuid,nodev)
 */
export const tmpfsNoExec = defineRule({
  id: 'tmpfs-no-exec',
  title: 'Writable tmpfs mounts stay noexec and nosuid',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['compose'],
  restrictedFields: ['services.*.tmpfs'],
  allowedValues: 'tmpfs options without exec, suid or dev',
  references: { cisDocker: ['5.12'] },
  rationale:
    'A read-only root filesystem only keeps an attacker from running a downloaded binary if the writable ' +
    "places are noexec, which is Docker's tmpfs default. exec (or suid, dev) on a tmpfs gives back the place " +
    'to drop and run a tool, or a setuid binary, or a device node.',
  remediation: 'Remove exec, suid and dev from the tmpfs options, e.g. "/tmp:size=64m".',
  exampleFix: 'services:\n  api:\n    read_only: true\n    tmpfs:\n      - /tmp:size=64m',
  justifiedBy: [],
  check(pod) {
    const compose = composeService(pod);
    if (compose === undefined) return [];
    const violations: Violation[] = [];
    const tmpfs = compose.service.tmpfs;
    const entries = typeof tmpfs === 'string' ? [tmpfs] : asArray(tmpfs);
    entries.forEach((entry, index) => {
      if (typeof entry !== 'string') return;
      const options = entry.split(':').slice(1).join(':').split(',');
      const unsafe = options.map((o) => o.trim()).filter((o) => UNSAFE_OPTIONS.has(o));
      if (unsafe.length === 0) return;
      violations.push({
        message: `${servicePhrase(compose.name)} must not mount tmpfs ${JSON.stringify(entry)} with ${unsafe.join(', ')}`,
        path: typeof tmpfs === 'string' ? `${compose.path}.tmpfs` : `${compose.path}.tmpfs[${index}]`,
        container: compose.name,
      });
    });
    return violations;
  },
});
