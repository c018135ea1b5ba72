#!/usr/bin/env bash
# `npm test`: everything, end-to-end included, on a fresh Debian machine as root.
# Installs what it needs (npm packages, then the testbed's Debian packages and daemons), checks types and
# that dist/ equals a fresh bundle, runs the unit suite while the testbed comes up, then the end-to-end
# suite against the real testbed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules

step "testbed (coming up beside the typecheck, the dist check and the unit tests)"
testbed_log=$(mktemp)
bash scripts/testbed.sh up >"$testbed_log" 2>&1 &
testbed_pid=$!
trap 'kill "$testbed_pid" 2>/dev/null || true' EXIT

step "typecheck"
npx tsc --noEmit

step "dist/ equals a fresh bundle"
check_dist

results=()
status=0
suite() {
  local project=$1 out
  shift
  out=$(mktemp)
  results+=("$out")
  npx vitest run --project "$project" --passWithNoTests --reporter=default --reporter=json --outputFile.json="$out" "$@" || status=$?
}

step "unit tests"
suite unit "$@"

step "testbed"
if ! wait "$testbed_pid"; then
  cat "$testbed_log"
  echo "the testbed did not come up (its log is above)" >&2
  exit 1
fi
trap - EXIT
cat "$testbed_log"

step "end-to-end tests"
suite e2e "$@"

# A plain closing line CI can read whatever the runner: "N passed, N failed".
node -e '
  let passed = 0, failed = 0, total = 0;
  for (const f of process.argv.slice(1)) {
    const r = JSON.parse(require("fs").readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; total += r.numTotalTests;
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (total === 0) process.exit(1);
' "${results[@]}" || status=1
exit $status
