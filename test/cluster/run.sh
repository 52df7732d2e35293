#!/usr/bin/env bash
# Cluster tier (issue 21): the generated admission policies on a real kube-apiserver with etcd, at each
# Kubernetes minor of CLUSTER_MINORS (default "1.37 1.34"). For each minor: builds or reuses the control
# plane (test/cluster/build.sh: Go module proxy, caches under /var/cache/hardened-workloads), starts it on
# loopback (test/cluster/control-plane.ts), runs the jest suite test/cluster/**/*.cluster.ts against it,
# and stops it.
#
# Usage: bash test/cluster/run.sh [extra jest args...]
#   CLUSTER_JEST_JSON=<file>  write jest's --json result to <file> (one minor) or <file>.<minor> merged
#                             into <file> (several minors) (used by .ci/run)
#   CLUSTER_MINORS="1.37"     the minors to run
# Exit status: 0 passed, 1 failed (a build, a start or a test), 77 SKIPPED (no Go, not Linux, no openssl).
set -euo pipefail

SKIP_STATUS=77
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MINORS=${CLUSTER_MINORS:-1.37 1.34}
start_all=$SECONDS

skip() {
  echo "SKIPPED: cluster tier not run: $*" >&2
  echo "SKIPPED: this is NOT a pass; no policy was checked by a real API server." >&2
  exit "$SKIP_STATUS"
}
[ "$(uname -s)" = Linux ] || skip "needs Linux (this is $(uname -s))"
command -v node >/dev/null || skip "node is not on PATH"
command -v go >/dev/null || skip "go is not on PATH (Go 1.26 builds etcd and kube-apiserver from the module proxy)"
command -v openssl >/dev/null || skip "openssl is not on PATH (it generates the control plane's certificates)"

cd "$ROOT"
rc=0
broken=0
results=()
for minor in $MINORS; do
  echo "cluster: Kubernetes $minor"
  build_start=$SECONDS
  if ! bash "$HERE/build.sh" "$minor" >/dev/null; then
    echo "cluster: FAILED: the control plane for $minor did not build (see above)" >&2
    rc=1
    broken=$((broken + 1))
    continue
  fi
  echo "cluster: control plane $minor built or reused in $((SECONDS - build_start)) s"
  # A fresh control plane (empty etcd) for each run: the suites create fixed names.
  node node_modules/tsx/dist/cli.mjs test/cluster/control-plane.ts down >/dev/null || true
  if ! CLUSTER_MINOR=$minor node node_modules/tsx/dist/cli.mjs test/cluster/control-plane.ts up; then
    echo "cluster: FAILED: the control plane for $minor did not start (see above)" >&2
    rc=1
    broken=$((broken + 1))
    continue
  fi
  json_args=()
  if [ -n "${CLUSTER_JEST_JSON:-}" ]; then
    json_args=(--json --outputFile="$CLUSTER_JEST_JSON.$minor")
    results+=("$CLUSTER_JEST_JSON.$minor")
  fi
  set +e
  CLUSTER_MINOR=$minor node node_modules/jest/bin/jest.js --config test/cluster/jest.config.js --runInBand --verbose "${json_args[@]}" "$@"
  jest_rc=$?
  set -e
  node node_modules/tsx/dist/cli.mjs test/cluster/control-plane.ts down || true
  if [ "$jest_rc" = 0 ]; then echo "cluster: $minor PASSED"; else echo "cluster: $minor FAILED (jest exit $jest_rc)"; rc=1; fi
done

# One result file for .ci/run: the minors' results summed.
if [ -n "${CLUSTER_JEST_JSON:-}" ]; then
  node -e '
    const fs = require("fs");
    const [out, broken, ...files] = process.argv.slice(1);
    // A minor whose control plane did not build or start counts as one failed test.
    const merged = { numPassedTests: 0, numFailedTests: Number(broken), numPendingTests: 0, numTodoTests: 0, testResults: [] };
    for (const file of files) {
      if (!fs.existsSync(file)) continue;
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      for (const k of ["numPassedTests", "numFailedTests", "numPendingTests", "numTodoTests"]) merged[k] += r[k];
      merged.testResults.push(...r.testResults);
    }
    fs.writeFileSync(out, JSON.stringify(merged));
  ' "$CLUSTER_JEST_JSON" "$broken" "${results[@]}"
fi
echo "cluster: elapsed $((SECONDS - start_all)) s"
exit "$rc"
