#!/usr/bin/env bash
# Runtime proof harness for hardened-workloads (issue 5).
#
# Installs what is missing from Debian's packages, starts dockerd as its own child (and stops it
# by PID on exit, only if it started it), configures podman for these VMs, imports a local
# busybox image for docker and podman (no registry), then runs the TypeScript runtime suite
# (test/runtime/jest.config.js) and writes test/runtime/REPORT.md.
#
# Usage: bash test/runtime/lab.sh [--setup-only] [extra jest args...]
#   RUNTIME_JEST_JSON=<file>  also write jest's --json result to <file> (used by .ci/run)
#   RUNTIME_LAB_DIR=<dir>     scratch directory (default ${TMPDIR:-/tmp}/hardened-workloads-runtime-lab)
# Exit status: 0 passed, 1 failed, 77 SKIPPED (cannot run here: the caller must not count it as
# passed). The reference recipe and the traps are in shared/lab/RUNTIME-LAB.md.
set -euo pipefail

SKIP_STATUS=77
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export RUNTIME_LAB_DIR=${RUNTIME_LAB_DIR:-${TMPDIR:-/tmp}/hardened-workloads-runtime-lab}
# The image tag carries the recipe version: change "lab1" when the rootfs recipe changes.
export HW_RUNTIME_IMAGE=${HW_RUNTIME_IMAGE:-hardened-workloads/busybox:lab1}
export HW_DOCKER=/usr/bin/docker # Debian's client; another docker on PATH may be a newer CLI
export HW_DOCKER_COMPOSE=/usr/bin/docker-compose
export HW_PODMAN=/usr/bin/podman
export DEBIAN_FRONTEND=noninteractive
PACKAGES=(docker.io docker-compose busybox-static podman runc catatonit libcap2-bin gcc libc6-dev)

SETUP_ONLY=0
if [ "${1:-}" = "--setup-only" ]; then SETUP_ONLY=1; shift; fi

now_ms() { echo $(($(date +%s%N) / 1000000)); }
T_START=$(now_ms)
declare -a TIMINGS=()
phase_start() { PHASE=$1; PHASE_T0=$(now_ms); echo "== runtime-lab: $PHASE"; }
phase_end() {
  local ms=$(($(now_ms) - PHASE_T0))
  TIMINGS+=("$PHASE=${ms}ms")
  echo "== runtime-lab: $PHASE done in ${ms} ms${1:+ ($1)}"
}
print_timings() { echo "== runtime-lab timings: ${TIMINGS[*]:-none} total=$(($(now_ms) - T_START))ms"; }

skip() {
  echo "SKIPPED: runtime proof not run: $*" >&2
  echo "SKIPPED: this is NOT a pass; the runtime controls were not verified on this machine." >&2
  print_timings
  exit "$SKIP_STATUS"
}

# --- 0. can this machine run it at all? ----------------------------------------------------------
[ "$(uname -s)" = Linux ] || skip "needs Linux (this is $(uname -s))"
[ "$(id -u)" = 0 ] || skip "needs root (uid $(id -u)): it installs Debian packages and runs dockerd"
command -v node >/dev/null || skip "node is not on PATH"
mkdir -p "$RUNTIME_LAB_DIR"

# --- 1. packages ---------------------------------------------------------------------------------
phase_start install
missing=()
if command -v dpkg-query >/dev/null; then
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
else
  skip "no dpkg-query: not a Debian system, cannot check or install ${PACKAGES[*]}"
fi
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || skip "no apt-get to install missing packages: ${missing[*]}"
  echo "installing: ${missing[*]} (log: $RUNTIME_LAB_DIR/apt.log)"
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$RUNTIME_LAB_DIR/apt.log" 2>&1; then
    tail -n 20 "$RUNTIME_LAB_DIR/apt.log" >&2 || true
    skip "apt-get install failed for: ${missing[*]} (see $RUNTIME_LAB_DIR/apt.log)"
  fi
fi
for b in "$HW_DOCKER" "$HW_DOCKER_COMPOSE" "$HW_PODMAN" /usr/sbin/dockerd /bin/busybox /sbin/setcap; do
  [ -x "$b" ] || skip "$b missing after install"
done
phase_end "installed: ${missing[*]:-nothing}; docker.io $(dpkg-query -W -f='${Version}' docker.io), podman $(dpkg-query -W -f='${Version}' podman)"

