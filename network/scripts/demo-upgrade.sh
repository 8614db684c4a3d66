# The governed gray upgrade showcase (S2.1–S2.9): `./test-network.sh demo upgrade`.
# Org1 upgrades the sample asset chaincode from asset_v1 to asset_v2 through the
# phases pre-release → gray 10 % → switch → rollback; each phase is a proposal
# that the three organisations vote on, a tally, and the proposer's execution of
# its grant. After every phase real routed transactions show where traffic went.
# Then node logic (S2.9) on asset_nodes: the same call runs logic-2 for test traffic
# and logic-1 for production, and a call sent to the wrong logic's peers is refused.
# Needs the network up and deployed (cmd_demo does both). Sourced, not run.
# shellcheck shell=bash

# upgrade_weft ARGS…: the weft CLI, started for short runs.
upgrade_weft() {
  WEFT_JAVA_OPTS="${WEFT_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}" "$REPO/gateway/bin/weft" "$@"
}

# upgrade_step ROUTE STEP-ARGS…: Org1's admin proposes the step, the three
# organisations' admins vote yes, Org1 continues the step: tally and execute.
upgrade_step() {
  local route="$1" out id org; shift
  out="$(upgrade_weft "$@" --no-wait --user Admin --profile org1)" || { echo "$out"; die "proposing failed"; }
  echo "$out" | sed -n '/^proposed\|^continuing/p'
  id="$(sed -n 's/.*proposal \([0-9a-f]\{64\}\).*/\1/p' <<<"$out" | head -n 1)"
  [[ -n "$id" ]] || { echo "$out"; die "no proposal ID in the output"; }
  for org in org1 org2 org3; do
    upgrade_weft proposal vote "$id" yes --user Admin --profile "$org" || die "$org could not vote"
  done
  upgrade_watch_news
  upgrade_weft rollout advance "$route" --user Admin --profile org1 || die "the step did not pass"
}

# upgrade_traffic ROUTE TAG: routed CreateAsset calls per class, and where they landed.
upgrade_traffic() {
  local route="$1" tag="$2" cls
  echo "where traffic went after $tag:"
  for cls in test gray; do
    echo "  4 calls labelled --class $cls:"
    upgrade_weft invoke --logical "$route" --class "$cls" --repeat 4 --routing-key "$tag-$cls-{i}" --profile org2 \
      CreateAsset "$route-$tag-$cls-{i}" alice "{i}" | sed -n '2,$p' | sed 's/^/  /'
  done
  echo "  30 calls of regular traffic (--class auto; the gray rule splits it into GRAY and PRODUCTION by customer):"
  upgrade_weft invoke --logical "$route" --class auto --repeat 30 --parallel 6 --routing-key "customer-{i}" --profile org3 \
    CreateAsset "$route-$tag-auto-{i}" bob "{i}" | sed -n '2,$p' | sed 's/^/  /'
}

# Org2's gateway view: the governance notices its `proposal watch` printed since last time.
upgrade_watch_news() {
  local log="$RUN/logs/demo-upgrade-watch-org2.log" seen="$RUN/logs/demo-upgrade-watch-org2.seen" n
  [[ -f "$log" ]] || return 0
  n="$(cat "$seen" 2>/dev/null || echo 0)"
  tail -n "+$((n + 1))" "$log" | grep '^\[block' | sed 's/^/  Org2 is told: /' || true
  wc -l <"$log" >"$seen"
}

upgrade_watch_start() {
  local log="$RUN/logs/demo-upgrade-watch-org2.log"
  : >"$log"; rm -f "$RUN/logs/demo-upgrade-watch-org2.seen"
  # spawn logs to $RUN/logs/<name>.log, the file read above; `down` stops it like every tracked process.
  spawn demo-upgrade-watch-org2 env WEFT_JAVA_OPTS="-Xmx128m" "$REPO/gateway/bin/weft" proposal watch \
    --timeout 15m --user Admin --profile org2
  local waited=0
  until grep -q "^watching governance" "$log" 2>/dev/null; do
    (( waited++ < 300 )) || { warn "Org2's governance watch did not start"; return 0; }
    sleep 0.1
  done
}

upgrade_watch_stop() {
  stop_pidfile "$RUN/pids/demo-upgrade-watch-org2.pid"
  rm -f "$RUN/pids/demo-upgrade-watch-org2.pid"
}

upgrade_phase() {
  printf '\n\033[1m--- %s ---\033[0m\n' "$*"
}

