#!/usr/bin/env bash
# A real Hyperledger Fabric v3 network for Weft, run natively (no Docker):
# one Raft orderer, Org1 (two peers), Org2, Org3, TLS everywhere, on loopback,
# with the Weft chaincode served as a chaincode-as-a-service process.
#
#   ./test-network.sh install | up | deploy | services | status | env ORG | down
#   ./test-network.sh demo [ping|tasks|metrics|private-sum|engines|upgrade]  the showcase, from nothing
#   ./test-network.sh cluster up|status|down|kill-site N   every organisation's gateway cluster over sites (S4.8)
#   ./test-network.sh test                          every test, real network included
#   ./test-network.sh browser                       install what the console's browser test needs (test does it too)
#
# Settings (environment): WEFT_BASE_PORT (27050), WEFT_RUN_DIR (./.run),
# WEFT_BATCH_TIMEOUT (250ms), WEFT_BATCH_MAX_MESSAGES (100), FABRIC_BIN,
# WEFT_START_TIMEOUT (180 s a process may take to open its port).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=network/scripts/common.sh
source "$REPO/network/scripts/common.sh"
source "$REPO/network/scripts/fabric-bin.sh"
source "$REPO/network/scripts/nodes.sh"
source "$REPO/network/scripts/chaincode.sh"
source "$REPO/network/scripts/services.sh"
source "$REPO/network/scripts/demo.sh"
source "$REPO/network/scripts/demo-upgrade.sh"
source "$REPO/network/scripts/demo-engines.sh"
source "$REPO/network/scripts/engine-backends.sh"
source "$REPO/network/scripts/cluster.sh"

cmd_install() {
  resolve_fabric
  say "Fabric $FABRIC_VERSION binaries: $FABRIC_BIN_DIR (from $FABRIC_SOURCE); config: $FABRIC_CONFIG_DIR"
  command -v java >/dev/null || die "java (17+) is required"
  command -v mvn >/dev/null || die "maven is required"
}

cmd_up() {
  resolve_fabric
  network_up
}

cmd_deploy() {
  resolve_fabric
  [[ -f "$RUN/network.env" ]] || die "the network is not up; run ./test-network.sh up first"
  network_up >/dev/null
  deploy_weft
}

