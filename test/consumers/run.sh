#!/usr/bin/env bash
# Consumer tier (issue 15): the package as a new user gets it. Packs the tarball, installs it from the
# file into fresh projects shaped like the ones users start from, with the hosts from npm, and checks:
#   - the tarball: no source map without its source, every bare import of a shipped .d.ts is a
#     dependency or a peer, `typesVersions` mirrors `exports`, nothing outside lib/, bin/ and docs;
#   - cdk8s: the cdk8s-cli `typescript-app` template's tsconfig as written (no skipLibCheck) under
#     TypeScript 5.9 (Node10 resolution) and TypeScript 7 (Bundler resolution), `cdk8s synth` with
#     the package's validation plugin in cdk8s.yaml, and a refused app whose error points at its file;
#   - Pulumi: the template's tsconfig of today (nodenext) and before March 2026 (commonjs + node),
#     plus bundler resolution, under TypeScript 5.9 (@pulumi/pulumi 3.248 refuses 7), the program run
#     under pulumi.runtime.setMocks with the CrossGuard policies applied to what it registered;
#   - isolation: a cdk8s-only install has no @pulumi/* package, a Pulumi-only install no cdk8s.
#
# Usage: bash test/consumers/run.sh
#   CONSUMER_DIR=<dir>   scratch directory, kept afterwards (default: a temporary one, removed)
#   npm_config_cache     the one npm cache every install shares (default: npm's own)
#   CONSUMER_PREBUILT=1  lib/ is fresh (.ci/run after `npm ci`): pack without running the build again
# Prints one line per check and ends with "N passed, N failed". Exit status: 0 passed, 1 failed,
# 77 SKIPPED (the npm registry cannot be reached: the caller must not count it as passed).
set -uo pipefail

SKIP_STATUS=77
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
START=$(date +%s)

# Host versions: the ones that install together on Node 20 (shared/notes/ECOSYSTEM.md).
CDK8S_PACKAGES=(cdk8s@^2.70 cdk8s-plus-28@^2.5.6 constructs@^10.8)
CDK8S_DEV_PACKAGES=(cdk8s-cli@^2.207 ts-node@^10 @types/node@^14 typescript@~5.9) # the template's devDependencies
PULUMI_PACKAGES=(@pulumi/pulumi@3.248.0 @pulumi/kubernetes@^4.34 @pulumi/docker@^5.2 @pulumi/policy@^1.21)
PULUMI_DEV_PACKAGES=(@types/node@^18 typescript@~5.9) # the template's devDependencies
TYPESCRIPT_7=typescript@^7

skip() {
  echo "SKIPPED: consumer tier not run: $*" >&2
  echo "SKIPPED: this is NOT a pass; the package was not tried in consumer projects." >&2
  exit "$SKIP_STATUS"
}

command -v node >/dev/null || skip "node is not on PATH"
command -v npm >/dev/null || skip "npm is not on PATH"
npm ping --fetch-retries=0 --fetch-timeout=30000 >/dev/null 2>&1 || skip "the npm registry ($(npm config get registry)) cannot be reached"

if [ -n "${CONSUMER_DIR:-}" ]; then
  WORK=$CONSUMER_DIR
  rm -rf "$WORK"
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/hardened-workloads-consumers.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/logs"
export npm_config_cache=${npm_config_cache:-$(npm config get cache)}
export npm_config_update_notifier=false
INSTALL=(npm install --no-audit --no-fund --loglevel=error)

passed=0
failed=0

# check NAME COMMAND...: runs the command with its output in a log; prints the log's tail on failure.
check() {
  local name=$1
  shift
  local log
  log="$WORK/logs/$(echo "$name" | tr -c 'A-Za-z0-9.-' '_').log"
  local t0
  t0=$(date +%s)
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $name ($(($(date +%s) - t0)) s)"
    return 0
  fi
  failed=$((failed + 1))
  echo "FAIL $name ($(($(date +%s) - t0)) s); the end of its log ($log):"
  tail -n 40 "$log" | sed 's/^/     | /'
  return 1
}

# not_run NAME REASON: a check that could not run because an earlier step failed counts as failed.
not_run() {
  failed=$((failed + 1))
  echo "FAIL $1 (not run: $2)"
}

# no_skip_lib_check TSCONFIG: the project checks every declaration, as the templates do.
no_skip_lib_check() {
  if npx --no-install tsc -p "$1" --showConfig | grep -q '"skipLibCheck": true'; then
    echo "$1 sets skipLibCheck: the declarations would not be checked"
    return 1
  fi
  [ ! -e node_modules/@types/js-yaml ] || { echo "@types/js-yaml is installed: a missing one would go unseen"; return 1; }
}

