#!/usr/bin/env bash
# Builds (or reuses) the Pulumi engine the engine tier runs, from the Go module proxy only, cached by version
# under $ENGINE_CACHE (default /var/cache/hardened-workloads/engine):
#   <cache>/pulumi-<v>/bin/pulumi                         the Pulumi CLI and engine (go/pulumi-cli)
#   <cache>/kubernetes-<v>/bin/pulumi-resource-kubernetes the Kubernetes provider (go/pulumi-kubernetes)
# and prints one KEY=value line per tool on stdout (progress goes to stderr), so callers can `eval` it.
# Nothing is downloaded but Go modules: providers are installed from these files, never from the network.
#
# Not built, because the Go module proxy does not serve the module (checked with `go list -m -versions`):
#   - the Node.js language host, github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3: the engine
#     tier runs programs through @pulumi/pulumi's Automation API, whose in-process language runtime the CLI
#     connects to with `--client` (the SDK's own LanguageServer; no separate language host binary is needed);
#   - the Docker provider, github.com/pulumi/pulumi-docker/provider/v4 and /v5.
# Exit status: 0 built or reused; 1 a build failed (its log is printed).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ENGINE_CACHE=${ENGINE_CACHE:-/var/cache/hardened-workloads/engine}
export GOMODCACHE=${GOMODCACHE:-/var/cache/hardened-workloads/go/mod}
export GOCACHE=${GOCACHE:-/var/cache/hardened-workloads/go/build}
export GOFLAGS=${GOFLAGS:--modcacherw}

# The versions are those the wrapper modules pin in go.mod (so go.sum is the single source of truth).
module_version() { (cd "$ROOT/go/$1" && go list -m -f '{{.Version}}' "$2"); }

# build <name> <module dir> <output binary> [go build args...]: builds into a temporary file and renames it, so
# an interrupted build never leaves a binary that looks cached; prints the cold build time.
build() {
  local name=$1 dir=$2 out=$3
  shift 3
  if [ -x "$out" ]; then
    echo "engine-tools: $name reused: $out" >&2
    return
  fi
  mkdir -p "$(dirname "$out")"
  echo "engine-tools: building $name (cold builds take many minutes on 2 cores) ..." >&2
  local start=$SECONDS log
  log="$(dirname "$out")/build.log"
  if ! (cd "$ROOT/go/$dir" && nice -n 5 go build -trimpath "$@" -o "$out.tmp" ) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "engine-tools: building $name failed (log: $log)" >&2
    exit 1
  fi
  mv "$out.tmp" "$out"
  echo "engine-tools: built $name in $((SECONDS - start)) s: $out" >&2
  echo "cold build: $((SECONDS - start)) s" >>"$log"
}

command -v go >/dev/null || { echo "engine-tools: go is not on PATH" >&2; exit 1; }

pulumi_version=$(module_version pulumi-cli github.com/pulumi/pulumi/pkg/v3)
pulumi_root="$ENGINE_CACHE/pulumi-${pulumi_version#v}"
# The release build stamps the version (`pulumi version`, which the Automation API reads) with this -X flag.
build "pulumi $pulumi_version" pulumi-cli "$pulumi_root/bin/pulumi" \
  -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pulumi_version" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

k8s_module=github.com/pulumi/pulumi-kubernetes/provider/v4
k8s_version=$(module_version pulumi-kubernetes "$k8s_module")
k8s_plugin_version=${k8s_version#v}
k8s_bin="$ENGINE_CACHE/kubernetes-$k8s_plugin_version/bin/pulumi-resource-kubernetes"
if [ ! -x "$k8s_bin" ]; then
  # The provider's generated embed files are absent from its module (see go/pulumi-kubernetes/main.go): map
  # them onto the schema.json and terraform-mapping.json the module ships.
  k8s_src="$(cd "$ROOT/go/pulumi-kubernetes" && go mod download -json "$k8s_module" | node -e \
    'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).Dir))')/cmd/pulumi-resource-kubernetes"
  overlay=$(mktemp)
  trap 'rm -f "$overlay"' EXIT
  wrapper="$ROOT/go/pulumi-kubernetes"
  printf '{"Replace":{"%s/schema-embed.json":"%s/schema.json","%s/terraform-mapping-embed.json":"%s/terraform-mapping.json"}}\n' \
    "$wrapper" "$k8s_src" "$wrapper" "$k8s_src" >"$overlay"
  build "pulumi-resource-kubernetes $k8s_plugin_version" pulumi-kubernetes "$k8s_bin" -overlay "$overlay" \
    -ldflags "-X $k8s_module/pkg/version.Version=$k8s_plugin_version" .
else
  echo "engine-tools: pulumi-resource-kubernetes $k8s_plugin_version reused: $k8s_bin" >&2
fi

echo "PULUMI_ROOT=$pulumi_root"
echo "PULUMI_VERSION=${pulumi_version#v}"
echo "PULUMI_KUBERNETES_PROVIDER=$k8s_bin"
echo "PULUMI_KUBERNETES_PROVIDER_VERSION=$k8s_plugin_version"
echo "PULUMI_LANGUAGE_HOST=automation-api (pulumi-language-nodejs/v3 is not served by the Go module proxy)"
echo "PULUMI_DOCKER_PROVIDER=not built (pulumi-docker/provider/v4 and /v5 are not served by the Go module proxy)"
