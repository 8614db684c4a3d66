# Building, packaging, approving, committing and serving chaincode as a service.
# Each organisation runs its own chaincode server of every chaincode, and its
# peers reach it over TLS with client authentication (issue 9 item 11): the
# server presents chaincode.ORG's TLS certificate and accepts only certificates
# of ORG's TLS CA; the peers present cc-client.ORG's. So each organisation
# installs its own package (its connection.json), with its own package ID.
# shellcheck shell=bash

CC_SEQUENCE_FILE() { echo "$RUN/chaincode/$1.sequence"; }

# ensure_jar MODULE_DIR JAR: builds the shaded jar when it is missing or older than its sources.
ensure_jar() {
  local module="$1" jar="$2"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$REPO/$module/src" "$REPO/$module/pom.xml" "$REPO/ccaas/src" "$REPO/pom.xml" -newer "$jar" -print -quit)" ]]; then
    say "building $module"
    (cd "$REPO" && mvn -q -B -DskipTests -pl "$module" -am install) >"$RUN/logs/build-$(basename "$module").log" 2>&1 \
      || { show_log "$RUN/logs/build-$(basename "$module").log" 40; die "maven build of $module failed"; }
  fi
}

# cc_server_dir ORG / cc_client_dir ORG: the TLS identities of ORG's chaincode
# servers and of ORG's peers as their clients (crypto-config.yaml).
cc_server_dir() { echo "$(org_dir "$1")/peers/chaincode.$1.example.com/tls"; }
cc_client_dir() { echo "$(org_dir "$1")/peers/cc-client.$1.example.com/tls"; }

# cc_port BASE_PORT ORG: the port of ORG's server of a chaincode whose org1 server is on BASE_PORT.
cc_port() { echo $(( $1 + 3 * $(org_index "$2") )); }

# package_ccaas NAME ORG PORT: writes $RUN/chaincode/NAME-ORG.tar.gz, the package
# ORG installs: the address of ORG's server and the TLS material to reach it.
package_ccaas() {
  local name="$1" org="$2" port="$3" work="$RUN/chaincode/$1-$2.pkg" server client
  server="$(cc_server_dir "$org")"; client="$(cc_client_dir "$org")"
  rm -rf "$work"; mkdir -p "$work/src"
  jq -n --arg address "127.0.0.1:$port" --arg domain "chaincode.$org.example.com" \
    --rawfile root "$server/ca.crt" --rawfile cert "$client/server.crt" --rawfile key "$client/server.key" \
    '{address: $address, domain: $domain, dial_timeout: "10s", tls_required: true,
      client_auth_required: true, root_cert: $root, client_cert: $cert, client_key: $key}' \
    >"$work/src/connection.json"
  chmod 600 "$work/src/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "${name}_${org}" >"$work/metadata.json"
  tar -C "$work/src" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - connection.json | gzip -n >"$work/code.tar.gz"
  tar -C "$work" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - metadata.json code.tar.gz | gzip -n >"$RUN/chaincode/$name-$org.tar.gz"
  chmod 600 "$RUN/chaincode/$name-$org.tar.gz"; rm -rf "$work"
}

# JVM options of a chaincode server: $WEFT_CC_JAVA_OPTS, else a heap sized to the
# chaincode with the serial collector (a network runs nine of these servers; G1's
# own overhead nearly doubled each one's resident memory for no gain at this size).
cc_java_opts() {
  if [[ -n "${WEFT_CC_JAVA_OPTS:-}" ]]; then echo "$WEFT_CC_JAVA_OPTS"; return; fi
  case "$1" in
    asset_*) echo "-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k" ;;
    *) echo "-Xmx256m -XX:+UseSerialGC -Xss512k" ;;
  esac
}

