#!/usr/bin/env bash
# Builds the shipped WebAssembly modules from go/<name>/ into wasm/<name>.wasm: a program with a
# main_js.go for GOOS=js (run by src/audit/wasm/go-wasm-module.ts), else one with a main_wasip1.go as a
# WASI reactor (GOOS=wasip1 -buildmode=c-shared, run by src/audit/wasm/wasi-reactor.ts: a reader
# that opens files, as compose-go does, gets the host's filesystem through node:wasi). Copies Go's
# JavaScript host (wasm_exec.js) beside them. Reproducible: a
# pinned Go toolchain, pinned module versions (go.sum), -trimpath, no VCS stamp, stripped.
# Go is needed only here (developers, CI); the npm package ships the built files.
#
# Usage: bash scripts/build-wasm.sh          rebuild wasm/ in place
#        bash scripts/build-wasm.sh --check  rebuild into a scratch directory and fail (exit 1)
#                                            if any byte differs from what is committed in wasm/
set -euo pipefail

# The toolchain the committed modules were built with: another Go version writes other bytes.
GO_TOOLCHAIN=go1.26.8
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export GOMODCACHE=${GOMODCACHE:-/var/cache/hardened-workloads/go/mod}
export GOCACHE=${GOCACHE:-/var/cache/hardened-workloads/go/build}
export GOFLAGS=-modcacherw GOTOOLCHAIN=$GO_TOOLCHAIN CGO_ENABLED=0 GOARCH=wasm

command -v go >/dev/null || { echo "build-wasm: Go is not on PATH (needed only to rebuild wasm/)" >&2; exit 2; }
check=false
[ "${1:-}" = --check ] && check=true
out="$ROOT/wasm"
if $check; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

cp "$(GOOS=js go env GOROOT)/lib/wasm/wasm_exec.js" "$out/wasm_exec.js"
for program in "$ROOT"/go/*/; do
  name=$(basename "$program")
  if [ -f "$program/main_js.go" ]; then
    (cd "$program" && GOOS=js go build -mod=readonly -trimpath -buildvcs=false -ldflags="-s -w -buildid=" -o "$out/$name.wasm" .)
  elif [ -f "$program/main_wasip1.go" ]; then
    (cd "$program" && GOOS=wasip1 go build -mod=readonly -buildmode=c-shared -trimpath -buildvcs=false \
      -ldflags="-s -w -buildid=" -o "$out/$name.wasm" .)
  else
    continue
  fi
  echo "build-wasm: $name.wasm $(wc -c <"$out/$name.wasm") bytes ($(go version | cut -d' ' -f3))"
done

if $check; then
  status=0
  for built in "$out"/*; do
    committed="$ROOT/wasm/$(basename "$built")"
    if ! cmp -s "$built" "$committed"; then
      echo "build-wasm: wasm/$(basename "$built") differs from a rebuild from the pinned sources: run npm run wasm:build and commit it" >&2
      status=1
    fi
  done
  [ "$status" = 0 ] && echo "build-wasm: the committed modules are exactly what the sources build"
  exit "$status"
fi
