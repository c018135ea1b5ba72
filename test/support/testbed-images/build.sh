#!/usr/bin/env bash
# Builds the testbed's images from Debian packages and pushes them (called by scripts/testbed.sh up).
#   build.sh <testbed-dir>
# - 127.0.0.1:5000/shipshape/base:1, an OCI index (linux/amd64 + linux/arm64) of busybox-static, built with
#   buildah (vfs, private storage under the testbed dir) and copied with skopeo to :5001 and :5002.
# - 127.0.0.1:5000/shipshape/haproxy:lts (linux/amd64), a stand-in for the official haproxy image.
# An image already in its registry with the current recipe (a hash of this directory, kept in a label) is
# not rebuilt.
set -euo pipefail

TB_DIR=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
AUTHFILE=$TB_DIR/auth/config.json
WORK=$TB_DIR/image-build
BASE_PATH=shipshape/base:1
PROXY_REF=127.0.0.1:5000/shipshape/haproxy:lts
export STORAGE_DRIVER=vfs

log() { printf '[testbed] %s\n' "$*" >&2; }
bah() { buildah --root "$TB_DIR/buildah/root" --runroot "$TB_DIR/buildah/run" --storage-driver vfs "$@"; }
RECIPE=$(cd "$HERE" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
RECIPE_LABEL=org.shipshape.testbed.recipe
# current <ref>: the image exists and was built from this recipe.
current() {
  local label
  label=$(skopeo inspect --tls-verify=false --authfile "$AUTHFILE" "docker://$1" 2>/dev/null |
    jq -r --arg l "$RECIPE_LABEL" '.Labels[$l] // empty') || return 1
  [[ $label == "$RECIPE" ]]
}

# busybox_rootfs <dir> <busybox-binary>: /bin/busybox plus a symlink per applet, minimal /etc and /tmp.
busybox_rootfs() {
  local dir=$1 applet
  mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/root"
  chmod 1777 "$dir/tmp"
  install -m 755 "$2" "$dir/bin/busybox"
  # The applet list is the same for both arches (same package version); ask the host's busybox.
  for applet in $(/bin/busybox --list); do
    [[ $applet == busybox || -e $dir/bin/$applet ]] || ln -s busybox "$dir/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
}

layer_tar() { tar --numeric-owner -C "$1" -cf "$2" .; }

build_base() {
  local arch busybox c
  log "building multi-arch base image (linux/amd64 + linux/arm64)"
  bah manifest rm shipshape-base >/dev/null 2>&1 || true
  for arch in amd64 arm64; do
    case $arch in
      amd64) busybox=$(readlink -f /bin/busybox) ;;
      arm64) busybox=$TB_DIR/arm64/bin/busybox ;;
    esac
    rm -rf "$WORK/base-$arch" && mkdir -p "$WORK/base-$arch"
    busybox_rootfs "$WORK/base-$arch/rootfs" "$busybox"
    (cd "$WORK/base-$arch/rootfs" && chown -R 0:0 .)
    layer_tar "$WORK/base-$arch/rootfs" "$WORK/base-$arch/layer.tar"
    c=$(bah from --arch "$arch" --os linux scratch)
    bah add "$c" "$WORK/base-$arch/layer.tar" / >/dev/null
    bah config --arch "$arch" --os linux --env PATH=/bin:/usr/bin:/sbin:/usr/sbin --cmd '["sh"]' \
      --label org.opencontainers.image.title=shipshape-testbed-base --label "$RECIPE_LABEL=$RECIPE" "$c"
    bah commit -q --format oci --manifest shipshape-base "$c" >/dev/null
    bah rm "$c" >/dev/null
  done
  bah manifest push -q --all --format oci --tls-verify=false shipshape-base "docker://127.0.0.1:5000/$BASE_PATH" >/dev/null
  bah manifest rm shipshape-base >/dev/null 2>&1 || true
}

copy_lib() { # <rootfs> <path as ldd lists it>
  mkdir -p "$1$(dirname "$2")"
  cp -L "$2" "$1$2"
}

build_proxy() {
  local root=$WORK/proxy/rootfs c lib
  log "building proxy image $PROXY_REF (Debian haproxy, linux/amd64)"
  rm -rf "$WORK/proxy" && mkdir -p "$WORK/proxy"
  busybox_rootfs "$root" "$(readlink -f /bin/busybox)"
  mkdir -p "$root/usr/local/sbin" "$root/usr/local/bin" "$root/usr/local/etc/haproxy" "$root/var/lib/haproxy" "$root/run"
  ln -s ../run "$root/var/run"
  install -m 755 /usr/sbin/haproxy "$root/usr/local/sbin/haproxy"
  install -m 755 "$(readlink -f /bin/bash)" "$root/bin/bash"
  for lib in $( { ldd /usr/sbin/haproxy; ldd /bin/bash; } | grep -oE '/[^ ]+' | sort -u); do copy_lib "$root" "$lib"; done
  install -m 755 "$HERE/haproxy/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  install -m 644 "$HERE/haproxy/haproxy.cfg" "$root/usr/local/etc/haproxy/haproxy.cfg"
  printf 'haproxy:x:99:99:haproxy:/var/lib/haproxy:/usr/sbin/nologin\n' >>"$root/etc/passwd"
  printf 'haproxy:x:99:\n' >>"$root/etc/group"
  (cd "$root" && chown -R 0:0 . && chown 99:99 var/lib/haproxy)
  /usr/sbin/haproxy -c -q -f "$root/usr/local/etc/haproxy/haproxy.cfg" || { log "default haproxy.cfg is invalid"; exit 1; }
  layer_tar "$root" "$WORK/proxy/layer.tar"
  # Shaped like the official image: entrypoint adds -W -db to `haproxy …`, runs as user haproxy (uid 99).
  c=$(bah from --arch amd64 --os linux scratch)
  bah add "$c" "$WORK/proxy/layer.tar" / >/dev/null
  bah config --arch amd64 --os linux \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --entrypoint '["docker-entrypoint.sh"]' --cmd '["haproxy","-f","/usr/local/etc/haproxy/haproxy.cfg"]' \
    --user haproxy --workingdir /var/lib/haproxy --stop-signal SIGUSR1 \
    --label org.opencontainers.image.title=shipshape-testbed-haproxy --label "$RECIPE_LABEL=$RECIPE" "$c"
  bah commit -q --format oci "$c" shipshape-haproxy >/dev/null
  bah rm "$c" >/dev/null
  bah push -q --format oci --tls-verify=false shipshape-haproxy "docker://$PROXY_REF" >/dev/null
  bah rmi shipshape-haproxy >/dev/null 2>&1 || true
}

current "127.0.0.1:5000/$BASE_PATH" || build_base
for registry in 127.0.0.1:5001 127.0.0.1:5002; do
  if ! current "$registry/$BASE_PATH"; then
    log "copying base image to $registry"
    skopeo copy -q --all --preserve-digests --src-tls-verify=false --dest-tls-verify=false --dest-authfile "$AUTHFILE" \
      "docker://127.0.0.1:5000/$BASE_PATH" "docker://$registry/$BASE_PATH" >/dev/null
  fi
done
current "$PROXY_REF" || build_proxy
bah rmi -a -f >/dev/null 2>&1 || true
rm -rf "$WORK"
