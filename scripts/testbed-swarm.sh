# Sourced by testbed.sh: a three-engine Docker Swarm in network namespaces (issue 14).
#   swarm_up    bridge + veth + namespaces, one dockerd per namespace, swarm init/join, per-namespace registries
#   swarm_down  stops the namespace daemons (by recorded pids), leaves the swarm state, removes links and namespaces
# Uses log, die, wait_for, start_daemon, stop_pid, pid_alive, $TB_DIR, $PIDS, $LOGS from testbed.sh.
#
# Layout: bridge $SWARM_BRIDGE (10.214.0.1/24 on the host), namespace shipshape-nK with eth0 = 10.214.0.1K,
# its engine on $TB_DIR/swarm/nK/docker.sock (root's sshd reaches it by streamlocal forwarding, so the
# manager's API is ssh://root@127.0.0.1:2222 with docker-socket $TB_DIR/swarm/n1/docker.sock). Inside each
# namespace, docker-registry listens on 127.0.0.1:5000 and :5001 over the same storage as the host's anon and
# basic registries, so every node pulls what the tests pushed to 127.0.0.1.
# The kernel has no IPVS: the routing mesh never routes here; overlay + dnsrr + host-mode ports do.

SWARM_BRIDGE=shipshape-sw0
SWARM_NET=10.214.0
SWARM_NODES=(n1 n2 n3)
SWARM_POOL=10.215.0.0/16

swarm_ns() { echo "shipshape-$1"; }
swarm_ip() { echo "$SWARM_NET.1${1#n}"; }
swarm_sock() { echo "$TB_DIR/swarm/$1/docker.sock"; }
swarm_docker() { local n=$1; shift; timeout 20 docker -H "unix://$(swarm_sock "$n")" "$@"; }
swarm_engine_answers() { swarm_docker "$1" version >/dev/null 2>&1; }

swarm_links() {
  if ! ip link show "$SWARM_BRIDGE" >/dev/null 2>&1; then
    log "creating bridge $SWARM_BRIDGE ($SWARM_NET.1/24)"
    ip link add "$SWARM_BRIDGE" type bridge
    ip addr add "$SWARM_NET.1/24" dev "$SWARM_BRIDGE"
  fi
  ip link set "$SWARM_BRIDGE" up
  # The host's dockerd sets FORWARD to DROP and bridged frames pass iptables (br_netfilter): let the
  # nodes talk to each other (vxlan, raft, gossip) across the bridge.
  iptables -C FORWARD -i "$SWARM_BRIDGE" -o "$SWARM_BRIDGE" -j ACCEPT 2>/dev/null ||
    iptables -I FORWARD 1 -i "$SWARM_BRIDGE" -o "$SWARM_BRIDGE" -j ACCEPT
  local n ns veth
  for n in "${SWARM_NODES[@]}"; do
    ns=$(swarm_ns "$n")
    veth=sw-$n
    [[ -e /run/netns/$ns ]] || ip netns add "$ns"
    ip -n "$ns" link set lo up
    if ! ip link show "$veth" >/dev/null 2>&1; then
      ip link add "$veth" type veth peer name eth0 netns "$ns"
      ip link set "$veth" master "$SWARM_BRIDGE"
    fi
    ip link set "$veth" up
    # Not `ip … | grep -q`: under pipefail, grep leaving at the first match can SIGPIPE ip and the pipe "fails".
    [[ $(ip -n "$ns" addr show dev eth0) == *" $(swarm_ip "$n")/"* ]] || ip -n "$ns" addr add "$(swarm_ip "$n")/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" route replace default via "$SWARM_NET.1"
  done
}

# A registry inside the namespace over the host registry's storage (same port as on the host).
swarm_registry() { # node name(anon|basic) port
  local n=$1 name=$2 port=$3 dir=$TB_DIR/swarm/$1 src=$TB_DIR/registry/$2/config.yml
  sed -e "s#^  addr: .*#  addr: 127.0.0.1:$port#" -e "s#^  secret: .*#  secret: shipshape-testbed-$name#" "$src" >"$dir/registry-$name.yml"
  running "swarm-$n-registry-$name" docker-registry "$dir/registry-$name.yml" && return
  start_daemon "swarm-$n-registry-$name" nsenter "--net=/run/netns/$(swarm_ns "$n")" /usr/bin/docker-registry serve "$dir/registry-$name.yml"
  config_hash "$dir/registry-$name.yml" >"$PIDS/swarm-$n-registry-$name.config"
}

swarm_engine() { # node
  local n=$1 dir=$TB_DIR/swarm/$1
  mkdir -p "$dir/docker" "$dir/exec"
  swarm_engine_answers "$n" && return
  if pid_alive "$PIDS/swarm-$n-dockerd.pid" dockerd; then
    wait_for "swarm-$n-dockerd" 60 swarm_engine_answers "$n"
    return
  fi
  rm -f "$dir/docker.pid" "$dir/exec/containerd/containerd.pid" "$(swarm_sock "$n")"
  log "starting dockerd $n in namespace $(swarm_ns "$n") ($(swarm_ip "$n"))"
  # nsenter, not `ip netns exec`: that remounts /sys and dockerd then fails ("Devices cgroup isn't mounted").
  start_daemon "swarm-$n-dockerd" nsenter "--net=/run/netns/$(swarm_ns "$n")" /usr/sbin/dockerd \
    --data-root "$dir/docker" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" -H "unix://$(swarm_sock "$n")" \
    --containerd-namespace "shipshape-$n" --containerd-plugins-namespace "shipshape-$n-plugins"
}