# tsc_resolving KIND TSC_ARGS...: runs tsc once, with its resolution trace, and fails unless it
# compiles and the trace says the package's subpaths were resolved the KIND way (Node10, Bundler,
# NodeNext): a row of the matrix is what it claims to be.
tsc_resolving() {
  local kind=$1
  shift
  npx --no-install tsc "$@" --traceResolution >"$WORK/trace.txt" 2>&1
  local rc=$?
  grep -E "error TS|resolution kind|'hardened-workloads[a-z/]*' was (successfully|not) resolved" "$WORK/trace.txt" |
    sort | uniq -c | head -40
  [ "$rc" -eq 0 ] || return 1
  grep -q "'hardened-workloads/[a-z/]*' was successfully resolved" "$WORK/trace.txt" &&
    grep -Eq "(Module resolution kind is not specified, using|Explicitly specified module resolution kind:) '$kind'" "$WORK/trace.txt"
}

# --- the tarball ------------------------------------------------------------------------------------
pack() {
  local scripts=()
  [ "${CONSUMER_PREBUILT:-0}" = 1 ] && scripts=(--ignore-scripts)
  (cd "$ROOT" && npm pack "${scripts[@]}" --pack-destination "$WORK" --json >"$WORK/pack.json") || return 1
  TARBALL="$WORK/$(node -e 'console.log(require(process.argv[1])[0].filename)' "$WORK/pack.json")"
  echo "packed $TARBALL ($(du -k "$TARBALL" | cut -f1) KiB)"
}
TARBALL=
if check "npm pack$([ "${CONSUMER_PREBUILT:-0}" = 1 ] || echo ' (runs the build)')" pack; then
  TARBALL="$WORK/$(node -e 'console.log(require(process.argv[1])[0].filename)' "$WORK/pack.json")"
fi
VERSION=$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")

# --- installs: the two host projects in parallel, then TypeScript 7 in a copy of the cdk8s one -------
new_project() {
  mkdir -p "$1"
  printf '{\n  "name": "%s",\n  "version": "1.0.0",\n  "private": true\n}\n' "$(basename "$1")" >"$1/package.json"
}
CDK8S=$WORK/cdk8s-app
CDK8S7=$WORK/cdk8s-app-ts7
PULUMI=$WORK/pulumi-app
cdk8s_ok=0
pulumi_ok=0
cdk8s7_ok=0
if [ -n "$TARBALL" ]; then
  new_project "$CDK8S"
  new_project "$PULUMI"
  # One resolution per project: the template's devDependencies go in with the rest.
  install_cdk8s() {
    (cd "$CDK8S" && "${INSTALL[@]}" "$TARBALL" "${CDK8S_PACKAGES[@]}" "${CDK8S_DEV_PACKAGES[@]}")
  }
  install_pulumi() {
    (cd "$PULUMI" && "${INSTALL[@]}" "$TARBALL" "${PULUMI_PACKAGES[@]}" "${PULUMI_DEV_PACKAGES[@]}")
  }
  check "install: cdk8s project (${CDK8S_PACKAGES[*]})" install_cdk8s &
  cdk8s_job=$!
  check "install: Pulumi project (${PULUMI_PACKAGES[*]})" install_pulumi &
  pulumi_job=$!
  # The checks ran in subshells: count their results here.
  if wait "$cdk8s_job"; then cdk8s_ok=1 passed=$((passed + 1)); else failed=$((failed + 1)); fi
  if wait "$pulumi_job"; then pulumi_ok=1 passed=$((passed + 1)); else failed=$((failed + 1)); fi
else
  not_run "install: cdk8s project" "no tarball"
  not_run "install: Pulumi project" "no tarball"
fi

