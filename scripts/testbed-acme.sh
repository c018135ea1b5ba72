# Sourced by scripts/testbed.sh: the ACME part of the testbed (pebble twice and its mock DNS).
# ---------------------------------------------------------------- ACME (pebble + pebble-challtestsrv)
pebble_config() { # name listen management validity-seconds (0: pebble's default)
  local d=$TB_DIR/acme
  jq -n --arg l "$2" --arg m "$3" --arg c "$d/https-cert.pem" --arg k "$d/https-key.pem" \
    --argjson h "$ACME_HTTP_PORT" --argjson v "$4" \
    '{pebble: ({listenAddress: $l, managementListenAddress: $m, certificate: $c, privateKey: $k,
      httpPort: $h, tlsPort: ($h + 1), ocspResponderURL: "", externalAccountBindingRequired: false}
      + (if $v > 0 then {certificateValidityPeriod: $v} else {} end))}' >"$d/$1.json"
}

# The directory answers over HTTPS with the testbed's own certificate (clients trust acme/https-ca.pem).
pebble_answers() { curl -sf --max-time 5 --cacert "$TB_DIR/acme/https-ca.pem" -o /dev/null "https://$1/dir"; }

start_acme() {
  local d=$TB_DIR/acme
  mkdir -p "$d"
  if [[ ! -s $d/https-cert.pem ]]; then
    # A CA and a leaf for 127.0.0.1/localhost: clients trust the CA through NODE_EXTRA_CA_CERTS.
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=shipshape-testbed ACME directory CA" \
      -keyout "$d/https-ca-key.pem" -out "$d/https-ca.pem" >/dev/null 2>&1
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$d/https-key.pem" -out "$d/https.csr" >/dev/null 2>&1
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$d/https.ext"
    openssl x509 -req -in "$d/https.csr" -CA "$d/https-ca.pem" -CAkey "$d/https-ca-key.pem" -CAcreateserial \
      -days 3650 -extfile "$d/https.ext" -out "$d/https-cert.pem" >/dev/null 2>&1
    chmod 600 "$d/https-ca-key.pem" "$d/https-key.pem"
  fi
  pebble_config pebble "$PEBBLE" "$PEBBLE_MGMT" 0
  pebble_config pebble-short "$PEBBLE_SHORT" "$PEBBLE_SHORT_MGMT" "$ACME_SHORT_LIFETIME"
  printf '%s\n' "-dns01 $CHALLTEST_DNS -management $CHALLTEST_MGMT -defaultIPv4 127.0.0.1 -defaultIPv6 -" >"$d/challtestsrv.args"
  if ! running challtestsrv pebble-challt "$d/challtestsrv.args"; then
    port_open "${CHALLTEST_MGMT##*:}" && die "port ${CHALLTEST_MGMT##*:} is taken by a process this testbed did not start"
    log "starting pebble-challtestsrv (DNS $CHALLTEST_DNS, every name -> 127.0.0.1)"
    # -defaultIPv6 "": no AAAA answers, so pebble validates over 127.0.0.1.
    start_daemon challtestsrv /usr/bin/pebble-challtestsrv -dns01 "$CHALLTEST_DNS" -management "$CHALLTEST_MGMT" \
      -http01 "" -https01 "" -tlsalpn01 "" -defaultIPv4 127.0.0.1 -defaultIPv6 ""
    config_hash "$d/challtestsrv.args" >"$PIDS/challtestsrv.config"
  fi
  wait_for challtestsrv 20 port_open "${CHALLTEST_MGMT##*:}"
  local name listen
  for name in pebble pebble-short; do
    listen=$PEBBLE && [[ $name == pebble-short ]] && listen=$PEBBLE_SHORT
    running "$name" pebble "$d/$name.json" "$d/https-cert.pem" && continue
    port_open "${listen##*:}" && die "port ${listen##*:} is taken by a process this testbed did not start"
    log "starting $name on https://$listen/dir (HTTP-01 validation on port $ACME_HTTP_PORT)"
    # No validation sleeps; pebble still rejects 5% of nonces on purpose (clients must retry badNonce).
    start_daemon "$name" env PEBBLE_VA_NOSLEEP=1 /usr/bin/pebble -config "$d/$name.json" -dnsserver "$CHALLTEST_DNS"
    config_hash "$d/$name.json" "$d/https-cert.pem" >"$PIDS/$name.config"
  done
  wait_for pebble 30 pebble_answers "$PEBBLE"
  wait_for pebble-short 30 pebble_answers "$PEBBLE_SHORT"
}