cmd_down() {
  local f
  org2_postgres_down "$RUN/engines"
  for f in "$RUN"/sites/site*/pids/*.pid; do
    [[ -e "$f" ]] || continue
    say "stopping $(basename "$f" .pid) ($(basename "$(dirname "$(dirname "$f")")"))"
    stop_pidfile "$f"
  done
  if [[ -d "$RUN/pids" ]]; then
    for f in "$RUN"/pids/*.pid; do
      [[ -e "$f" ]] || continue
      say "stopping $(basename "$f" .pid)"
      stop_pidfile "$f"
    done
  fi
  stop_strays
  rm -rf "$RUN"
  local leftover=()
  for p in $(seq "$BASE" $((BASE + 199))); do port_in_use "$p" && leftover+=("$p"); done
  if (( ${#leftover[@]} )); then
    warn "ports still listening in $BASE..$((BASE + 199)): ${leftover[*]} (not started by this run folder?)"
  fi
  say "network is down"
}

# stop_strays: a process still listening on this network's ports whose command line or
# environment points into this run folder was started by it but is no longer tracked
# by a pid file (seen once: a chaincode server that outlived `down`). It is stopped,
# and named, so that the next `up` finds its ports free.
stop_strays() {
  command -v ss >/dev/null 2>&1 || return 0
  local p pid seen
  for p in $(seq "$BASE" $((BASE + 199))); do
    for pid in $(ss -Hltnp "sport = :$p" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
      [[ "$pid" == "$$" ]] && continue
      # read first, then match: `tr | grep -q` fails under pipefail when grep stops early
      seen="$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null; tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || true
      if grep -qF "$RUN/" <<<"$seen"; then
        warn "port $p: stopping untracked process $pid of this run folder: $(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-160)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done
  done
}

cmd_status() {
  if [[ ! -d "$RUN/pids" ]]; then echo "network: down (no run folder at $RUN)"; return 3; fi
  local f name state rc=0
  echo "network: run folder $RUN, base port $BASE, channel $CHANNEL, BatchTimeout $BATCH_TIMEOUT"
  for f in "$RUN"/pids/*.pid; do
    [[ -e "$f" ]] || continue
    name="$(basename "$f" .pid)"
    if pid_alive "$f"; then state="running"; else state="DEAD"; rc=1; fi
    printf '  %-16s pid %-8s %s\n' "$name" "$(cat "$f")" "$state"
  done
  return $rc
}

cmd_env() {
  local org="${1:-}" idx
  [[ " ${ORGS[*]} " == *" $org "* ]] || die "usage: $0 env org1|org2|org3"
  [[ -d "$CRYPTO" ]] || die "the network is not up; run ./test-network.sh up first"
  resolve_fabric
  idx="$(first_peer_index "$org")"
  cat <<ENV
export PATH="$FABRIC_BIN_DIR:\$PATH"
export FABRIC_CFG_PATH="$FABRIC_CONFIG_DIR"
export FABRIC_LOGGING_SPEC="info:grpc=warning"
export CORE_PEER_TLS_ENABLED=true
export CORE_PEER_LOCALMSPID=$(org_msp "$org")
export CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/Admin@$org.example.com/msp"
export CORE_PEER_ADDRESS=127.0.0.1:$(peer_port "$idx")
export CORE_PEER_TLS_ROOTCERT_FILE="$(org_dir "$org")/peers/peer0.$org.example.com/tls/ca.crt"
export ORDERER_ADDRESS=127.0.0.1:$ORDERER_PORT
export ORDERER_CA="$(orderer_ca)"
export WEFT_CHANNEL=$CHANNEL
export WEFT_CHAINCODE=$CC_NAME
export WEFT_ENDORSERS="$(org_peer_args)"
export WEFT_ADMIN_URL=https://127.0.0.1:$(gateway_admin_port "$org")
export WEFT_ENGINE_ADMIN_URL=https://127.0.0.1:$(engine_admin_port "$org")
export WEFT_GATEWAY_ADDRESS=127.0.0.1:$(gateway_api_port "$org")
export WEFT_TLS_CERT="$(org_dir "$org")/users/Admin@$org.example.com/tls/client.crt"
export WEFT_TLS_KEY="$(org_dir "$org")/users/Admin@$org.example.com/tls/client.key"
export WEFT_TLS_CA="$(org_dir "$org")/tlsca/tlsca.$org.example.com-cert.pem"
ENV
}

# What the test suite needs beyond Java and Maven: a PostgreSQL server binary for the
# store's and the jdbc module's PostgreSQL tests (each test starts its own throwaway cluster on loopback).
ensure_test_tools() { ensure_postgres; }

# A headless browser for the console's browser test (ConsoleBrowserIT): Debian's chromium and its
# chromedriver (driven by Selenium), NSS's tools (the test gives the browser an organisation's TLS client
# identity in an NSS database of its own), and a managed chromium policy that picks that client
# certificate for https://127.0.0.1 without asking (only loopback addresses).
CHROMIUM_POLICY=/etc/chromium/policies/managed/weft-console-test.json
ensure_browser() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
      || ! command -v pk12util >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
      say "installing chromium, chromium-driver and libnss3-tools (for the console's browser test)"
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver libnss3-tools; } \
        >"$CACHE/apt-browser.log" 2>&1 || { show_log "$CACHE/apt-browser.log"; die "could not install chromium"; }
    else
      die "the console's browser test needs chromium, chromium-driver and libnss3-tools: install those packages"
    fi
  fi
  if [[ ! -f "$CHROMIUM_POLICY" ]]; then
    [[ "$(id -u)" == 0 ]] || die "the console's browser test needs $CHROMIUM_POLICY (run once as root)"
    mkdir -p "$(dirname "$CHROMIUM_POLICY")"
    printf '%s\n' '{"AutoSelectCertificateForUrls": ["{\"pattern\":\"https://127.0.0.1:*\",\"filter\":{}}"]}' \
      >"$CHROMIUM_POLICY"
  fi
}

# Spark for the spark conversion module's tests and Org3's engine in `demo engines`: PySpark (which ships Spark and spark-submit) from the
# Python package index, installed once into a cached virtual environment and reused by every later run.
SPARK_VERSION=4.0.1
spark_venv() { echo "$CACHE/pyspark-$SPARK_VERSION"; }
ensure_spark() {
  local venv; venv="$(spark_venv)"
  if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import pyspark' >/dev/null 2>&1; then
    export_spark "$venv"; return 0
  fi
  say "installing PySpark $SPARK_VERSION once into $venv (for the Spark module's tests)"
  if ! python3 -m venv "$venv" >"$CACHE/pyspark.log" 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv; } >>"$CACHE/pyspark.log" 2>&1 \
        && python3 -m venv "$venv" >>"$CACHE/pyspark.log" 2>&1 || { show_log "$CACHE/pyspark.log"; die "could not create a Python venv"; }
    else
      show_log "$CACHE/pyspark.log"; die "python3 -m venv failed: install python3-venv"
    fi
  fi
  "$venv/bin/pip" install -q "pyspark==$SPARK_VERSION" >>"$CACHE/pyspark.log" 2>&1 \
    || { rm -rf "$venv"; show_log "$CACHE/pyspark.log"; die "could not install pyspark $SPARK_VERSION"; }
  export_spark "$venv"
}
export_spark() {
  local home; home="$("$1/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
  export WEFT_SPARK_HOME="$home" WEFT_SPARK_PYTHON="$1/bin/python"
}

cmd_test() {
  mkdir -p "$CACHE"
  ensure_test_tools
  ensure_spark
  ensure_browser
  cmd_install
  say "running every test: unit tests, then integration tests on the real network"
  (cd "$REPO" && mvn -B verify "$@")
}

main() {
  local cmd="${1:-help}"; shift || true
  case "$cmd" in
    install) cmd_install ;;
    up) cmd_up ;;
    deploy) cmd_deploy ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env "$@" ;;
    demo) cmd_demo "$@" ;;
    services)
      resolve_fabric
      case "${1:-start}" in start) start_org_services ;; stop) stop_org_services ;; *) die "usage: $0 services [start|stop]" ;; esac ;;
    cluster) cmd_cluster "$@" ;;
    test) cmd_test "$@" ;;
    browser) mkdir -p "$CACHE"; ensure_browser ;;
    help|-h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$cmd' (try: $0 help)" ;;
  esac
}

main "$@"
