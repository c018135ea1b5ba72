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
# Read at process start: the ACME part's deploys trust the testbed's ACME directory as a runner would.
NODE_EXTRA_CA_CERTS=$(bash scripts/testbed.sh env | sed -n 's/^export SHIPSHAPE_TB_ACME_DIRECTORY_CA=//p')
export NODE_EXTRA_CA_CERTS
npx tsx bench/run.ts "$@"