# start_cc_server NAME ORG PORT JAR PACKAGE_ID [ENV…]: (re)starts ORG's chaincode
# server when it is not running, or runs an older jar or another package ID.
# The shim also reads its client-mode settings (…_PATH: base64 of the PEM files,
# ROOTCERT_FILE) on every peer connection; they hold the server's own files.
start_cc_server() {
  local name="$1" org="$2" port="$3" jar="$4" pkg="$5"; shift 5
  local proc="cc-$name-$org" stamp tls b64; tls="$(cc_server_dir "$org")"; b64="$RUN/chaincode/tls-$org"
  mkdir -p "$b64"
  base64 -w0 "$tls/server.crt" >"$b64/server.crt.b64"
  (umask 077; base64 -w0 "$tls/server.key" >"$b64/server.key.b64")
  stamp="$pkg $(stat -c %Y "$jar") $* $(cc_java_opts "$name")"
  if pid_alive "$RUN/pids/$proc.pid" && [[ "$(cat "$RUN/chaincode/$proc.stamp" 2>/dev/null)" == "$stamp" ]]; then
    return 0
  fi
  stop_pidfile "$RUN/pids/$proc.pid"
  check_port_free "$proc" "$port"
  say "starting $org's chaincode server $name on 127.0.0.1:$port (TLS, clients of $org's TLS CA only)"
  spawn "$proc" env CHAINCODE_SERVER_ADDRESS="127.0.0.1:$port" CORE_CHAINCODE_ID_NAME="$pkg" \
    CORE_PEER_TLS_ENABLED=true CORE_TLS_CLIENT_CERT_FILE="$tls/server.crt" CORE_TLS_CLIENT_KEY_FILE="$tls/server.key" \
    CHAINCODE_TLS_CLIENT_CACERT="$tls/ca.crt" \
    CORE_TLS_CLIENT_CERT_PATH="$b64/server.crt.b64" CORE_TLS_CLIENT_KEY_PATH="$b64/server.key.b64" \
    CORE_PEER_TLS_ROOTCERT_FILE="$tls/ca.crt" "$@" java $(cc_java_opts "$name") -jar "$jar"
  echo "$stamp" >"$RUN/chaincode/$proc.stamp"
  wait_for_port "$proc" "$port" "${WEFT_START_TIMEOUT:-180}"
}

org_peer_args() {
  local args=() entry peer org idx
  for entry in "${PEERS[@]}"; do
    read -r peer org idx <<<"$entry"
    [[ "$peer" == peer0 ]] || continue
    args+=(--peerAddresses "127.0.0.1:$(peer_port "$idx")"
           --tlsRootCertFiles "$(org_dir "$org")/peers/$peer.$org.example.com/tls/ca.crt")
  done
  echo "${args[@]}"
}

# org_env ORG ENV…: the ENV entries for ORG's server: KEY=VALUE for every
# organisation, ORG:KEY=VALUE for ORG only (so organisations serve different logic).
org_env() {
  local org="$1" e; shift
  for e in "$@"; do
    case "$e" in
      "$org":*) echo "${e#"$org":}" ;;
      org[0-9]*:*) ;;
      *) echo "$e" ;;
    esac
  done
}

