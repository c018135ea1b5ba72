# Sourced by testbed.sh: the secrets, keys and wrapper scripts the testbed writes under $TB_DIR
# (make_secrets; uses log, die and the ports and paths testbed.sh sets).

make_secrets() {
  mkdir -p "$TB_DIR/secrets" "$TB_DIR/token" "$TB_DIR/ssh" "$TB_DIR/auth" "$TB_DIR/bin"
  chmod 700 "$TB_DIR/secrets" "$TB_DIR/ssh" "$TB_DIR/auth"
  if [[ ! -s $TB_DIR/secrets/registry-password ]]; then
    (umask 077 && openssl rand -hex 16 >"$TB_DIR/secrets/registry-password")
  fi
  local pass
  pass=$(<"$TB_DIR/secrets/registry-password")
  if [[ ! -s $TB_DIR/secrets/htpasswd ]]; then
    printf '%s' "$pass" | htpasswd -iBc "$TB_DIR/secrets/htpasswd" "$REGISTRY_USER" >/dev/null 2>&1
  fi
  # One credentials file usable as DOCKER_CONFIG/config.json and as skopeo/buildah --authfile.
  local auth
  auth=$(printf '%s:%s' "$REGISTRY_USER" "$pass" | base64 -w0)
  (umask 077 && jq -n --arg a "$auth" --arg b "$BASIC" --arg t "$TOKEN" \
    '{auths: {($b): {auth: $a}, ($t): {auth: $a}}}' >"$TB_DIR/auth/config.json")

  if [[ ! -s $TB_DIR/token/cert.pem ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=shipshape-testbed-token" \
      -keyout "$TB_DIR/token/key.pem" -out "$TB_DIR/token/cert.pem" >/dev/null 2>&1
    chmod 600 "$TB_DIR/token/key.pem"
  fi
  jq -n --arg u "$REGISTRY_USER" --arg p "$TB_DIR/secrets/registry-password" \
    '{service: "shipshape-testbed-registry", issuer: "shipshape-testbed-token-server", user: $u, passwordFile: $p}' \
    >"$TB_DIR/token/settings.json"

  local s=$TB_DIR/ssh
  [[ -s $s/ssh_host_ed25519_key ]] || ssh-keygen -q -t ed25519 -N '' -C shipshape-testbed-host -f "$s/ssh_host_ed25519_key"
  [[ -s $s/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C shipshape-testbed-client -f "$s/id_ed25519"
  cp "$s/id_ed25519.pub" "$s/authorized_keys"
  chmod 600 "$s/authorized_keys"
  printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$s/ssh_host_ed25519_key.pub")" >"$s/known_hosts"
  cat >"$s/sshd_config" <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $s/ssh_host_ed25519_key
PidFile $PIDS/sshd.pid
AuthorizedKeysFile $s/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# The state dir may sit under a world-writable parent such as /tmp.
StrictModes no
AllowTcpForwarding yes
Subsystem sftp internal-sftp
# Match blocks apply to the end of the file: keep them last.
# A user whose server refuses streamlocal (Unix socket) forwarding, as hardened hosts do: the deploy
# transport must fall back to docker system dial-stdio for it.
Match User $NOSTREAM_USER
  AllowStreamLocalForwarding no
  AuthorizedKeysFile .ssh/authorized_keys
EOF
  # Idempotent: created once, in group docker so `docker system dial-stdio` reaches the engine socket;
  # password '*' (not '!'): sshd without PAM refuses locked accounts. Same client key as root, in its
  # own home (sshd reads it as the user, and $s is root's only).
  id "$NOSTREAM_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh --groups docker --password '*' "$NOSTREAM_USER"
  local home
  home=$(getent passwd "$NOSTREAM_USER" | cut -d: -f6)
  install -d -m 700 -o "$NOSTREAM_USER" "$home/.ssh"
  install -m 600 -o "$NOSTREAM_USER" "$s/id_ed25519.pub" "$home/.ssh/authorized_keys"
  # Client side: a config with host-key checking on, and an `ssh` wrapper that uses it, so
  # `PATH=$SHIPSHAPE_TB_BIN:$PATH docker -H ssh://root@127.0.0.1:2222 …` works without touching ~/.ssh.
  cat >"$s/ssh_config" <<EOF
Host 127.0.0.1 localhost
  Port $SSH_PORT
  User root
  IdentityFile $s/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $s/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 10
EOF
  cat >"$TB_DIR/bin/ssh" <<EOF
#!/bin/sh
exec /usr/bin/ssh -F "\${SHIPSHAPE_TB_SSH_CONFIG:-$s/ssh_config}" "\$@"
EOF
  chmod 755 "$TB_DIR/bin/ssh"
}

