# The showcases. `demo` with no argument runs them all, from nothing.
# shellcheck shell=bash


demo_ping() {
  say "demo ping: peer CLI query, then a gateway submit with commit status and chaincode event"
  echo "system:Version via peer chaincode query (as Org2):"
  query_as org2 system:Version '[]'
  echo "weft chain ping --profile org3:"
  "$WEFT" chain ping --profile org3 --message "hello from the demo"
}

# Three organisations each total their own private sales table; Org1 combines.
demo_tasks() {
  say "demo tasks: a three-organisation DAG on the real network"
  start_org_services
  local out org
  out="$("$WEFT" task define "$REPO/examples/tasks/three-org-sales.json" --profile org1 --user Admin 2>&1)" || {
    grep -q ALREADY_EXISTS <<<"$out" || { echo "$out" >&2; die "could not register the task definition"; }
  }
  echo "task definition three-org-sales proposed by Org1's admin; a task of it cannot start before every"
  echo "participant organisation approved it:"
  if [[ "$("$WEFT" task definitions three-org-sales --profile org2 --output json \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["active"])')" == False ]]; then
    out="$("$WEFT" task create three-org-sales --profile org2 2>&1)" && die "a task of an unapproved definition started"
    grep -q DEFINITION_NOT_APPROVED <<<"$out" || { echo "$out" >&2; die "unexpected refusal"; }
    grep -o 'DEFINITION_NOT_APPROVED.*' <<<"$out" | head -n 1 || true
  else
    echo "  (already active from an earlier run)"
  fi
  # Org1's approval came with its proposal (unless an earlier run already approved)
  for org in org2 org3; do
    echo "$org's admin reads the definition and approves its digest:"
    out="$("$WEFT" task approve three-org-sales --profile "$org" --user Admin 2>&1)" || {
      grep -q ALREADY_EXISTS <<<"$out" || { echo "$out" >&2; die "$org could not approve the definition"; }
      echo "  (already approved by $org)"; continue
    }
    head -n 1 <<<"$out"
  done
  echo
  "$WEFT" task definitions three-org-sales --profile org1 | sed -n '/^approvals:/,$p'
  echo
  echo "Org2 tries to make the others run its own SQL (--param query=SELECT …): refused, nothing written:"
  out="$("$WEFT" task create three-org-sales --profile org2 \
    --param "query=SELECT amount * 1000 AS amount FROM sales" 2>&1)" && die "the chain accepted a creator's SQL"
  grep -q PARAMETER_NOT_ALLOWED <<<"$out" || { echo "$out" >&2; die "unexpected refusal"; }
  grep -o 'PARAMETER_NOT_ALLOWED.*' <<<"$out" | head -n 1 || true
  echo
  echo "Org2 creates a task and waits while the three gateways run it:"
  local task log="$RUN/logs/demo-task.out"
  "$WEFT" task create three-org-sales --profile org2 --wait --timeout PT120S | tee "$log" \
    || die "the task did not complete (see $RUN/logs/gateway-*.log)"
  task="$(sed -n 's/^created task \([0-9a-f]*\) .*/\1/p' "$log" | head -n 1)"
  echo
  echo "The DAG with each subtask's state (mermaid):"
  "$WEFT" task graph "$task" --format mermaid --profile org2
  echo
  echo "Result of 'total' as returned on chain:"
  "$WEFT" task status "$task" --profile org2 --output json \
    | python3 -c 'import json,sys
t=json.load(sys.stdin)
for s in t["subtasks"]:
    if s["state"]["name"]=="total": print(s["results"][0]["value"])'
}

