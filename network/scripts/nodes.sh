# Crypto material, channel genesis, orderer and peer processes, channel joins.
# shellcheck shell=bash

generate_artifacts() {
  mkdir -p "$RUN/artifacts"
  if [[ ! -d "$CRYPTO" ]]; then
    say "generating crypto material (cryptogen)"
    cryptogen generate --config="$REPO/network/crypto-config.yaml" --output="$CRYPTO" \
      >"$RUN/logs/cryptogen.log" 2>&1 || { show_log "$RUN/logs/cryptogen.log"; die "cryptogen failed"; }
  fi
  if [[ ! -f "$RUN/artifacts/$CHANNEL.block" ]]; then
    say "generating the genesis block of channel $CHANNEL (BatchTimeout $BATCH_TIMEOUT)"
    sed -e "s#@CRYPTO@#$CRYPTO#g" -e "s#@ORDERER_PORT@#$ORDERER_PORT#g" \
        -e "s#@ORG1_PEER0_PORT@#$(peer_port 0)#g" -e "s#@ORG2_PEER0_PORT@#$(peer_port 2)#g" \
        -e "s#@ORG3_PEER0_PORT@#$(peer_port 3)#g" -e "s#@BATCH_TIMEOUT@#$BATCH_TIMEOUT#g" \
        -e "s#@BATCH_MAX_MESSAGES@#$BATCH_MAX_MESSAGES#g" \
        "$REPO/network/configtx.yaml.in" >"$RUN/artifacts/configtx.yaml"
    FABRIC_CFG_PATH="$RUN/artifacts" configtxgen -profile WeftChannel -channelID "$CHANNEL" \
      -outputBlock "$RUN/artifacts/$CHANNEL.block" >"$RUN/logs/configtxgen.log" 2>&1 \
      || { show_log "$RUN/logs/configtxgen.log"; die "configtxgen failed"; }
  fi
}

check_port_free() {
  local name="$1" port="$2"
  if port_in_use "$port"; then
    die "port $port (for $name) is already in use by another process; choose another base with WEFT_BASE_PORT=<port> (current base $BASE)"
  fi
}

start_orderer() {
  local name=orderer od; od="$(orderer_dir)"
  pid_alive "$RUN/pids/$name.pid" && return 0
  say "starting orderer on 127.0.0.1:$ORDERER_PORT (admin $ORDERER_ADMIN_PORT)"
  mkdir -p "$RUN/data/orderer"
  spawn "$name" env FABRIC_CFG_PATH="$FABRIC_CONFIG_DIR" \
    FABRIC_LOGGING_SPEC="${WEFT_ORDERER_LOGGING:-info}" \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 ORDERER_GENERAL_LISTENPORT="$ORDERER_PORT" \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP ORDERER_GENERAL_LOCALMSPDIR="$od/msp" \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$od/tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$od/tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$od/tls/ca.crt]" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_FILELEDGER_LOCATION="$RUN/data/orderer" \
    ORDERER_CONSENSUS_WALDIR="$RUN/data/orderer/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$RUN/data/orderer/etcdraft/snapshot" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$ORDERER_OPS_PORT" \
    ORDERER_OPERATIONS_TLS_ENABLED=true \
    ORDERER_OPERATIONS_TLS_PRIVATEKEY="$od/tls/server.key" \
    ORDERER_OPERATIONS_TLS_CERTIFICATE="$od/tls/server.crt" \
    ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_OPERATIONS_TLS_CLIENTROOTCAS="[$od/tls/ca.crt]" \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$ORDERER_ADMIN_PORT" \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$od/tls/server.key" \
    ORDERER_ADMIN_TLS_CERTIFICATE="$od/tls/server.crt" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$od/tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$od/tls/ca.crt]" \
    ORDERER_METRICS_PROVIDER=disabled \
    orderer
  wait_for_port "$name" "$ORDERER_ADMIN_PORT" "${WEFT_START_TIMEOUT:-180}"
}

