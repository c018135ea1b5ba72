#!/usr/bin/env bash
# `npm test`: everything, end-to-end included, on a fresh Debian machine as root.
# Installs what it needs (npm packages, then the testbed's Debian packages and daemons), checks types and
# that dist/ equals a fresh bundle, then runs the unit and end-to-end suites against the real testbed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
bash scripts/testbed.sh up

step "typecheck"
npx tsc --noEmit

step "dist/ equals a fresh bundle"
check_dist

step "unit and end-to-end tests"
results=$(mktemp)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
# A plain closing line CI can read whatever the runner: "N passed, N failed".
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  if (r.numTotalTests === 0) process.exit(1);
' "$results" || status=1
exit $status
