#!/usr/bin/env bash
# `npm run bench`: shipshape next to its peers (buildah, skopeo, a naive stop-then-start deploy), same run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
bash scripts/testbed.sh up
step "bench"
npx tsx bench/run.ts "$@"