# peer_env INDEX: the environment of a peer process
start_peer() {
  local peer="$1" org="$2" idx="$3" name dir port cc ops boot
  name="$peer.$org"; dir="$(org_dir "$org")/peers/$peer.$org.example.com"
  port="$(peer_port "$idx")"; cc="$(peer_cc_port "$idx")"; ops="$(peer_ops_port "$idx")"
  pid_alive "$RUN/pids/$name.pid" && return 0
  # Gossip bootstrap: org1's two peers know each other; the others only themselves.
  case "$idx" in 0) boot="$(peer_port 1)";; 1) boot="$(peer_port 0)";; *) boot="$port";; esac
  say "starting $name ($(org_msp "$org")) on 127.0.0.1:$port"
  mkdir -p "$RUN/data/$name"
  spawn "$name" env FABRIC_CFG_PATH="$FABRIC_CONFIG_DIR" \
    FABRIC_LOGGING_SPEC="${WEFT_PEER_LOGGING:-info:gossip=warning:msp=warning}" \
    CORE_PEER_ID="$peer.$org.example.com" \
    CORE_PEER_LOCALMSPID="$(org_msp "$org")" CORE_PEER_MSPCONFIGPATH="$dir/msp" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$port" CORE_PEER_ADDRESS="127.0.0.1:$port" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$cc" CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$cc" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$boot" CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$port" \
    CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$RUN/data/$name" CORE_LEDGER_SNAPSHOTS_ROOTDIR="$RUN/data/$name/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$ops" CORE_METRICS_PROVIDER=disabled \
    CORE_OPERATIONS_TLS_ENABLED=true CORE_OPERATIONS_TLS_CERT_FILE="$dir/tls/server.crt" \
    CORE_OPERATIONS_TLS_KEY_FILE="$dir/tls/server.key" CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED=true \
    CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES="$dir/tls/ca.crt" \
    CORE_VM_ENDPOINT="" \
    CORE_CHAINCODE_EXTERNALBUILDERS="[{name: weft-ccaas, path: $REPO/network/builders/ccaas}]" \
    peer node start
  wait_for_port "$name" "$port" "${WEFT_START_TIMEOUT:-180}"
}

# Runs the peer CLI as an org's admin against one of its peers.
as_admin() {
  local org="$1" idx="$2"; shift 2
  local peerdir; peerdir="$(org_dir "$org")/peers/$(peer_of_index "$idx").$org.example.com"
  FABRIC_CFG_PATH="$FABRIC_CONFIG_DIR" FABRIC_LOGGING_SPEC="${WEFT_CLI_LOGGING:-warning}" CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_LOCALMSPID="$(org_msp "$org")" \
    CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/Admin@$org.example.com/msp" \
    CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$idx")" \
    CORE_PEER_TLS_ROOTCERT_FILE="$peerdir/tls/ca.crt" \
    "$@"
}

peer_of_index() { case "$1" in 1) echo peer1;; *) echo peer0;; esac; }

join_channel() {
  local od; od="$(orderer_dir)"
  if ! osnadmin channel list -o "127.0.0.1:$ORDERER_ADMIN_PORT" --ca-file "$od/tls/ca.crt" \
      --client-cert "$od/tls/server.crt" --client-key "$od/tls/server.key" 2>/dev/null | grep -q "\"$CHANNEL\""; then
    say "orderer joins channel $CHANNEL"
    osnadmin channel join --channelID "$CHANNEL" --config-block "$RUN/artifacts/$CHANNEL.block" \
      -o "127.0.0.1:$ORDERER_ADMIN_PORT" --ca-file "$od/tls/ca.crt" \
      --client-cert "$od/tls/server.crt" --client-key "$od/tls/server.key" >>"$RUN/logs/channel.log" 2>&1 \
      || { show_log "$RUN/logs/channel.log"; show_log "$RUN/logs/orderer.log"; die "orderer could not join $CHANNEL"; }
  fi
  local entry peer org idx
  for entry in "${PEERS[@]}"; do
    read -r peer org idx <<<"$entry"
    if ! as_admin "$org" "$idx" peer channel list 2>/dev/null | grep -qx "$CHANNEL"; then
      say "$peer.$org joins channel $CHANNEL"
      local tries=0
      until as_admin "$org" "$idx" peer channel join -b "$RUN/artifacts/$CHANNEL.block" >>"$RUN/logs/channel.log" 2>&1; do
        tries=$((tries + 1))
        if (( tries >= 10 )); then
          show_log "$RUN/logs/channel.log"; show_log "$RUN/logs/$peer.$org.log"
          die "$peer.$org could not join $CHANNEL"
        fi
        sleep 1
      done
    fi
  done
}

