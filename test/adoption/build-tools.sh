#!/usr/bin/env bash
# Builds the real helm and kustomize binaries from the Go module proxy into the shared cache, once per
# version: /var/cache/hardened-workloads/tools/<tool>-<version>/<tool>. Prints the two paths.
# The package never needs them: only the adoption tier pipes their output into the CLI.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v4.3.2}"
KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.8.3}"
CACHE="${HARDENED_WORKLOADS_CACHE:-/var/cache/hardened-workloads}"
export GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build" GOFLAGS=-modcacherw
export CGO_ENABLED=0

build() { # <tool> <module path of its main package> <version>
  local tool="$1" module="$2" version="$3" dir="$CACHE/tools/$1-$3"
  if [ ! -x "$dir/$tool" ]; then
    mkdir -p "$dir.tmp"
    # A module that needs a newer Go than the machine's names it in its go.mod: GOTOOLCHAIN=auto fetches it.
    GOBIN="$dir.tmp" GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" nice -n 5 go install "$module@$version" >&2
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  echo "$dir/$tool"
}

command -v go >/dev/null || { echo "go is not installed" >&2; exit 77; }
build helm helm.sh/helm/v4/cmd/helm "$HELM_VERSION"
build kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