# deploy_ccaas NAME PORT JAR [ENV…]: installs, approves and commits NAME on the
# channel (only the steps not done yet), and serves it: org1's server on PORT,
# the next organisations' on PORT+3, PORT+6. ENV as org_env takes it. With
# CC_SIGNATURE_POLICY set, the definition carries that endorsement policy instead
# of the channel's default (MAJORITY).
deploy_ccaas() {
  local name="$1" port="$2" jar="$3"; shift 3
  local policy=()
  [[ -n "${CC_SIGNATURE_POLICY:-}" ]] && policy=(--signature-policy "$CC_SIGNATURE_POLICY")
  mkdir -p "$RUN/chaincode"
  local entry peer org idx pkgfile installed
  declare -A pkgs=()
  for org in "${ORGS[@]}"; do
    package_ccaas "$name" "$org" "$(cc_port "$port" "$org")"
    pkgs[$org]="$(peer lifecycle chaincode calculatepackageid "$RUN/chaincode/$name-$org.tar.gz")"
  done
  for entry in "${PEERS[@]}"; do
    read -r peer org idx <<<"$entry"
    pkgfile="$RUN/chaincode/$name-$org.tar.gz"
    # the list first, then the match: `queryinstalled | grep -q` fails under pipefail
    # whenever grep exits before the peer CLI has written everything (SIGPIPE)
    installed="$(as_admin "$org" "$idx" peer lifecycle chaincode queryinstalled 2>/dev/null || true)"
    if ! grep -qF "${pkgs[$org]}" <<<"$installed"; then
      say "installing $name on $peer.$org"
      as_admin "$org" "$idx" peer lifecycle chaincode install "$pkgfile" >>"$RUN/logs/deploy.log" 2>&1 \
        || { show_log "$RUN/logs/deploy.log"; show_log "$RUN/logs/$peer.$org.log"; die "install of $name on $peer.$org failed"; }
    fi
  done
  local envs
  for org in "${ORGS[@]}"; do
    mapfile -t envs < <(org_env "$org" "$@")
    start_cc_server "$name" "$org" "$(cc_port "$port" "$org")" "$jar" "${pkgs[$org]}" "${envs[@]}"
  done
  local pkg="${pkgs[org1]} ${pkgs[org2]} ${pkgs[org3]}"

  local committed seq
  committed="$(as_admin org1 0 peer lifecycle chaincode querycommitted -C "$CHANNEL" -n "$name" 2>/dev/null || true)"
  seq="$(sed -n 's/.*Sequence: \([0-9]*\).*/\1/p' <<<"$committed")"
  if [[ -n "$seq" ]] && [[ "$(cat "$(CC_SEQUENCE_FILE "$name")" 2>/dev/null)" == "$seq $pkg" ]]; then
    say "$name is already committed (sequence $seq, package $pkg)"
    return 0
  fi
  seq=$(( ${seq:-0} + 1 ))
  local orderer=(-o "127.0.0.1:$ORDERER_PORT" --tls --cafile "$(orderer_ca)")
  for org in "${ORGS[@]}"; do
    say "approving $name sequence $seq for $(org_msp "$org")"
    local i; i="$(first_peer_index "$org")"
    as_admin "$org" "$i" peer lifecycle chaincode approveformyorg "${orderer[@]}" -C "$CHANNEL" -n "$name" \
      -v 1 --package-id "${pkgs[$org]}" --sequence "$seq" "${policy[@]}" --waitForEvent >>"$RUN/logs/deploy.log" 2>&1 \
      || { show_log "$RUN/logs/deploy.log"; die "approval of $name by $org failed"; }
  done
  say "committing $name sequence $seq"
  # shellcheck disable=SC2046
  as_admin org1 0 peer lifecycle chaincode commit "${orderer[@]}" -C "$CHANNEL" -n "$name" -v 1 \
    --sequence "$seq" "${policy[@]}" --waitForEvent $(org_peer_args) >>"$RUN/logs/deploy.log" 2>&1 \
    || { show_log "$RUN/logs/deploy.log"; die "commit of $name failed"; }
  echo "$seq $pkg" >"$(CC_SEQUENCE_FILE "$name")"
}

first_peer_index() {
  local entry peer org idx
  for entry in "${PEERS[@]}"; do
    read -r peer org idx <<<"$entry"
    [[ "$org" == "$1" ]] && { echo "$idx"; return; }
  done
}

# invoke_as ORG FUNCTION ARGS_JSON: a peer CLI invoke endorsed by every org, waiting for commit.
invoke_as() {
  local org="$1" fn="$2" args="$3" i; i="$(first_peer_index "$org")"
  # shellcheck disable=SC2046
  as_admin "$org" "$i" peer chaincode invoke -o "127.0.0.1:$ORDERER_PORT" --tls --cafile "$(orderer_ca)" \
    -C "$CHANNEL" -n "$CC_NAME" $(org_peer_args) --waitForEvent \
    -c "{\"function\":\"$fn\",\"Args\":$args}"
}

query_as() {
  local org="$1" fn="$2" args="$3" i; i="$(first_peer_index "$org")"
  as_admin "$org" "$i" peer chaincode query -C "$CHANNEL" -n "$CC_NAME" -c "{\"function\":\"$fn\",\"Args\":$args}"
}

