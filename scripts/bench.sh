#!/usr/bin/env bash
# `npm run bench`: shipshape next to its peers (buildah, skopeo, docker build, pigz, a naive stop-then-start deploy), same run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
bash scripts/testbed.sh up
# the compression floor of the realistic part
command -v pigz >/dev/null || { apt-get install -y -q pigz >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q pigz >/dev/null; }; }
step "bench"
npx tsx bench/run.ts "$@"
