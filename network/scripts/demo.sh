# The showcases. `demo` with no argument runs them all, from nothing.
# shellcheck shell=bash


demo_ping() {
  say "demo ping: peer CLI query, then a gateway submit with commit status and chaincode event"
  echo "system:Version via peer chaincode query (as Org2):"
  query_as org2 system:Version '[]'
  echo "weft chain ping --profile org3:"
  "$WEFT" chain ping --profile org3 --message "hello from the demo"
}

cmd_demo() {
  local which="${1:-all}"
  cmd_install
  network_up
  deploy_weft
  ensure_jar gateway "$REPO/gateway/target/weft-gateway.jar"
  case "$which" in
    all) demo_ping ;;
    ping) demo_ping ;;
    *) die "unknown demo '$which' (ping)" ;;
  esac
  say "demo done; the network stays up (./test-network.sh down stops it)"
}
