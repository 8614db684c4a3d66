# Each organisation's off-chain side: a standard engine and a gateway, as
# tracked processes of the run folder (so `down` stops them too).
# shellcheck shell=bash

WEFT="$REPO/gateway/bin/weft"
org_index() { echo $(( ${1#org} - 1 )); }
engine_port() { echo $((BASE + 100 + 10 * $(org_index "$1"))); }
# The HTTPS admin ports (metrics, console; mutual TLS) of ORG's engine and gateway, and its gateway's gRPC API.
engine_admin_port() { echo $(( $(engine_port "$1") + 1 )); }
gateway_admin_port() { echo $(( $(engine_port "$1") + 2 )); }
gateway_api_port() { echo $(( $(engine_port "$1") + 3 )); }
# ORG's exchange port (S1.10, mutual TLS with the member organisations' TLS CAs).
exchange_port() { echo $(( $(engine_port "$1") + 6 )); }
# ORG's item stream (large items beside the exchange port, same mutual TLS; docs/exchange.md "Fourth round").
exchange_stream_port() { echo $(( $(engine_port "$1") + 7 )); }
start_engine() {
  local org="$1" port name="engine-$1"; port="$(engine_port "$org")"
  pid_alive "$RUN/pids/$name.pid" && return 0
  check_port_free "$name" "$port"
  check_port_free "$name" "$(engine_admin_port "$org")"
  check_port_free "$name" "$(exchange_port "$org")"
  check_port_free "$name" "$(exchange_stream_port "$org")"
  say "starting the standard engine of $org on 127.0.0.1:$port (mutual TLS, demo data seeded, named queries of $org, exchange port $(exchange_port "$org"), item stream $(exchange_stream_port "$org"))"
  # the only SQL this engine runs: the organisation's own named queries (issue 9 item 3)
  spawn "$name" env WEFT_JAVA_OPTS="${WEFT_SERVICE_JAVA_OPTS:--Xmx256m}" "$WEFT" engine serve --profile "$org" \
    --bind 127.0.0.1 --port "$port" --seed-demo "$org" --data "$RUN/engine/$org" \
    --queries "$REPO/examples/queries/$org.json" --admin-port "$(engine_admin_port "$org")" \
    --exchange-port "$(exchange_port "$org")" --exchange-stream-port "$(exchange_stream_port "$org")" \
    --exchange-trust channel
  wait_for_port "$name" "$port" "${WEFT_START_TIMEOUT:-180}"
}

start_gateway() {
  local org="$1" name="gateway-$1" waited=0
  pid_alive "$RUN/pids/$name.pid" && return 0
  check_port_free "$name" "$(gateway_admin_port "$org")"
  check_port_free "$name" "$(gateway_api_port "$org")"
  say "starting the gateway of $org (console and metrics on admin port $(gateway_admin_port "$org"), API on $(gateway_api_port "$org"))"
  spawn "$name" env WEFT_JAVA_OPTS="${WEFT_SERVICE_JAVA_OPTS:--Xmx256m}" "$WEFT" gateway run --profile "$org" \
    --engine "127.0.0.1:$(engine_port "$org")" ${WEFT_EXTRA_ENGINE:+--engine "$WEFT_EXTRA_ENGINE"} \
    --data "$RUN/gateway/$org" --admin-port "$(gateway_admin_port "$org")" --api-port "$(gateway_api_port "$org")"
  until grep -q "running; data in" "$RUN/logs/$name.log" 2>/dev/null; do
    if ! pid_alive "$RUN/pids/$name.pid"; then show_log "$RUN/logs/$name.log"; die "$name died while starting"; fi
    (( waited++ < 900 )) || { show_log "$RUN/logs/$name.log"; die "$name did not start within 90s"; }
    sleep 0.1
  done
}

start_org_services() {
  local org
  ensure_jar gateway "$REPO/gateway/target/weft-gateway.jar"
  for org in "${ORGS[@]}"; do start_engine "$org"; done
  publish_exchange_endpoints
  for org in "${ORGS[@]}"; do start_gateway "$org"; done
}

# Each organisation's admin publishes where its exchange port listens (exchange:SetEndpoint), once.
publish_exchange_endpoints() {
  local org published; published="$(query_as org1 exchange:GetEndpoints '[]' 2>/dev/null || true)"
  for org in "${ORGS[@]}"; do
    grep -q "\"address\":\"127.0.0.1:$(exchange_port "$org")\",[^}]*\"mspId\":\"$(org_msp "$org")\"" <<<"$published" \
      && continue
    say "publishing $(org_msp "$org")'s exchange endpoint 127.0.0.1:$(exchange_port "$org") (exchange:SetEndpoint)"
    invoke_as "$org" exchange:SetEndpoint "[\"127.0.0.1:$(exchange_port "$org")\"]" >>"$RUN/logs/services.log" 2>&1 \
      || { show_log "$RUN/logs/services.log"; die "exchange:SetEndpoint failed for $org"; }
  done
}

stop_org_services() {
  local org
  for org in "${ORGS[@]}"; do
    stop_pidfile "$RUN/pids/gateway-$org.pid"
    stop_pidfile "$RUN/pids/engine-$org.pid"
  done
}
