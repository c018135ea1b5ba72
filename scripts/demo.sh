#!/usr/bin/env bash
# `npm run demo`: on a fresh Debian machine as root — installs what it needs, brings the testbed up,
# then runs the action (dist/index.js on Node 24, as a runner does) on the built-in example.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
bash scripts/testbed.sh up
step "demo"
npx tsx scripts/demo.ts
