/**
 * HAND-WRITTEN INPUTS: stand-ins for what the library will generate, written by hand from the
 * design doc's posture (shared/seed/runtime-security.md). They are the only hand-written workload
 * descriptions in the runtime suite; `inputs.ts` chooses, per case, whether a case runs one of
 * these or the library's own output. Once the library can generate a case, switch that case's
 * line in `inputs.ts` and keep this file only as long as some case still uses it.
 */
import type { PlainContainerArgs } from './docker-run-args';

/** `docker.Container` arguments with the default posture (as HardenedContainer should produce). */
export const HAND_WRITTEN_CONTAINER_ARGS: PlainContainerArgs = {
  image: 'registry.example.com/team/api:latest',
  name: 'api',
  user: '10001:10001',
  readOnly: true,
  tmpfs: { '/tmp': 'rw,noexec,nosuid,size=64m' },
  capabilities: { drops: ['ALL'] },
  securityOpts: ['no-new-privileges:true'],
};

/** The same, with a justified NET_BIND_SERVICE add-back. */
export const HAND_WRITTEN_CONTAINER_ARGS_NET_BIND: PlainContainerArgs = {
  ...HAND_WRITTEN_CONTAINER_ARGS,
  name: 'web',
  capabilities: { drops: ['ALL'], adds: ['NET_BIND_SERVICE'] },
};

/** The design doc's Compose example, as the Compose emitter should produce it. */
export const HAND_WRITTEN_COMPOSE = `services:
  api:
    image: registry.example.com/team/api:latest
    user: "10001:10001"
    read_only: true
    tmpfs:
      - /tmp
    cap_drop:
      - ALL
    security_opt:
      - no-new-privileges:true
`;

/** A hardened Pod (HardenedDeployment's pod template should be equivalent). */
export const HAND_WRITTEN_POD = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    fsGroup: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: api
      image: registry.example.com/team/api:latest
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir:
        medium: Memory
`;

/** The hardened Pod with a justified NET_BIND_SERVICE add-back. */
export const HAND_WRITTEN_POD_NET_BIND = HAND_WRITTEN_POD.replace(
  'name: api\nspec',
  'name: web\nspec',
).replace('drop: ["ALL"]', 'drop: ["ALL"]\n          add: ["NET_BIND_SERVICE"]');
