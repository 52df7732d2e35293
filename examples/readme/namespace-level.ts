import { Chart, Testing } from 'cdk8s';
import { HardenedDaemonSet, HardenedNamespace } from 'hardened-workloads/cdk8s';

const chart = new Chart(Testing.app(), 'ops', { namespace: 'ops' });
new HardenedNamespace(chart, 'namespace', {
  metadata: { name: 'ops' },
  podSecurity: {
    level: 'privileged',
    justification: {
      reason: 'node agents trace host processes for the incident response team',
      approvedBy: 'platform-security',
    },
  },
});
new HardenedDaemonSet(chart, 'tracer', {
  containers: [
    {
      name: 'tracer',
      image: 'registry.example.com/ops/tracer:2.1.0',
      exemptions: [
        // Only a root process gets an added capability in its effective set from containerd or
        // CRI-O: as user 10001, SYS_PTRACE would sit in the bounding set and do nothing.
        {
          kind: 'runAsRoot',
          justification: { reason: 'ptrace needs SYS_PTRACE in effect, which only a root process gets' },
        },
        {
          kind: 'capability',
          capability: 'SYS_PTRACE',
          justification: {
            reason: 'attaches to host processes to collect incident traces',
            approvedBy: 'platform-security',
          },
        },
      ],
    },
  ],
});
Testing.synth(chart);
