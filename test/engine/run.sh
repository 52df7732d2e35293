#!/usr/bin/env bash
# Engine tier (issue 24): Pulumi programs run by the real Pulumi engine and Kubernetes provider against the real
# API server of the cluster tier. Builds or reuses the engine (npm run engine:tools, from the Go module proxy,
# cached under /var/cache/hardened-workloads/engine), brings the cluster up (npm run cluster:up), runs the jest
# suite test/engine/**/*.engine.ts (test/engine/jest.config.js) and takes the cluster down.
#
# Usage: bash test/engine/run.sh [extra jest args...]
#   ENGINE_JEST_JSON=<file>  also write jest's --json result to <file> (used by .ci/run)
#   ENGINE_DIR=<dir>         scratch directory (default ${TMPDIR:-/tmp}/hardened-workloads-engine)
# Exit status: 0 passed, 1 failed, 77 SKIPPED (cannot run here: the caller must not count it as passed).
set -euo pipefail

SKIP_STATUS=77
START=$SECONDS
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ENGINE_DIR=${ENGINE_DIR:-${TMPDIR:-/tmp}/hardened-workloads-engine}

skip() {
  echo "SKIPPED: engine tier not run: $*" >&2
  echo "SKIPPED: this is NOT a pass; no Pulumi program ran under the real engine." >&2
  echo "engine: elapsed $((SECONDS - START)) s"
  exit "$SKIP_STATUS"
}

[ "$(uname -s)" = Linux ] || skip "needs Linux (this is $(uname -s))"
command -v node >/dev/null || skip "node is not on PATH"
command -v go >/dev/null || skip "go is not on PATH (the engine is built from the Go module proxy)"
cd "$ROOT"
node -e 'process.exit(require("./package.json").scripts["cluster:up"] ? 0 : 1)' ||
  skip "this branch has no cluster tier (npm run cluster:up): there is no API server to deploy into"
mkdir -p "$ENGINE_DIR/bin"

# --- 1. the engine: CLI and Kubernetes provider, built from the Go module proxy ---------------------
if ! tools=$(bash scripts/engine-tools.sh); then
  echo "engine: the engine tools do not build (see above)" >&2
  echo "engine: elapsed $((SECONDS - START)) s"
  exit 1
fi
echo "$tools"
ENGINE_PULUMI_ROOT=$(sed -n 's/^PULUMI_ROOT=//p' <<<"$tools")
provider=$(sed -n 's/^PULUMI_KUBERNETES_PROVIDER=//p' <<<"$tools")
# The policy analyzer for a Node.js pack when no Node.js language host is installed: the engine runs
# pulumi-analyzer-policy-nodejs <engine address> . in the pack's directory. This is Pulumi's own
# pulumi-analyzer-policy script, pointed at this repository's @pulumi/pulumi.
ln -sf "$provider" "$ENGINE_DIR/bin/pulumi-resource-kubernetes"
cat >"$ENGINE_DIR/bin/pulumi-analyzer-policy-nodejs" <<SCRIPT
#!/bin/sh
exec node "$ROOT/node_modules/@pulumi/pulumi/cmd/run-policy-pack" "\$@"
SCRIPT
chmod +x "$ENGINE_DIR/bin/pulumi-analyzer-policy-nodejs"
export ENGINE_PULUMI_ROOT ENGINE_PROVIDER_DIR="$ENGINE_DIR/bin" ENGINE_POLICY_PACK="$HERE/policy-pack"

# --- 2. lib/ (the programs and the policy pack use the built package) ---------------------------------
[ -f lib/pulumi/kubernetes/index.js ] || npm run --silent build

# --- 3. the cluster --------------------------------------------------------------------------------
if ! npm run --silent cluster:up >"$ENGINE_DIR/cluster-up.log" 2>&1; then
  tail -n 40 "$ENGINE_DIR/cluster-up.log" >&2
  echo "engine: npm run cluster:up failed (log: $ENGINE_DIR/cluster-up.log)" >&2
  echo "engine: elapsed $((SECONDS - START)) s"
  exit 1
fi
trap 'npm run --silent cluster:down >/dev/null 2>&1 || true' EXIT
export ENGINE_KUBECONFIG="$ROOT/.cluster/kubeconfig"
[ -s "$ENGINE_KUBECONFIG" ] || { echo "engine: cluster:up wrote no $ENGINE_KUBECONFIG" >&2; exit 1; }

# --- 4. the suite ----------------------------------------------------------------------------------
json_args=()
if [ -n "${ENGINE_JEST_JSON:-}" ]; then json_args=(--json --outputFile="$ENGINE_JEST_JSON"); fi
set +e
node node_modules/jest/bin/jest.js --config test/engine/jest.config.js --runInBand --verbose "${json_args[@]}" "$@"
rc=$?
set -e
if [ "$rc" = 0 ]; then echo "engine: PASSED"; else echo "engine: FAILED (jest exit $rc)"; fi
echo "engine: elapsed $((SECONDS - START)) s"
exit "$rc"
