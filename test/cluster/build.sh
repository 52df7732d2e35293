#!/usr/bin/env bash
# Builds the cluster tier's control plane from the Go module proxy: etcd (go/control-plane/etcd) and
# kube-apiserver at one Kubernetes minor (go/control-plane/kube-apiserver-<minor>), into
# /var/cache/hardened-workloads/cluster/<version>/. A binary whose module (go.mod + go.sum) has not changed
# since it was built is reused: a warm run builds nothing.
#
# Usage: bash test/cluster/build.sh [minor]        (minor: 1.37 by default, or 1.34)
# Prints the two binaries' paths as `ETCD=<path>` and `KUBE_APISERVER=<path>` on its last two lines.
# Exit status: 0 built or reused, 1 a build failed (its log is printed).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MINOR=${1:-1.37}
CACHE=${CLUSTER_CACHE:-/var/cache/hardened-workloads/cluster}
export GOMODCACHE=${GOMODCACHE:-/var/cache/hardened-workloads/go/mod}
export GOCACHE=${GOCACHE:-/var/cache/hardened-workloads/go/build}
export GOFLAGS=-modcacherw

command -v go >/dev/null || { echo "cluster build: go is not on PATH: install Go 1.26 (apt-get install golang-go or go.dev/dl)" >&2; exit 1; }

# build <module dir> <package> <module path whose required version names the cache folder> <binary>
build() {
  local dir=$1 package=$2 versioned=$3 binary=$4
  [ -f "$dir/go.mod" ] || { echo "cluster build: no module at $dir (minors with a module: $(cd "$ROOT/go/control-plane" && ls -d kube-apiserver-* | sed 's/kube-apiserver-//' | tr '\n' ' '))" >&2; exit 1; }
  local version
  version=$(sed -nE "s#^(require )?[[:space:]]*${versioned//./\\.} (v[^ ]+).*#\2#p" "$dir/go.mod" | head -n 1)
  [ -n "$version" ] || { echo "cluster build: $dir/go.mod requires no $versioned" >&2; exit 1; }
  # kube-apiserver in <cache>/1.37.2/, etcd in <cache>/etcd-3.6.13/.
  local out="$CACHE/${version#v}"
  [ "$binary" = kube-apiserver ] || out="$CACHE/$binary-${version#v}"
  local stamp
  stamp=$( (cat "$dir/go.mod" "$dir/go.sum" "$dir"/*.go 2>/dev/null; echo "ldflags v1") | sha256sum | cut -d' ' -f1)
  if [ -x "$out/$binary" ] && [ "$(cat "$out/.$binary.module-sha256" 2>/dev/null)" = "$stamp" ]; then
    echo "cluster build: $binary ${version} reused from $out" >&2
  else
    mkdir -p "$out"
    echo "cluster build: building $binary ${version} (log: $out/$binary.build.log)" >&2
    local start=$SECONDS
    local ldflags=()
    if [ "$binary" = kube-apiserver ]; then
      # What `make` stamps: without it the server reports v0.0.0-master and clients cannot tell its minor.
      local minor=${version#v1.}
      minor=${minor%%.*}
      local v=k8s.io/component-base/version
      ldflags=(-ldflags "-X $v.gitVersion=$version -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean")
    fi
    if ! (cd "$dir" && nice -n 5 go build -trimpath "${ldflags[@]}" -o "$out/$binary.new" "$package") >"$out/$binary.build.log" 2>&1; then
      tail -n 40 "$out/$binary.build.log" >&2
      echo "cluster build: FAILED to build $binary ${version} from $dir (full log: $out/$binary.build.log)" >&2
      exit 1
    fi
    mv "$out/$binary.new" "$out/$binary"
    echo "$stamp" >"$out/.$binary.module-sha256"
    echo "cluster build: built $binary ${version} in $((SECONDS - start)) s" >&2
  fi
  echo "$out/$binary"
}

etcd=$(build "$ROOT/go/control-plane/etcd" . go.etcd.io/etcd/server/v3 etcd)
apiserver=$(build "$ROOT/go/control-plane/kube-apiserver-$MINOR" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes kube-apiserver)
echo "ETCD=$etcd"
echo "KUBE_APISERVER=$apiserver"
