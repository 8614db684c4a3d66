# Building, packaging, approving, committing and serving chaincode as a service.
# shellcheck shell=bash

CC_SEQUENCE_FILE() { echo "$RUN/chaincode/$1.sequence"; }

# ensure_jar MODULE_DIR JAR: builds the shaded jar when it is missing or older than its sources.
ensure_jar() {
  local module="$1" jar="$2"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$REPO/$module/src" "$REPO/$module/pom.xml" "$REPO/pom.xml" -newer "$jar" -print -quit)" ]]; then
    say "building $module"
    (cd "$REPO" && mvn -q -B -DskipTests -pl "$module" -am install) >"$RUN/logs/build-$(basename "$module").log" 2>&1 \
      || { show_log "$RUN/logs/build-$(basename "$module").log" 40; die "maven build of $module failed"; }
  fi
}

# package_ccaas NAME PORT: writes $RUN/chaincode/NAME.tar.gz; prints nothing.
package_ccaas() {
  local name="$1" port="$2" work="$RUN/chaincode/$1.pkg"
  rm -rf "$work"; mkdir -p "$work/src"
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' "$port" >"$work/src/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "${name}_1" >"$work/metadata.json"
  tar -C "$work/src" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - connection.json | gzip -n >"$work/code.tar.gz"
  tar -C "$work" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - metadata.json code.tar.gz | gzip -n >"$RUN/chaincode/$name.tar.gz"
}

# start_cc_server NAME PORT JAR PACKAGE_ID [ENV…]: (re)starts the chaincode server
# when it is not running, or runs an older jar or another package ID.
start_cc_server() {
  local name="$1" port="$2" jar="$3" pkg="$4"; shift 4
  local proc="cc-$name" stamp
  stamp="$pkg $(stat -c %Y "$jar") $*"
  if pid_alive "$RUN/pids/$proc.pid" && [[ "$(cat "$RUN/chaincode/$proc.stamp" 2>/dev/null)" == "$stamp" ]]; then
    return 0
  fi
  stop_pidfile "$RUN/pids/$proc.pid"
  check_port_free "$proc" "$port"
  say "starting chaincode server $name on 127.0.0.1:$port"
  spawn "$proc" env CHAINCODE_SERVER_ADDRESS="127.0.0.1:$port" CORE_CHAINCODE_ID_NAME="$pkg" \
    CORE_PEER_TLS_ENABLED=false "$@" java ${WEFT_CC_JAVA_OPTS:--Xmx512m} -jar "$jar"
  echo "$stamp" >"$RUN/chaincode/$proc.stamp"
  wait_for_port "$proc" "$port" 60
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

# deploy_ccaas NAME PORT JAR [ENV…]: installs, approves and commits NAME on the
# channel (only the steps not done yet), and serves it.
deploy_ccaas() {
  local name="$1" port="$2" jar="$3"; shift 3
  mkdir -p "$RUN/chaincode"
  package_ccaas "$name" "$port"
  local pkgfile="$RUN/chaincode/$name.tar.gz" pkg
  pkg="$(peer lifecycle chaincode calculatepackageid "$pkgfile")"
  local entry peer org idx
  for entry in "${PEERS[@]}"; do
    read -r peer org idx <<<"$entry"
    if ! as_admin "$org" "$idx" peer lifecycle chaincode queryinstalled 2>/dev/null | grep "$pkg" >/dev/null; then
      say "installing $name on $peer.$org"
      as_admin "$org" "$idx" peer lifecycle chaincode install "$pkgfile" >>"$RUN/logs/deploy.log" 2>&1 \
        || { show_log "$RUN/logs/deploy.log"; show_log "$RUN/logs/$peer.$org.log"; die "install of $name on $peer.$org failed"; }
    fi
  done
  start_cc_server "$name" "$port" "$jar" "$pkg" "$@"

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
      -v 1 --package-id "$pkg" --sequence "$seq" --waitForEvent >>"$RUN/logs/deploy.log" 2>&1 \
      || { show_log "$RUN/logs/deploy.log"; die "approval of $name by $org failed"; }
  done
  say "committing $name sequence $seq"
  # shellcheck disable=SC2046
  as_admin org1 0 peer lifecycle chaincode commit "${orderer[@]}" -C "$CHANNEL" -n "$name" -v 1 \
    --sequence "$seq" --waitForEvent $(org_peer_args) >>"$RUN/logs/deploy.log" 2>&1 \
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

deploy_weft() {
  local jar="$REPO/chaincode/target/weft-chaincode.jar"
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
}

# The sample target chaincode of gray upgrades, deployed twice: asset_v1 and asset_v2.
deploy_samples() {
  local jar="$REPO/examples/asset/target/weft-asset.jar"
  ensure_jar examples/asset "$jar"
  deploy_ccaas asset_v1 $((CC_PORT + 1)) "$jar" ASSET_VERSION=1
  deploy_ccaas asset_v2 $((CC_PORT + 2)) "$jar" ASSET_VERSION=2
}

# The first call after a commit launches the chaincode connection on each peer.
wait_for_chaincode() {
  local tries=0
  until query_as org1 system:Version '[]' >/dev/null 2>>"$RUN/logs/deploy.log"; do
    tries=$((tries + 1))
    if (( tries >= 30 )); then
      show_log "$RUN/logs/deploy.log"; show_log "$RUN/logs/cc-$CC_NAME.log"
      die "chaincode $CC_NAME does not answer queries"
    fi
    sleep 1
  done
}