# ensure_jq: the packages' connection.json is written with jq; installed from Debian when missing.
ensure_jq() {
  command -v jq >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
    say "installing jq (writes the chaincode packages' connection.json)"
    mkdir -p "$CACHE"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q jq; } >"$CACHE/apt-jq.log" 2>&1 \
      || { show_log "$CACHE/apt-jq.log"; die "could not install jq"; }
  else
    die "jq is needed to package the chaincode: install the jq package"
  fi
}

deploy_weft() {
  local jar="$REPO/chaincode/target/weft-chaincode.jar"
  ensure_jq
  ensure_jar chaincode "$jar"
  deploy_ccaas "$CC_NAME" "$CC_PORT" "$jar"
  wait_for_chaincode
  local members; members="$(query_as org1 system:Members '[]' 2>&1 || true)"
  if grep -q NOT_INITIALISED <<<"$members"; then
    # The list takes effect once every listed organisation's admin has confirmed it.
    local org
    for org in "${ORGS[@]}"; do
      say "confirming the member organisations for $(org_msp "$org") (system:InitMembers)"
      invoke_as "$org" system:InitMembers '["[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"]"]' >>"$RUN/logs/deploy.log" 2>&1 \
        || { show_log "$RUN/logs/deploy.log"; die "system:InitMembers failed for $org"; }
    done
  fi
  say "chaincode $CC_NAME $(query_as org1 system:Version '[]')"
  deploy_samples
  wait_for_discovery "$CC_NAME" asset_v1 asset_v2 asset_nodes
}

# The sample target chaincode of gray upgrades, deployed twice: asset_v1 and asset_v2.
deploy_samples() {
  local jar="$REPO/examples/asset/target/weft-asset.jar"
  ensure_jar examples/asset "$jar"
  deploy_ccaas asset_v1 $((CC_PORT + 1)) "$jar" ASSET_VERSION=1
  deploy_ccaas asset_v2 $((CC_PORT + 2)) "$jar" ASSET_VERSION=2
  # The node-logic upgrade (S2.9): one definition, each organisation approving its
  # own package. Org1's and Org2's peers reach servers of logic-1 (version 1 of the
  # asset logic), Org3's peers a server of logic-2 (version 2); any one
  # organisation's endorsement suffices, so each logic's organisations endorse alone.
  CC_SIGNATURE_POLICY="OR('Org1MSP.peer','Org2MSP.peer','Org3MSP.peer')" \
    deploy_ccaas asset_nodes $((CC_PORT + 10)) "$jar" \
    org1:ASSET_VERSION=1 org1:NODE_LOGIC=logic-1 org2:ASSET_VERSION=1 org2:NODE_LOGIC=logic-1 \
    org3:ASSET_VERSION=2 org3:NODE_LOGIC=logic-2
}

# The first call after a commit launches the chaincode connection on each peer.
wait_for_chaincode() {
  local tries=0
  until query_as org1 system:Version '[]' >/dev/null 2>>"$RUN/logs/deploy.log"; do
    tries=$((tries + 1))
    if (( tries >= 30 )); then
      show_log "$RUN/logs/deploy.log"; show_log "$RUN/logs/cc-$CC_NAME-org1.log"
      die "chaincode $CC_NAME does not answer queries"
    fi
    sleep 1
  done
}

# wait_for_discovery CHAINCODE…: returns once every peer's discovery service has an
# endorsement plan for each chaincode (it asks them; gossip takes a while after a commit).
wait_for_discovery() {
  local args=() cc
  for cc in "$@"; do args+=(--chaincode "$cc"); done
  say "waiting until every peer's discovery can plan endorsements of $*"
  "$REPO/gateway/bin/weft" chain discovery "${args[@]}" --timeout 2m >>"$RUN/logs/deploy.log" 2>&1 \
    || { show_log "$RUN/logs/deploy.log"; die "discovery has no endorsement plan for $* on every peer"; }
}
