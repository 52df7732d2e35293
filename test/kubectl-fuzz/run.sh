#!/usr/bin/env bash
# kubectl reading tier (issue 27): the audit's reading of manifests held to kubectl's own.
#  1. the shipped WebAssembly modules rebuild byte for byte from their pinned sources
#     (scripts/build-wasm.sh --check);
#  2. the differential fuzzer: the fast path against the native build of the same decoder
#     (go/kubernetes-reader, same module versions), FUZZ_COUNT inputs (default 100000);
#  3. the oracle: the real kubectl (built from k8s.io/kubectl at the pinned version) reading the
#     red team's inputs with `kubectl create --dry-run=client -o json`, against the audit.
# Go comes from Debian (apt) when missing; modules from the Go module proxy into the shared caches.
#
# Usage: bash test/kubectl-fuzz/run.sh [extra jest args...]
#   KUBECTL_FUZZ_JEST_JSON=<file>  also write jest's --json result to <file> (used by .ci/run)
#   FUZZ_SEED, FUZZ_COUNT, FUZZ_ONLY  replay or size the fuzzer (see fast-path.fuzz.ts)
# Exit status: 0 passed, 1 failed, 77 SKIPPED (cannot run here: the caller must not count it as passed).
set -euo pipefail

SKIP_STATUS=77
started=$(date +%s)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${KUBECTL_FUZZ_CACHE:-/var/cache/hardened-workloads/kubectl-fuzz/v0.37.2}
export GOMODCACHE=${GOMODCACHE:-/var/cache/hardened-workloads/go/mod}
export GOCACHE=${GOCACHE:-/var/cache/hardened-workloads/go/build}
export GOFLAGS=-modcacherw

skip() {
  echo "SKIPPED: kubectl reading tier not run: $*" >&2
  echo "SKIPPED: this is NOT a pass; the fast path was not compared with kubectl's decoder." >&2
  exit "$SKIP_STATUS"
}

[ "$(uname -s)" = Linux ] || skip "needs Linux (this is $(uname -s))"
command -v node >/dev/null || skip "node is not on PATH"
if ! command -v go >/dev/null; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || skip "Go is missing and cannot be installed (needs root and apt-get)"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends golang-go >/dev/null || skip "apt-get install golang-go failed"
fi
mkdir -p "$CACHE" "$GOMODCACHE" "$GOCACHE" || skip "cannot create $CACHE"

# --- 1. reproducibility of the shipped modules ----------------------------------------------------
status=0
bash "$ROOT/scripts/build-wasm.sh" --check || status=1

# --- 2. the native decoder and kubectl -----------------------------------------------------------
(cd "$ROOT/go/kubernetes-reader" && nice -n 5 go build -mod=readonly -trimpath -o "$CACHE/kubernetes-reader-native" .) ||
  skip "the native decoder does not build (see above; is the module proxy reachable?)"
# Stamped with the version whose modules it is built from (kubectl's own release build stamps it too).
(cd "$HERE/kubectl" && nice -n 5 go build -mod=readonly -trimpath \
  -ldflags="-X k8s.io/component-base/version.gitVersion=v1.37.2 -X k8s.io/client-go/pkg/version.gitVersion=v1.37.2" \
  -o "$CACHE/kubectl" .) ||
  skip "kubectl does not build from k8s.io/kubectl (see above; is the module proxy reachable?)"
export FUZZ_KUBERNETES_READER="$CACHE/kubernetes-reader-native" ORACLE_KUBECTL="$CACHE/kubectl"
echo "kubectl-fuzz: native decoder and kubectl $("$ORACLE_KUBECTL" version --client -o json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).clientVersion.gitVersion)}catch{console.log("(version unknown)")}})') built ($(go version | cut -d' ' -f3))"

# --- 3. the fuzzer and the oracle ----------------------------------------------------------------
cd "$ROOT"
json_args=()
if [ -n "${KUBECTL_FUZZ_JEST_JSON:-}" ]; then json_args=(--json --outputFile="$KUBECTL_FUZZ_JEST_JSON"); fi
set +e
node node_modules/jest/bin/jest.js --config test/kubectl-fuzz/jest.config.js --runInBand --verbose "${json_args[@]}" "$@"
rc=$?
set -e
[ "$rc" = 0 ] || status=$rc
echo "kubectl-fuzz: finished in $(($(date +%s) - started)) s"
if [ "$status" = 0 ]; then echo "kubectl-fuzz: PASSED"; else echo "kubectl-fuzz: FAILED"; fi
exit "$status"
