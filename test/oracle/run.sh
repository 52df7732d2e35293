#!/usr/bin/env bash
# Differential tier (issue 10 item 5): the audit's readers against the real readers of the
# platform. Installs what is missing from Debian (Go, go-yaml, docker-compose for its Python), builds
# kubectl's own decoding (go/kubernetes-reader) and compose-go (go/compose-reader) natively from the Go
# module proxy, checks that the shipped wasm/ modules are the reproducible build of go/
# (scripts/build-wasm.sh --check), builds the seccomp decoder, then runs
# the jest suite test/oracle/**/*.oracle.ts (test/oracle/jest.config.js).
#
# Usage: bash test/oracle/run.sh [extra jest args...]
#   ORACLE_JEST_JSON=<file>  also write jest's --json result to <file> (used by .ci/run)
#   ORACLE_DIR=<dir>         scratch directory (default ${TMPDIR:-/tmp}/hardened-workloads-oracle)
# Exit status: 0 passed, 1 failed, 77 SKIPPED (cannot run here: the caller must not count it as passed).
set -euo pipefail

SKIP_STATUS=77
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ORACLE_DIR=${ORACLE_DIR:-${TMPDIR:-/tmp}/hardened-workloads-oracle}
export DEBIAN_FRONTEND=noninteractive
PACKAGES=(golang-go golang-k8s-sigs-yaml-dev golang-gopkg-yaml.v2-dev golang-gopkg-yaml.v3-dev docker-compose)

skip() {
  echo "SKIPPED: differential oracle tier not run: $*" >&2
  echo "SKIPPED: this is NOT a pass; the audit's reader was not compared with kubectl's and Compose's." >&2
  exit "$SKIP_STATUS"
}

[ "$(uname -s)" = Linux ] || skip "needs Linux (this is $(uname -s))"
command -v node >/dev/null || skip "node is not on PATH"
mkdir -p "$ORACLE_DIR"

# --- 1. packages -----------------------------------------------------------------------------------
command -v dpkg-query >/dev/null || skip "no dpkg-query: not a Debian system, cannot check ${PACKAGES[*]}"
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  [ "$(id -u)" = 0 ] || skip "needs root to install: ${missing[*]}"
  command -v apt-get >/dev/null || skip "no apt-get to install: ${missing[*]}"
  echo "oracle: installing ${missing[*]} (log: $ORACLE_DIR/apt.log)"
  if ! { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}"; } \
    >"$ORACLE_DIR/apt.log" 2>&1; then
    tail -n 20 "$ORACLE_DIR/apt.log" >&2 || true
    skip "apt-get install failed for: ${missing[*]} (see $ORACLE_DIR/apt.log)"
  fi
fi
command -v go >/dev/null || skip "go missing after install"
[ -d /usr/share/gocode/src/sigs.k8s.io/yaml ] || skip "sigs.k8s.io/yaml missing from /usr/share/gocode"
[ -x /usr/bin/docker-compose ] || skip "/usr/bin/docker-compose missing after install"

# --- 2. the Go oracles: the kubectl reader (Debian's libraries) and the seccomp decoder -----------
GOPATH_DIR="$ORACLE_DIR/gopath"
rm -rf "$GOPATH_DIR"
mkdir -p "$ORACLE_DIR/gocache"
# build_go <tool> <GOPATH> <what, for the skip message>: our test/oracle/<tool>/main.go, GOPATH mode.
build_go() {
  mkdir -p "$GOPATH_DIR/src/$1"
  cp "$HERE/$1/main.go" "$GOPATH_DIR/src/$1/main.go"
  if ! (cd "$GOPATH_DIR" && env GO111MODULE=off GOPATH="$2" GOPROXY=off GOFLAGS= \
    GOCACHE="$ORACLE_DIR/gocache" go build -o "$ORACLE_DIR/$1" "$1") >"$ORACLE_DIR/build-$1.log" 2>&1; then
    cat "$ORACLE_DIR/build-$1.log" >&2
    skip "$3 does not build (see above)"
  fi
}
# kubectl's own decoding (apimachinery + sigs.k8s.io/yaml at kubectl v1.37.2's versions, from the module
# proxy into the shared caches): the native build of the module shipped as wasm/kubernetes-reader.wasm.
if ! (cd "$ROOT/go/kubernetes-reader" && env GOMODCACHE="${GOMODCACHE:-/var/cache/hardened-workloads/go/mod}" \
  GOCACHE="${GOCACHE:-/var/cache/hardened-workloads/go/build}" GOFLAGS=-modcacherw \
  go build -mod=readonly -trimpath -o "$ORACLE_DIR/kubectl-reader" .) >"$ORACLE_DIR/build-kubectl-reader.log" 2>&1; then
  cat "$ORACLE_DIR/build-kubectl-reader.log" >&2
  skip "go/kubernetes-reader does not build (is the Go module proxy reachable?)"
fi
export ORACLE_KUBECTL_READER="$ORACLE_DIR/kubectl-reader"
# The engine's seccomp profile decoding (standard library only).
build_go seccomp-decoder "$GOPATH_DIR" "the Go seccomp decoder"
export ORACLE_SECCOMP_DECODER="$ORACLE_DIR/seccomp-decoder"
export ORACLE_DOCKER_COMPOSE=/usr/bin/docker-compose
# compose-go (go/compose-reader): the native build of the same program and module versions as the
# shipped WebAssembly module is the Compose oracle; every shipped module must be the reproducible
# build of its sources (scripts/build-wasm.sh --check).
if ! (cd "$ROOT/go/compose-reader" && env GOMODCACHE="${GOMODCACHE:-/var/cache/hardened-workloads/go/mod}" \
  GOCACHE="${GOCACHE:-/var/cache/hardened-workloads/go/build}" GOFLAGS=-modcacherw GOTOOLCHAIN=go1.26.8 CGO_ENABLED=0 \
  nice -n 5 go build -mod=readonly -trimpath -buildvcs=false -o "$ORACLE_DIR/compose-reader" .) \
  >"$ORACLE_DIR/build-compose-reader.log" 2>&1; then
  cat "$ORACLE_DIR/build-compose-reader.log" >&2
  if grep -qiE 'dial tcp|proxy.golang.org|no such host|toolchain' "$ORACLE_DIR/build-compose-reader.log"; then
    skip "go/compose-reader cannot be built: the Go module proxy or toolchain is unreachable (see above)"
  fi
  echo "oracle: FAILED: go/compose-reader does not build (see above)" >&2
  exit 1
fi
export ORACLE_COMPOSE_READER="$ORACLE_DIR/compose-reader"
if ! bash "$ROOT/scripts/build-wasm.sh" --check; then
  echo "oracle: FAILED: the shipped wasm/ modules are not the reproducible build of go/ (npm run wasm:build)" >&2
  exit 1
fi
echo "oracle: kubectl reader built ($(go version | cut -d' ' -f3), go/kubernetes-reader: apimachinery and sigs.k8s.io/yaml as kubectl v1.37.2 pins); docker-compose $(dpkg-query -W -f='${Version}' docker-compose)"

# --- 3. the differential suite ---------------------------------------------------------------------
cd "$ROOT"
json_args=()
if [ -n "${ORACLE_JEST_JSON:-}" ]; then json_args=(--json --outputFile="$ORACLE_JEST_JSON"); fi
set +e
node node_modules/jest/bin/jest.js --config test/oracle/jest.config.js --runInBand --verbose "${json_args[@]}" "$@"
rc=$?
set -e
if [ "$rc" = 0 ]; then echo "oracle: PASSED"; else echo "oracle: FAILED (jest exit $rc)"; fi
exit "$rc"