demo_upgrade() {
  local route node
  route="asset-demo-$(date +%s)"
  node="node-logic-$(date +%s)"
  ensure_jar gateway "$REPO/gateway/target/weft-gateway.jar"
  say "demo upgrade: a governed gray upgrade of the asset chaincode (asset_v1 -> asset_v2) as route $route"

  upgrade_phase "governance: the three organisations vote, User1..User4 of each are named voters"
  # Governance takes effect once every organisation's admin has confirmed the same settings.
  local org
  for org in org1 org2 org3; do
    upgrade_weft proposal bootstrap --if-absent --min-voters 3 --user Admin --profile "$org" \
      $(for o in org1 org2 org3; do for u in User1 User2 User3 User4; do printf -- '--named-voter %s:%s ' "$o" "$u"; done; done) \
      || die "governance bootstrap failed for $org"
  done
  upgrade_watch_start

  upgrade_phase "phase 1/4: pre-release (S2.8a) - pre-release test transactions go to v2"
  upgrade_step "$route" rollout start "$route" --old asset_v1@1 --new asset_v2@2 --emergency-org Org1MSP \
    --description "pre-release asset v2"
  upgrade_traffic "$route" pre

  upgrade_phase "phase 2/4: gray release (S2.8b) - gray transactions and 10% of customers go to v2"
  upgrade_step "$route" rollout advance "$route" --gray 10% --description "gray 10%"
  upgrade_traffic "$route" gray

  upgrade_phase "phase 3/4: version switch (S2.8c) - production goes to v2"
  upgrade_step "$route" rollout advance "$route" --switch --description "switch to v2"
  upgrade_traffic "$route" switch

  upgrade_phase "phase 4/4: rollback - every class back to v1"
  upgrade_step "$route" rollout rollback "$route" --reason "demo: back to v1" --description "roll back"
  upgrade_traffic "$route" rollback

  upgrade_phase "where traffic went, counted on chain (route:Stats), and the route's history"
  upgrade_weft rollout status "$route" --history --profile org1

  upgrade_phase "node logic (S2.9): asset_nodes - Org1's and Org2's peers run logic-1 (asset v1), Org3's peer logic-2 (asset v2)"
  local org
  for org in org1 org2 org3; do
    printf '  %s peer answers Version: %s\n' "$org" "$(as_admin "$org" "$(first_peer_index "$org")" \
      peer chaincode query -C "$CHANNEL" -n asset_nodes -c '{"function":"Version","Args":[]}' 2>&1 | tail -n 1)"
  done
  upgrade_step "$node" rollout start "$node" --old logic-1 --old-orgs Org1MSP,Org2MSP \
    --new logic-2 --new-orgs Org3MSP --description "node logic 2 on Org3's peers"
  local cls
  echo "the same call, CreateAsset <id> carol 7, once per class: logic-2 records who wrote it and when, logic-1 does not"
  for cls in test production; do
    upgrade_weft invoke --logical "$node" --class "$cls" --target-chaincode asset_nodes --routing-key "$node-$cls" \
      --verify-endorsers --profile org1 CreateAsset "$node-$cls" carol 7 | sed 's/^/  /'
  done
  echo "a production call sent to the new-logic peer on purpose is refused by it (MISROUTED), and nothing is written:"
  local refused
  refused="$(upgrade_weft invoke --logical "$node" --class production --target-chaincode asset_nodes \
    --routing-key "$node-m" --endorsing-orgs Org3MSP --profile org1 CreateAsset "$node-m" carol 7 2>&1)" \
    && die "the misrouted call was not refused: $refused"
  grep -q MISROUTED <<<"$refused" || die "the misrouted call failed for another reason: $refused"
  { grep -o 'MISROUTED[^|]*logic-[12][^|]*' <<<"$refused" || grep -o 'MISROUTED.*' <<<"$refused"; } | head -n 1 \
    | cut -c1-200 | sed 's/^/  /'
  printf '  AssetExists %s on Org1'"'"'s peer: %s\n' "$node-m" "$(as_admin org1 "$(first_peer_index org1)" \
    peer chaincode query -C "$CHANNEL" -n asset_nodes -c "{\"function\":\"AssetExists\",\"Args\":[\"$node-m\"]}" 2>&1 | tail -n 1)"
  upgrade_watch_news
  upgrade_watch_stop
  upgrade_gateway_log org3
}

# What an organisation's running gateway (started by `demo tasks`) logged of governance (S2.6).
upgrade_gateway_log() {
  local org="$1" log="$RUN/logs/gateway-$1.log"
  [[ -f "$log" ]] && pid_alive "$RUN/pids/gateway-$org.pid" || return 0
  upgrade_phase "the gateway of $org logged the vote requests addressed to it and the decisions (last 4 lines)"
  grep -E 'vote requested|PASSED|REJECTED|EXPIRED' "$log" | tail -n 4 | sed 's/^.* - //' | cut -c1-200
}
