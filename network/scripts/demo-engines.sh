# demo engines: one task, a different heterogeneous engine per organisation (S1.6-S1.9, docs/engines.md).
# shellcheck shell=bash

hetero_port() { echo $((BASE + 105 + 10 * $(org_index "$1"))); }
scoring_port() { echo $((BASE + 104)); }
org2_postgres_port() { echo $((BASE + 114)); }

# Writes ORG's engine configuration into the run folder, with what its heterogeneous engine needs
# running or installed first: Org1 its Python HTTP service, Org2 its PostgreSQL server, Org3 PySpark.
prepare_hetero_engine() {
  local org="$1" dir="$RUN/engines"
  mkdir -p "$dir" "$CACHE"
  case "$org" in
    org1) start_scoring_service
      sed -e "s|@SCORING_URL@|http://127.0.0.1:$(scoring_port)|g" "$ENGINES_EXAMPLES/org1.yaml" >"$dir/org1.yaml" ;;
    org2) ensure_postgres; org2_postgres_up "$dir" "$(org2_postgres_port)" ;;
    org3) org3_spark_config "$dir" ;;
  esac
}

# Starts `weft engine serve --config` on ORG's engine configuration (prepare_hetero_engine).
start_hetero_engine() {
  local org="$1" name="hetero-engine-$1" port; port="$(hetero_port "$org")"
  pid_alive "$RUN/pids/$name.pid" && return 0
  prepare_hetero_engine "$org"
  check_port_free "$name" "$port"
  say "starting $org's standard engine for its heterogeneous engine on 127.0.0.1:$port ($RUN/engines/$org.yaml)"
  spawn "$name" env WEFT_JAVA_OPTS="${WEFT_SERVICE_JAVA_OPTS:--Xmx192m}" "$WEFT" engine serve --profile "$org" \
    --bind 127.0.0.1 --port "$port" --config "$RUN/engines/$org.yaml"
  wait_for_port "$name" "$port" 120
}

start_scoring_service() {
  local name="python-scoring" port tls; port="$(scoring_port)"
  pid_alive "$RUN/pids/$name.pid" && return 0
  check_port_free "$name" "$port"
  tls="$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["gatewayTls"]; print(t["cert"], t["key"], t["ca"])' \
    "$RUN/profiles/org1.json")"
  read -r cert key ca <<<"$tls"
  say "starting Org1's Python HTTP scoring service on 127.0.0.1:$port (calls back with Org1's TLS identity)"
  spawn "$name" python3 "$REPO/gateway/src/test/resources/engines/scoring_server.py" --port "$port" \
    --cert "$cert" --key "$key" --ca "$ca" --delay-ms 500
  wait_for_port "$name" "$port" 30
}

demo_engines() {
  say "demo engines: one task, a different heterogeneous engine in each organisation"
  start_org_services
  local org out
  for org in "${ORGS[@]}"; do start_hetero_engine "$org"; done
  # the gateways learn the new engines: restarted with them (they resume from their stores)
  for org in "${ORGS[@]}"; do
    if ! tr '\0' ' ' <"/proc/$(cat "$RUN/pids/gateway-$org.pid")/cmdline" 2>/dev/null \
        | grep -q "127.0.0.1:$(hetero_port "$org")"; then
      stop_pidfile "$RUN/pids/gateway-$org.pid"
      WEFT_EXTRA_ENGINE="127.0.0.1:$(hetero_port "$org")" start_gateway "$org"
    fi
  done
  out="$("$WEFT" task define "$REPO/examples/tasks/three-org-engines.json" --profile org1 --user Admin 2>&1)" || {
    grep -q ALREADY_EXISTS <<<"$out" || { echo "$out" >&2; die "could not register the task definition"; }
  }
  for org in org2 org3; do
    out="$("$WEFT" task approve three-org-engines --profile "$org" --user Admin 2>&1)" || {
      grep -q ALREADY_EXISTS <<<"$out" || { echo "$out" >&2; die "$org could not approve the definition"; }
    }
  done
  echo "Org1: a Python HTTP scoring service (push); Org2: a PostgreSQL query (jdbc); Org3: a Spark job (spark, local[2])."
  echo "Org2 creates a task and waits while the three gateways run it on their heterogeneous engines:"
  local task log="$RUN/logs/demo-engines-task.out"
  "$WEFT" task create three-org-engines --profile org2 --wait --timeout PT300S | tee "$log" \
    || die "the task did not complete (see $RUN/logs/hetero-engine-*.log, gateway-*.log)"
  task="$(sed -n 's/^created task \([0-9a-f]*\) .*/\1/p' "$log" | head -n 1)"
  echo "Merged result of the three engines, as returned on chain:"
  "$WEFT" task status "$task" --profile org2 --output json \
    | python3 -c 'import json,sys
t=json.load(sys.stdin)
for s in t["subtasks"]:
    if s["state"]["name"]=="merged": print(s["results"][0]["value"])'
}
