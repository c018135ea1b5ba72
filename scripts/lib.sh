# Shared by scripts/test.sh, demo.sh and bench.sh (sourced).
step() { printf '\n==> %s\n' "$*"; }

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "npm ci"
    npm ci --no-audit --no-fund
  fi
}

# Bundles into a temporary directory and compares it with the committed dist/.
check_dist() {
  local fresh
  fresh=$(mktemp -d)
  npx ncc build src/index.ts -o "$fresh" --source-map --license licenses.txt >/dev/null
  if ! diff -r dist "$fresh" >/dev/null; then
    echo "dist/ differs from a fresh bundle: run \`npm run bundle\` and commit dist/." >&2
    diff -rq dist "$fresh" >&2 || true
    rm -rf "$fresh"
    return 1
  fi
  rm -rf "$fresh"
  echo "dist/ is fresh"
}
