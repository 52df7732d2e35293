#!/usr/bin/env bash
# Adoption tier (issue 25): the CLI on what real Helm and kustomize render. Builds helm
# (helm.sh/helm/v4) and kustomize (sigs.k8s.io/kustomize/kustomize/v5) from the Go module proxy into
# /var/cache/hardened-workloads/tools/<tool>-<version>/ (once per version), then runs the jest suite
# test/adoption/*.adoption.ts, which pipes `helm template` and `kustomize build` of the fixtures
# into `hardened-workloads audit -`. The package itself never needs either binary.
#
# Usage: bash test/adoption/run.sh [extra jest args...]
#   ADOPTION_JEST_JSON=<file>  also write jest's --json result to <file> (used by .ci/run)
# Exit status: 0 passed, 1 failed, 77 SKIPPED (cannot run here: the caller must not count it as passed).
set -euo pipefail

SKIP_STATUS=77
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
start=$(date +%s)

skip() {
  echo "SKIPPED: adoption tier not run: $*" >&2
  echo "SKIPPED: this is NOT a pass; the audit was not run on real helm and kustomize output." >&2
  exit "$SKIP_STATUS"
}

command -v node >/dev/null || skip "node is not on PATH"
command -v go >/dev/null || skip "go is not on PATH (helm and kustomize are built from the Go module proxy)"
[ -f "$ROOT/lib/cli/main.js" ] || (cd "$ROOT" && npm run build --silent)

set +e
tools=$(bash "$HERE/build-tools.sh" 2>"${TMPDIR:-/tmp}/hardened-workloads-adoption-build.log")
build_rc=$?
set -e
if [ "$build_rc" = 77 ]; then skip "go is not installed"; fi
if [ "$build_rc" != 0 ]; then
  tail -n 30 "${TMPDIR:-/tmp}/hardened-workloads-adoption-build.log" >&2
  # The module proxy unreachable is a machine that cannot run the tier; anything else is a failure.
  if grep -qE 'dial tcp|no such host|i/o timeout|connection refused' "${TMPDIR:-/tmp}/hardened-workloads-adoption-build.log"; then
    skip "the Go module proxy is not reachable"
  fi
  echo "adoption: building helm/kustomize FAILED" >&2
  exit 1
fi
ADOPTION_HELM=$(sed -n 1p <<<"$tools")
ADOPTION_KUSTOMIZE=$(sed -n 2p <<<"$tools")
export ADOPTION_HELM ADOPTION_KUSTOMIZE
echo "adoption: $("$ADOPTION_HELM" version --short 2>/dev/null || echo helm), kustomize $("$ADOPTION_KUSTOMIZE" version 2>/dev/null || true)"

cd "$ROOT"
json_args=()
if [ -n "${ADOPTION_JEST_JSON:-}" ]; then json_args=(--json --outputFile="$ADOPTION_JEST_JSON"); fi
set +e
node node_modules/jest/bin/jest.js --config test/adoption/jest.config.js --runInBand --verbose "${json_args[@]}" "$@"
rc=$?
set -e
echo "adoption: elapsed $(($(date +%s) - start)) s"
if [ "$rc" = 0 ]; then echo "adoption: PASSED"; else echo "adoption: FAILED (jest exit $rc)"; fi
exit "$rc"