# The joint total done right (S1.10): one collaborative subtask of the three organisations, whose
# engines exchange additive shares over their exchange ports; no organisation's own total goes on chain.
demo_private_sum() {
  say "demo private-sum: a joint total whose parts no organisation reveals (collaborative subtask, S1.10)"
  start_org_services
  local out org task log="$RUN/logs/demo-private-sum.out"
  out="$("$WEFT" task define "$REPO/examples/tasks/private-sum.json" --profile org1 --user Admin 2>&1)" || {
    grep -q ALREADY_EXISTS <<<"$out" || { echo "$out" >&2; die "could not register the task definition"; }
  }
  for org in org2 org3; do
    out="$("$WEFT" task approve private-sum --profile "$org" --user Admin 2>&1)" || {
      grep -q ALREADY_EXISTS <<<"$out" || { echo "$out" >&2; die "$org could not approve the definition"; }
    }
  done
  echo "exchange endpoints published on chain (exchange:GetEndpoints):"
  query_as org2 exchange:GetEndpoints '[]' | python3 -c 'import json,sys
for e in json.load(sys.stdin)["items"]: print("  %s  %s" % (e["mspId"], e["address"]))'
  echo "Org3 creates a private-sum task and waits while the three engines exchange shares:"
  "$WEFT" task create private-sum --profile org3 --wait --timeout PT180S | tee "$log" \
    || die "the task did not complete (see $RUN/logs/engine-*.log and gateway-*.log)"
  task="$(sed -n 's/^created task \([0-9a-f]*\) .*/\1/p' "$log" | head -n 1)"
  echo
  echo "What each organisation submitted, and the manifest of what it exchanged (digests and sizes only):"
  "$WEFT" task status "$task" --profile org1 --output json | python3 -c 'import json,re,sys
t=json.load(sys.stdin)
s=[s for s in t["subtasks"] if s["state"]["name"]=="total"][0]
for r in s["results"]:
    print("  %s: %s" % (r["mspId"], r["value"]))
    for m in r["manifest"]:
        print("      %-8s %-7s %s %s… %d bytes" % (m["direction"], m["name"], m["peer"], m["digest"][:12], m["size"]))
record=re.sub("[0-9a-f]{64}", "#", json.dumps(t))
own=[f for f in ("875", "1375", "1875") if re.search("(?<![0-9])%s(\\.0+)?(?![0-9])" % f, record)]
if own: sys.exit("an organisation'"'"'s own total is on chain: %s" % own)
print("  the task'"'"'s record on chain holds the total, and none of 875, 1375, 1875")'
  echo "Every block of the channel, read through Org2's peer: arguments, writes, events and responses of every"
  echo "transaction searched for the three organisations' own totals (docs/exchange.md):"
  local scan
  scan="$("$WEFT" chain scan --figures 875,1375,1875 --strict private-sum --profile org2 2>&1)" \
    || { echo "$scan" >&2; die "an organisation's own total is in a transaction of private-sum"; }
  grep -v '^  found elsewhere' <<<"$scan" | sed 's/^/  /'
  local elsewhere; elsewhere="$(grep -c '^  found elsewhere' <<<"$scan" || true)"
  (( elsewhere == 0 )) || echo "  ($elsewhere hit(s) in other definitions' transactions, e.g. three-org-sales, which publishes each partial sum by design)"
}

# What a running gateway tells its operators (docs/operations.md): the Prometheus
# text at $WEFT_ADMIN_URL/metrics, read with the organisation's client certificate.
demo_metrics() {
  local org="${1:-org1}" url dir text
  url="https://127.0.0.1:$(gateway_admin_port "$org")"
  dir="$(org_dir "$org")"
  say "demo metrics: curl $url/metrics with $org's Admin TLS client certificate (mutual TLS)"
  text="$(curl -sS --fail --cert "$dir/users/Admin@$org.example.com/tls/client.crt" \
    --key "$dir/users/Admin@$org.example.com/tls/client.key" \
    --cacert "$dir/tlsca/tlsca.$org.example.com-cert.pem" "$url/metrics")" \
    || die "the gateway of $org does not serve $url/metrics"
  grep -E '^weft_(subtasks_(taken|completed|failed|resent)_total|subtask_ready_to_commit_seconds_(count|sum)|engine_call_seconds_count|event_lag_blocks|task_list_size|result_list_size|chain_mvcc_retries_total|dead_letters_total)' \
    <<<"$text" | sed 's/^/  /'
  echo "  (and the histogram buckets: weft_subtask_ready_to_commit_seconds_bucket, weft_engine_call_seconds_bucket)"
  echo "without a client certificate the handshake is refused:"
  if curl -sS --cacert "$dir/tlsca/tlsca.$org.example.com-cert.pem" "$url/metrics" >/dev/null 2>&1; then
    die "the admin port answered a client without a certificate"
  fi
  echo "  refused"
}

cmd_demo() {
  local which="${1:-all}"
  cmd_install
  network_up
  deploy_weft
  ensure_jar gateway "$REPO/gateway/target/weft-gateway.jar"
  case "$which" in
    all) demo_ping; demo_tasks; demo_metrics org1; demo_private_sum; demo_engines; demo_upgrade ;;
    ping) demo_ping ;;
    tasks) demo_tasks; demo_metrics org1 ;;
    metrics) start_org_services; demo_metrics org1 ;;
    upgrade) demo_upgrade ;;
    engines) demo_engines ;;
    private-sum) demo_private_sum ;;
    *) die "unknown demo '$which' (ping, tasks, metrics, private-sum, engines, upgrade)" ;;
  esac
  say "demo done; the network stays up (./test-network.sh down stops it)"
}