# --- the installed package --------------------------------------------------------------------------
if [ "$cdk8s_ok" = 1 ]; then
  # On the installed copy (the tarball's files), where its dependencies resolve.
  check "package: contents, source maps, declaration imports, typesVersions" \
    node "$HERE/check-tarball.js" "$CDK8S/node_modules/hardened-workloads"
  # The check bites: a copy with a map to an unshipped source, a declaration needing @types/js-yaml
  # and a subpath missing from typesVersions is refused on all three counts.
  broken_copy_refused() {
    local copy="$CDK8S/node_modules/hardened-workloads-broken"
    rm -rf "$copy" && cp -r "$CDK8S/node_modules/hardened-workloads" "$copy" || return 1
    echo '{"version":3,"sources":["../src/index.ts"],"mappings":""}' >"$copy/lib/index.js.map"
    echo "import type { State } from 'js-yaml';" >>"$copy/lib/audit/node-events.d.ts"
    node -e 'const f = process.argv[1]; const p = require(f); delete p.typesVersions["*"].cdk8s;
      require("fs").writeFileSync(f, JSON.stringify(p))' "$copy/package.json"
    local out
    out=$(node "$HERE/check-tarball.js" "$copy" 2>&1)
    local rc=$?
    rm -rf "$copy"
    echo "$out"
    [ "$rc" -ne 0 ] && grep -q 'index.js.map: points at src/index.ts' <<<"$out" &&
      grep -q '@types/js-yaml' <<<"$out" && grep -q 'typesVersions\["\*"\]\["cdk8s"\]' <<<"$out"
  }
  check "package check refuses a broken copy (negative control)" broken_copy_refused
  # The shipped WebAssembly readers work from the installed copy: an anchored manifest goes to kubectl's
  # decoder, a Compose file to compose-go; both hide a privileged container the audit must report (exit 1).
  wasm_readers_installed() {
    local dir="$CDK8S/wasm-readers"
    mkdir -p "$dir" || return 1
    printf '%s\n' 'apiVersion: v1' 'kind: Pod' 'metadata: {name: anchored}' 'spec:' '  containers:' \
      '    - name: app' '      image: app:1' '      securityContext: &ctx {privileged: true}' >"$dir/pod.yaml"
    printf '%s\n' 'services:' '  app:' '    image: app:1' '    privileged: ${PRIV:-true}' >"$dir/compose.yaml"
    local file out rc
    for file in pod.yaml compose.yaml; do
      out=$(cd "$CDK8S" && node_modules/.bin/hardened-workloads audit "wasm-readers/$file" --format json 2>&1)
      rc=$?
      echo "$file: exit $rc"
      [ "$rc" -eq 1 ] && grep -q '"rule": *"privileged"' <<<"$out" || { echo "$out" | head -20; return 1; }
    done
  }
  check "package: the installed CLI reads through both WebAssembly readers" wasm_readers_installed
else
  not_run "package: contents, source maps, declaration imports, typesVersions" "the cdk8s project did not install"
  not_run "package check refuses a broken copy (negative control)" "the cdk8s project did not install"
  not_run "package: the installed CLI reads through both WebAssembly readers" "the cdk8s project did not install"
fi

# --- cdk8s ------------------------------------------------------------------------------------------
CDK8S_CHECKS=("cdk8s: only cdk8s hosts installed" "cdk8s TS 5.9: template tsconfig, Node10" \
  "cdk8s TS 5.9: cdk8s synth with the validation plugin" "cdk8s: a refused construct names the user's code" \
  "install: TypeScript 7 in a copy" "cdk8s TS 7: template tsconfig, Bundler" "cdk8s TS 7: cdk8s synth" \
  "cdk8s TS 5.9: without typesVersions, TS2307 (negative control)")
