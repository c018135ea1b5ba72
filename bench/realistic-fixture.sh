#!/usr/bin/env bash
# The realistic bench fixture, made once and cached under .bench/realistic (ignored by git):
#   app/   a Node app: package.json + package-lock.json + node_modules installed from the npm registry
#          (typescript, next, @aws-sdk/client-s3, … — tens of thousands of files, hundreds of MB),
#          src/ of a few hundred files, public/ with incompressible assets;
#   rootfs-<arch>/  Debian's nodejs with its libraries (and busybox) for amd64 and arm64, unpacked from
#          Debian packages; the bench commits them with buildah into a two-platform base (> 100 MB).
# Usage: bash bench/realistic-fixture.sh DIR  (prints nothing but progress; idempotent)
set -euo pipefail
dir=${1:?fixture directory}
mkdir -p "$dir"
log() { printf '  [fixture] %s\n' "$*" >&2; }

app=$dir/app
if [[ ! -f $app/.complete ]]; then
  log "installing node_modules from the npm registry into $app (first run only; takes minutes)"
  rm -rf "$app" && mkdir -p "$app"
  cat >"$app/package.json" <<'JSON'
{
  "name": "realistic-bench-app",
  "version": "1.0.0",
  "private": true,
  "type": "module",
  "dependencies": {
    "@aws-sdk/client-s3": "3.700.0",
    "@mui/material": "6.1.9",
    "@emotion/react": "11.13.5",
    "@emotion/styled": "11.13.5",
    "eslint": "9.15.0",
    "lodash": "4.17.21",
    "next": "15.0.3",
    "react": "18.3.1",
    "react-dom": "18.3.1",
    "rxjs": "7.8.1",
    "typescript": "5.7.2",
    "webpack": "5.96.1"
  }
}
JSON
  (cd "$app" && npm install --legacy-peer-deps --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  node - "$app" <<'JS'
// src/: a few hundred small modules; public/: incompressible "images". Deterministic content.
const fs = require('node:fs'); const path = require('node:path'); const crypto = require('node:crypto');
const app = process.argv[2];
for (let i = 0; i < 400; i++) {
  const rel = `src/${['routes', 'models', 'lib', 'components'][i % 4]}/m${Math.floor(i / 4) % 25}/file${i}.ts`;
  fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
  fs.writeFileSync(path.join(app, rel), `// module ${i}\n${`export const value${i}: number = ${i};\n`.repeat(60)}`);
}
let seed = crypto.createHash('sha256').update('bench').digest();
for (let i = 0; i < 6; i++) {
  const chunks = [];
  for (let n = 0; n < (4 * 1024 * 1024) / 32; n++) chunks.push((seed = crypto.createHash('sha256').update(seed).digest()));
  fs.mkdirSync(path.join(app, 'public/img'), { recursive: true });
  fs.writeFileSync(path.join(app, `public/img/photo${i}.jpg`), Buffer.concat(chunks));
}
fs.writeFileSync(path.join(app, 'public/index.html'), '<h1>realistic bench</h1>\n');
JS
  touch "$app/.complete"
fi

for arch in amd64 arm64; do
  root=$dir/rootfs-$arch
  [[ -f $root/.complete ]] && continue
  log "unpacking Debian's nodejs and its libraries for $arch into $root"
  dl=$dir/debs-$arch
  rm -rf "$root" "$dl" && mkdir -p "$root" "$dl"
  pkgs=(nodejs libnode108 libicu72 libc6 libstdc++6 libgcc-s1 gcc-12-base libssl3 libuv1 libc-ares2 libnghttp2-14
    zlib1g libbrotli1 node-acorn node-cjs-module-lexer node-undici busybox-static ca-certificates)
  # nodejs: Debian's own version (the machine may have another vendor's nodejs pinned higher)
  ver=$(apt-cache policy "nodejs:$arch" | awk '/debian.org/{print prev} {prev=$1}' | grep -m1 dfsg || true)
  args=()
  for p in "${pkgs[@]}"; do
    if [[ $p == nodejs && -n $ver ]]; then args+=("nodejs:$arch=$ver"); elif [[ $p == node-* || $p == ca-certificates ]]; then args+=("$p"); else args+=("$p:$arch"); fi
  done
  (cd "$dl" && apt-get download -q "${args[@]}" >&2) || { apt-get update -q >&2 && (cd "$dl" && apt-get download -q "${args[@]}" >&2); }
  for deb in "$dl"/*.deb; do dpkg-deb -x "$deb" "$root"; done
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  # busybox applets for a shell and wget
  for applet in sh ls cat wget env; do ln -sf /bin/busybox "$root/bin/$applet"; done
  rm -rf "$dl"
  touch "$root/.complete"
done
du -sm "$app" "$dir"/rootfs-* >&2