swarm_state() { swarm_docker "$1" info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null; }
swarm_all_ready() { [[ $(swarm_docker n1 node ls --format '{{.Status}}' 2>/dev/null | grep -c '^Ready$') == "${#SWARM_NODES[@]}" ]]; }

swarm_join() {
  local st
  st=$(swarm_state n1)
  if [[ $st != "active true" ]]; then
    log "swarm init on n1 ($(swarm_ip n1))"
    swarm_docker n1 swarm init --advertise-addr "$(swarm_ip n1)" --listen-addr "$(swarm_ip n1):2377" \
      --default-addr-pool "$SWARM_POOL" >/dev/null || die "swarm init on n1 failed (see $LOGS/swarm-n1-dockerd.log)"
  fi
  local token n
  token=$(swarm_docker n1 swarm join-token -q worker)
  local members id
  members=$(swarm_docker n1 node ls --format '{{.ID}} {{.Status}}')
  for n in "${SWARM_NODES[@]:1}"; do
    id=$(swarm_docker "$n" info --format '{{.Swarm.NodeID}}' 2>/dev/null)
    [[ $(swarm_state "$n") == active* && -n $id ]] && grep -q "^$id Ready" <<<"$members" && continue
    # In no swarm, or in an earlier cluster (the manager was re-initialised): leave, then join this one.
    swarm_docker "$n" swarm leave --force >/dev/null 2>&1 || true
    log "swarm join $n ($(swarm_ip "$n"))"
    swarm_docker "$n" swarm join --token "$token" --advertise-addr "$(swarm_ip "$n")" --listen-addr "$(swarm_ip "$n"):2377" \
      "$(swarm_ip n1):2377" >/dev/null || die "swarm join of $n failed (see $LOGS/swarm-$n-dockerd.log)"
  done
  # A node removed or stale from an earlier run is listed Down; only the live three count.
  wait_for swarm-n1-dockerd 60 swarm_all_ready
}

swarm_up() {
  local n
  mkdir -p "$TB_DIR/swarm"
  swarm_links
  for n in "${SWARM_NODES[@]}"; do
    mkdir -p "$TB_DIR/swarm/$n"
    swarm_registry "$n" anon 5000
    swarm_registry "$n" basic 5001
    swarm_engine "$n"
  done
  for n in "${SWARM_NODES[@]}"; do wait_for "swarm-$n-dockerd" 90 swarm_engine_answers "$n"; done
  swarm_join
  # Stale nodes (an earlier run's n2 that left) are removed so `node ls` shows the three live ones.
  local stale
  for stale in $(swarm_docker n1 node ls --format '{{.ID}} {{.Status}}' | awk '$2 == "Down" {print $1}'); do
    swarm_docker n1 node rm --force "$stale" >/dev/null 2>&1 || true
  done
  cat >"$TB_DIR/swarm/env" <<EOF
export SHIPSHAPE_TB_SWARM_MANAGER_SOCKET=$(swarm_sock n1)
export SHIPSHAPE_TB_SWARM_NODES=$(IFS=,; echo "${SWARM_NODES[*]}")
export SHIPSHAPE_TB_SWARM_ADDRESSES=$(for n in "${SWARM_NODES[@]}"; do printf '%s,' "$(swarm_ip "$n")"; done | sed 's/,$//')
export SHIPSHAPE_TB_SWARM_SOCKETS=$(for n in "${SWARM_NODES[@]}"; do printf '%s,' "$(swarm_sock "$n")"; done | sed 's/,$//')
EOF
}

swarm_check() {
  [[ -s $TB_DIR/swarm/env ]] || return 1
  local n
  for n in "${SWARM_NODES[@]}"; do swarm_engine_answers "$n" || return 1; done
}

swarm_down() {
  local n
  rm -f "$TB_DIR/swarm/env"
  # Workers first, then the manager (a manager leaving first strands the workers in a cluster of none).
  for n in n3 n2 n1; do
    # Leave first so a later `up` starts a fresh cluster rather than a manager waiting for lost peers.
    swarm_engine_answers "$n" && swarm_docker "$n" swarm leave --force >/dev/null 2>&1
    stop_pid "swarm-$n-dockerd" dockerd
    stop_pid "swarm-$n-registry-anon" docker-registry
    stop_pid "swarm-$n-registry-basic" docker-registry
    ip link del "sw-$n" 2>/dev/null || true
    ip netns del "$(swarm_ns "$n")" 2>/dev/null || true
  done
  iptables -D FORWARD -i "$SWARM_BRIDGE" -o "$SWARM_BRIDGE" -j ACCEPT 2>/dev/null || true
  ip link del "$SWARM_BRIDGE" 2>/dev/null || true
}