# One JSON connection profile per org, read by the weft CLI and the tests.
write_profiles() {
  mkdir -p "$RUN/profiles"
  local org dir entry peer o idx first users u
  for org in "${ORGS[@]}"; do
    dir="$(org_dir "$org")"
    {
      printf '{\n  "name": "%s",\n  "mspId": "%s",\n  "channel": "%s",\n  "chaincode": "%s",\n' \
        "$org" "$(org_msp "$org")" "$CHANNEL" "$CC_NAME"
      printf '  "ordererEndpoint": "127.0.0.1:%s",\n  "ordererTlsRootCert": "%s",\n' "$ORDERER_PORT" "$(orderer_ca)"
      printf '  "peers": [\n'; first=1
      for entry in "${PEERS[@]}"; do
        read -r peer o idx <<<"$entry"
        [[ "$o" == "$org" ]] || continue
        (( first )) || printf ',\n'; first=0
        printf '    {"name": "%s.%s.example.com", "endpoint": "127.0.0.1:%s", "tlsRootCert": "%s"}' \
          "$peer" "$org" "$(peer_port "$idx")" "$dir/peers/$peer.$org.example.com/tls/ca.crt"
      done
      printf '\n  ],\n  "users": {\n'; first=1
      for ud in "$dir"/users/*@"$org.example.com"/msp; do
        u="$(basename "$(dirname "$ud")")"; u="${u%@*}"
        (( first )) || printf ',\n'; first=0
        printf '    "%s": {"cert": "%s", "key": "%s"}' "$u" "$ud/signcerts/$u@$org.example.com-cert.pem" "$ud/keystore/priv_sk"
      done
      printf '\n  },\n  "gatewayTls": {"cert": "%s", "key": "%s", "ca": "%s"}\n}\n' \
        "$dir/peers/gateway.$org.example.com/tls/server.crt" "$dir/peers/gateway.$org.example.com/tls/server.key" \
        "$dir/peers/gateway.$org.example.com/tls/ca.crt"
    } >"$RUN/profiles/$org.json"
  done
}

# Every port the network needs, checked before anything is generated or started,
# so that a busy port fails `up` at once and leaves nothing half-started behind.
preflight_ports() {
  local entry peer org idx p
  warn_ephemeral_overlap
  if ! pid_alive "$RUN/pids/orderer.pid"; then
    for p in "$ORDERER_PORT" "$ORDERER_ADMIN_PORT" "$ORDERER_OPS_PORT"; do check_port_free orderer "$p"; done
  fi
  for entry in "${PEERS[@]}"; do
    read -r peer org idx <<<"$entry"
    pid_alive "$RUN/pids/$peer.$org.pid" && continue
    for p in "$(peer_port "$idx")" "$(peer_cc_port "$idx")" "$(peer_ops_port "$idx")"; do
      check_port_free "$peer.$org" "$p"
    done
  done
}

# The kernel hands out source ports of outgoing connections from its ephemeral
# range; a server port inside it can be taken by some client's connection just
# before the server binds it ("Address already in use" at random).
warn_ephemeral_overlap() {
  local range=/proc/sys/net/ipv4/ip_local_port_range lo hi
  [[ -r $range ]] || return 0
  read -r lo hi <"$range"
  if (( BASE + 200 >= lo && BASE <= hi )); then
    warn "ports $BASE-$((BASE + 200)) overlap the kernel's ephemeral range $lo-$hi: a client connection can take a port before its server binds it; choose WEFT_BASE_PORT below $((lo - 200)) or narrow net.ipv4.ip_local_port_range"
  fi
}

network_up() {
  preflight_ports
  mkdir -p "$RUN/logs" "$RUN/pids"
  printf 'BASE=%s\nBATCH_TIMEOUT=%s\nBATCH_MAX_MESSAGES=%s\n' "$BASE" "$BATCH_TIMEOUT" "$BATCH_MAX_MESSAGES" >"$RUN/network.env"
  generate_artifacts
  start_orderer
  local entry peer org idx
  for entry in "${PEERS[@]}"; do
    read -r peer org idx <<<"$entry"
    start_peer "$peer" "$org" "$idx"
  done
  join_channel
  write_profiles
  say "network is up: channel $CHANNEL, orderer 127.0.0.1:$ORDERER_PORT, peers $(peer_port 0) $(peer_port 1) $(peer_port 2) $(peer_port 3); run folder $RUN"
}
