import { HardenedContainer } from 'hardened-workloads/pulumi/docker';

// user 10001:10001, read-only root, tmpfs /data (the only writable path), cap-drop ALL, no-new-privileges,
// default seccomp, memory/CPU limits, and the published port bound to loopback (Docker would bind 0.0.0.0).
new HardenedContainer('cache', {
  image: 'redis:7.4.1-alpine',
  ports: [{ containerPort: 6379, hostIp: '127.0.0.1' }],
  writablePaths: [{ path: '/data', sizeLimit: '128Mi' }],
  memoryMb: 256,
  cpus: 0.5,
});