if [ "$cdk8s_ok" = 1 ]; then
  cp "$HERE"/cdk8s-app/*.ts "$CDK8S/"
  # The template's tsconfig, as the installed cdk8s-cli writes it; main.ts and cdk8s.yaml in its shape.
  cp "$CDK8S/node_modules/cdk8s-cli/templates/typescript-app/tsconfig.json" "$CDK8S/"
  sed "s/__PACKAGE_VERSION__/$VERSION/" "$HERE/cdk8s-app/cdk8s.yaml" >"$CDK8S/cdk8s.yaml"

  only_cdk8s_hosts() {
    cd "$CDK8S" || return 1
    node "$HERE/check-install.js" --absent '@pulumi/*' --present cdk8s,cdk8s-plus-28,constructs,hardened-workloads
  }
  check "cdk8s: only cdk8s hosts installed" only_cdk8s_hosts

  typecheck_cdk8s() {
    cd "$1" || return 1
    no_skip_lib_check tsconfig.json &&
      npx --no-install tsc --version | grep -q "Version $2" &&
      tsc_resolving "$3" -p .
  }
  check "cdk8s TS 5.9: template tsconfig, Node10" typecheck_cdk8s "$CDK8S" 5.9 Node10

  synth_cdk8s() {
    cd "$1" || return 1
    rm -rf dist
    local out
    out=$(npx --no-install cdk8s synth --no-check-upgrade "${@:2}" 2>&1)
    local rc=$?
    echo "$out"
    # The plugin ran (its report and checklist) and passed; the manifest has the posture.
    [ "$rc" -eq 0 ] && grep -q "Plugin .*hardened-workloads/lib/cdk8s" <<<"$out" &&
      grep -Eq "Status +│ success" <<<"$out" && [ -s dist/hardened-checklist.json ] &&
      grep -q 'kind: Deployment' dist/web.k8s.yaml && grep -q -- '- ALL' dist/web.k8s.yaml
  }
  check "cdk8s TS 5.9: cdk8s synth with the validation plugin" synth_cdk8s "$CDK8S"

  refused_construct() {
    cd "$CDK8S" || return 1
    node "$HERE/check-refused.js"
  }
  check "cdk8s: a refused construct names the user's code" refused_construct

  install_ts7() {
    cp -a "$CDK8S" "$CDK8S7" && cd "$CDK8S7" && rm -rf dist ./*.js && "${INSTALL[@]}" --save-dev "$TYPESCRIPT_7"
  }
  if check "install: TypeScript 7 in a copy" install_ts7; then
    check "cdk8s TS 7: template tsconfig, Bundler" typecheck_cdk8s "$CDK8S7" 7. Bundler &&
      # ts-node cannot run on TypeScript 7: the app is the compiled main.js, as after `npm run compile`.
      check "cdk8s TS 7: cdk8s synth" synth_cdk8s "$CDK8S7" --app "node main.js" || true
  else
    not_run "cdk8s TS 7: template tsconfig, Bundler" "TypeScript 7 did not install"
    not_run "cdk8s TS 7: cdk8s synth" "TypeScript 7 did not install"
  fi

  # The Node10 row bites: without typesVersions the template's tsconfig cannot see the subpaths.
  node10_needs_types_versions() {
    cd "$CDK8S" || return 1
    local manifest=node_modules/hardened-workloads/package.json
    cp "$manifest" "$WORK/package.json.saved" &&
      node -e 'const f = process.argv[1]; const p = require(f); delete p.typesVersions;
        require("fs").writeFileSync(f, JSON.stringify(p))' "$PWD/$manifest" || return 1
    local out
    out=$(npx --no-install tsc -p . --noEmit 2>&1)
    cp "$WORK/package.json.saved" "$manifest"
    echo "$out"
    grep -q "error TS2307: Cannot find module 'hardened-workloads/cdk8s'" <<<"$out"
  }
  check "cdk8s TS 5.9: without typesVersions, TS2307 (negative control)" node10_needs_types_versions
else
  for name in "${CDK8S_CHECKS[@]}"; do not_run "$name" "the cdk8s project did not install"; done
fi

# --- Pulumi -----------------------------------------------------------------------------------------
PULUMI_CHECKS=("Pulumi: only Pulumi hosts installed" "Pulumi TS 5.9: template tsconfig before 2026 (commonjs, Node10), run under mocks" \
  "Pulumi TS 5.9: template tsconfig (nodenext), run under mocks" "Pulumi TS 5.9: bundler resolution of every subpath")
if [ "$pulumi_ok" = 1 ]; then
  cp "$HERE"/pulumi-app/* "$PULUMI/"

  only_pulumi_hosts() {
    cd "$PULUMI" || return 1
    node "$HERE/check-install.js" --absent cdk8s,cdk8s-plus-28,constructs,cdk8s-cli \
      --present @pulumi/pulumi,@pulumi/kubernetes,@pulumi/docker,@pulumi/policy,hardened-workloads
  }
  check "Pulumi: only Pulumi hosts installed" only_pulumi_hosts

  pulumi_program() {
    cd "$PULUMI" || return 1
    rm -rf bin
    no_skip_lib_check "tsconfig.$1.json" &&
      tsc_resolving "$2" -p "tsconfig.$1.json" &&
      node run-mocks.js
  }
  check "${PULUMI_CHECKS[1]}" pulumi_program node Node10
  check "${PULUMI_CHECKS[2]}" pulumi_program nodenext NodeNext

  # Resolution only: the nodenext row type-checks the very declarations the exports map gives both.
  pulumi_bundler() {
    cd "$PULUMI" || return 1
    tsc_resolving Bundler -p tsconfig.bundler.json --listFilesOnly
  }
  check "${PULUMI_CHECKS[3]}" pulumi_bundler
else
  for name in "${PULUMI_CHECKS[@]}"; do not_run "$name" "the Pulumi project did not install"; done
fi

echo "consumers: finished in $(($(date +%s) - START)) s; CPU time (user, system) of this shell, then of its children:"
times
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
