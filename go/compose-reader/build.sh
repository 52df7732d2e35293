#!/usr/bin/env bash
# Builds wasm/compose-reader.wasm (what the npm package ships) from the pinned go.sum, reproducibly:
# -trimpath, no build ID, no symbol tables, no VCS stamp. The Go toolchain is part of the input:
# GO_VERSION below is the one the committed module was built with.
#
# Usage: go/compose-reader/build.sh           rebuild the committed module
#        go/compose-reader/build.sh --check   rebuild into a scratch file and fail if it differs
#        go/compose-reader/build.sh --native OUT   the native build of the same program (the oracle)
set -euo pipefail
GO_VERSION=go1.26.8
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export GOMODCACHE=${GOMODCACHE:-/var/cache/hardened-workloads/go/mod}
export GOCACHE=${GOCACHE:-/var/cache/hardened-workloads/go/build}
export GOFLAGS=-modcacherw GOTOOLCHAIN=$GO_VERSION CGO_ENABLED=0
have=$(go env GOVERSION)
[ "$have" = "$GO_VERSION" ] || { echo "compose-reader: needs $GO_VERSION (go env GOVERSION says $have)" >&2; exit 1; }
cd "$HERE"
build_wasm() {
  GOOS=wasip1 GOARCH=wasm nice -n 5 go build -mod=readonly -buildmode=c-shared -trimpath -buildvcs=false \
    -ldflags="-s -w -buildid=" -o "$1" .
}
case "${1:-}" in
  --check)
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    build_wasm "$scratch/compose-reader.wasm"
    if cmp -s "$scratch/compose-reader.wasm" "$ROOT/wasm/compose-reader.wasm"; then
      echo "compose-reader: wasm/compose-reader.wasm is the reproducible build of go/compose-reader ($(wc -c <"$ROOT/wasm/compose-reader.wasm") bytes)"
    else
      echo "compose-reader: wasm/compose-reader.wasm differs from a rebuild of go/compose-reader: run go/compose-reader/build.sh and commit" >&2
      exit 1
    fi
    ;;
  --native)
    nice -n 5 go build -mod=readonly -trimpath -buildvcs=false -o "$2" .
    ;;
  "")
    build_wasm "$ROOT/wasm/compose-reader.wasm"
    echo "compose-reader: wrote wasm/compose-reader.wasm ($(wc -c <"$ROOT/wasm/compose-reader.wasm") bytes)"
    ;;
  *) echo "usage: $0 [--check | --native OUT]" >&2; exit 2 ;;
esac