# --- 2. dockerd, our own child, stopped by PID -----------------------------------------------------
DPID=
cleanup() {
  local rc=$?
  if [ -n "$DPID" ]; then
    echo "== runtime-lab: stopping dockerd pid $DPID"
    kill -TERM "$DPID" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$DPID" 2>/dev/null; then kill -KILL "$DPID" 2>/dev/null || true; fi
    wait "$DPID" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

phase_start daemon
if "$HW_DOCKER" info >/dev/null 2>&1; then
  phase_end "a docker daemon already answers; not starting or stopping one"
else
  # A pid file left by a killed run makes dockerd refuse to start when its pid was reused.
  if [ -f "$RUNTIME_LAB_DIR/dockerd.pid" ]; then
    old_pid=$(cat "$RUNTIME_LAB_DIR/dockerd.pid" 2>/dev/null || true)
    if [ -z "$old_pid" ] || [ "$(cat "/proc/$old_pid/comm" 2>/dev/null || true)" != dockerd ]; then
      rm -f "$RUNTIME_LAB_DIR/dockerd.pid"
    fi
  fi
  /usr/sbin/dockerd --pidfile "$RUNTIME_LAB_DIR/dockerd.pid" >"$RUNTIME_LAB_DIR/dockerd.log" 2>&1 &
  DPID=$!
  for _ in $(seq 1 240); do
    "$HW_DOCKER" info >/dev/null 2>&1 && break
    if ! kill -0 "$DPID" 2>/dev/null; then
      tail -n 30 "$RUNTIME_LAB_DIR/dockerd.log" >&2
      DPID=
      echo "FAILED: dockerd exited during start-up (log: $RUNTIME_LAB_DIR/dockerd.log)" >&2
      exit 1
    fi
    sleep 0.25
  done
  "$HW_DOCKER" info >/dev/null || { echo "FAILED: dockerd did not answer in 60 s" >&2; exit 1; }
  phase_end "dockerd started, pid $DPID"
fi

# --- 3. podman configuration for these VMs -------------------------------------------------------
# Root here lacks CAP_SYS_RESOURCE with a hard RLIMIT_NOFILE of 20000, so podman's default ulimits
# fail; Debian's crun refuses the hybrid cgroup layout, so pin runc. (`podman kube play` adds no
# implicit tmpfs on /tmp for a read-only root, unlike `podman run --read-only`: checked here.)
export CONTAINERS_CONF="$RUNTIME_LAB_DIR/containers.conf"
cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
CONF

# --- 4. local image for docker and podman (no registry) ------------------------------------------
phase_start image
imported=()
have_docker_img=0; have_podman_img=0
"$HW_DOCKER" image inspect "$HW_RUNTIME_IMAGE" >/dev/null 2>&1 && have_docker_img=1
"$HW_PODMAN" image exists "$HW_RUNTIME_IMAGE" && have_podman_img=1
if [ $have_docker_img = 0 ] || [ $have_podman_img = 0 ]; then
  R=$(mktemp -d)
  mkdir -p "$R"/{bin,etc,tmp,var/tmp,var/cache/app,proc,sys,dev,run}
  cp /bin/busybox "$R/bin/busybox"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$R/bin/$a"; done
  printf 'root:x:0:0::/root:/bin/sh\napp:x:10001:10001::/tmp:/bin/sh\n' >"$R/etc/passwd"
  printf 'root:x:0:\napp:x:10001:\n' >"$R/etc/group"
  chmod 755 "$R"; chmod 1777 "$R/tmp" "$R/var/tmp"
  tar --numeric-owner --owner=0 --group=0 -C "$R" -cf "$RUNTIME_LAB_DIR/rootfs.tar" .
  rm -rf "$R"
  # ENV PATH is required: `podman kube play`, unlike `docker run`, adds no default PATH.
  if [ $have_docker_img = 0 ]; then
    "$HW_DOCKER" import -c 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["/bin/sh"]' \
      "$RUNTIME_LAB_DIR/rootfs.tar" "$HW_RUNTIME_IMAGE" >/dev/null
    imported+=(docker)
  fi
  if [ $have_podman_img = 0 ]; then
    "$HW_PODMAN" import -q -c 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["/bin/sh"]' \
      "$RUNTIME_LAB_DIR/rootfs.tar" "$HW_RUNTIME_IMAGE" >/dev/null
    imported+=(podman)
  fi
fi
# A busybox copy named nc with a file capability, bind-mounted by the file-capability case: it shows
# what no-new-privileges does to file capabilities (the image itself has no file with capabilities).
export HW_FILECAP_DIR="$RUNTIME_LAB_DIR/filecap"
mkdir -p "$HW_FILECAP_DIR"
install -m 0755 /bin/busybox "$HW_FILECAP_DIR/nc"
/sbin/setcap cap_net_bind_service+ep "$HW_FILECAP_DIR/nc"
/sbin/getcap "$HW_FILECAP_DIR/nc" | grep -q cap_net_bind_service || {
  echo "FAILED: setcap did not put cap_net_bind_service on $HW_FILECAP_DIR/nc" >&2
  exit 1
}
# The syscall probe (test/runtime/syscall-probe.c), static, bind-mounted read-only by the seccomp cases:
# busybox has no applet that calls the keyring system calls the runtime default blocks.
export HW_SYSCALL_PROBE_DIR="$RUNTIME_LAB_DIR/syscall-probe"
mkdir -p "$HW_SYSCALL_PROBE_DIR"
gcc -static -O2 -o "$HW_SYSCALL_PROBE_DIR/syscall-probe" "$HERE/syscall-probe.c" || {
  echo "FAILED: cannot build the static syscall probe with gcc" >&2
  exit 1
}
phase_end "image $HW_RUNTIME_IMAGE; imported for: ${imported[*]:-none (already present)}; file-capability nc in $HW_FILECAP_DIR"

if [ "$SETUP_ONLY" = 1 ]; then
  print_timings
  echo "runtime-lab: setup only, tests not run"
  exit 0
fi

# --- 5. the runtime suite --------------------------------------------------------------------------
phase_start tests
cd "$ROOT"
export HW_LAB_TIMINGS="${TIMINGS[*]} (this run; tests not included)"
# A filtered run (extra jest arguments) must not overwrite the committed report with a part of it.
if [ $# -gt 0 ]; then export HW_REPORT_PATH="$RUNTIME_LAB_DIR/REPORT.md"; fi
# RUNTIME_JEST_JSON (set by .ci/run): also write jest's JSON result there, for the CI's counts.
json_args=()
if [ -n "${RUNTIME_JEST_JSON:-}" ]; then json_args=(--json --outputFile="$RUNTIME_JEST_JSON"); fi
set +e
node node_modules/jest/bin/jest.js --config test/runtime/jest.config.js --runInBand --verbose "${json_args[@]}" "$@"
rc=$?
set -e
phase_end "jest exit $rc"
print_timings
if [ "$rc" = 0 ]; then echo "runtime-lab: PASSED"; else echo "runtime-lab: FAILED (jest exit $rc)"; fi
exit "$rc"
