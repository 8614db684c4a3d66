# S4.8 deployment pattern: every organisation's gateway cluster as three members
# spread over "sites". A site is a run folder of its own ($RUN/sites/siteN: pids,
# logs, member data) and a port range of its own (BASE + 150 + 10 × N), so a site
# is started, listed and killed as a group. The members of an organisation share
# its standard engine (started as by `services`); the cluster is created and the
# members enrolled by the organisation's admin with `weft cluster create / enrol`.
#
#   ./test-network.sh cluster up | status | down | kill-site N
#
# Settings: WEFT_CLUSTER_SITES (3; 2 puts the third member beside the first),
# WEFT_CLUSTER_TTL (6s). Member mI (I = 1..3) signs as User(I+1) with priority
# 40 − 10 × I, on site ((I − 1) mod SITES) + 1: every master starts on site 1.
# shellcheck shell=bash

CLUSTER_MEMBERS=3
cluster_sites() { echo "${WEFT_CLUSTER_SITES:-3}"; }
member_site() { echo $(( ($1 - 1) % $(cluster_sites) + 1 )); }
member_port() { echo $(( BASE + 150 + 10 * $(member_site "$2") + $(org_index "$1") )); }
site_dir() { echo "$RUN/sites/site$1"; }

cluster_cli() {
  local org="$1"; shift
  WEFT_JAVA_OPTS="${WEFT_CLI_JAVA_OPTS:--Xmx192m}" "$WEFT" cluster "$@" --user Admin --profile "$org" --output json
}

# memberId@epoch of ORG's master, or nothing while it has none (or no cluster).
cluster_master() {
  cluster_cli "$1" status 2>/dev/null | python3 -c '
import json, sys
try:
    m = json.load(sys.stdin)["master"]["master"]
except Exception:
    sys.exit(0)
if m.get("memberId"):
    print("%s@%s" % (m["memberId"], m.get("epoch")))' || true
}

cluster_up() {
  local sites org i site port peers j name dir
  sites="$(cluster_sites)"
  [[ "$sites" == 2 || "$sites" == 3 ]] || die "WEFT_CLUSTER_SITES must be 2 or 3"
  ensure_jar gateway "$REPO/gateway/target/weft-gateway.jar"
  for org in "${ORGS[@]}"; do start_engine "$org"; done
  for org in "${ORGS[@]}"; do
    if ! cluster_cli "$org" status >/dev/null 2>&1; then
      say "creating $(org_msp "$org")'s cluster $org (TTL ${WEFT_CLUSTER_TTL:-6s})"
      cluster_cli "$org" create "$org" --ttl "${WEFT_CLUSTER_TTL:-6s}" >>"$RUN/logs/cluster.log" 2>&1 \
        || { show_log "$RUN/logs/cluster.log"; die "weft cluster create failed for $org"; }
    fi
    local enrolled; enrolled="$(cluster_cli "$org" members 2>>"$RUN/logs/cluster.log" || true)"
    for i in $(seq 1 "$CLUSTER_MEMBERS"); do
      grep -Eq "\"memberId\" ?: ?\"m$i\"" <<<"$enrolled" && continue
      say "enrolling m$i of $org (User$((i + 1)), priority $((40 - 10 * i)), site $(member_site "$i"), port $(member_port "$org" "$i"))"
      cluster_cli "$org" enrol "m$i" --identity "User$((i + 1))" --priority "$((40 - 10 * i))" \
        --address "127.0.0.1:$(member_port "$org" "$i")" >>"$RUN/logs/cluster.log" 2>&1 \
        || { show_log "$RUN/logs/cluster.log"; die "weft cluster enrol m$i failed for $org"; }
    done
  done
  for i in $(seq 1 "$CLUSTER_MEMBERS"); do
    site="$(member_site "$i")"; dir="$(site_dir "$site")"
    mkdir -p "$dir/pids" "$dir/logs"
    for org in "${ORGS[@]}"; do
      name="member-$org-m$i"
      pid_alive "$dir/pids/$name.pid" && continue
      port="$(member_port "$org" "$i")"
      check_port_free "$name" "$port"
      peers=""
      for j in $(seq 1 "$CLUSTER_MEMBERS"); do
        (( j == i )) || peers+="${peers:+,}127.0.0.1:$(member_port "$org" "$j")"
      done
      say "starting $name on site $site (cluster port $port)"
      setsid env WEFT_JAVA_OPTS="${WEFT_SERVICE_JAVA_OPTS:--Xmx256m}" "$WEFT" gateway run --profile "$org" \
        --user "User$((i + 1))" --cluster "$org" --member "m$i" --priority "$((40 - 10 * i))" \
        --peer-members "$peers" --engine "127.0.0.1:$(engine_port "$org")" --data "$dir/gateway/$org/m$i" \
        >>"$dir/logs/$name.log" 2>&1 </dev/null &
      echo $! >"$dir/pids/$name.pid"
    done
    # The first members (the highest priority) listen before the others start: under load a
    # JVM can take longer than a TTL to open its cluster port, and members that start together
    # register the best member they hear, so a slow m1 lost the first election to m2.
    if (( i == 1 )); then
      for org in "${ORGS[@]}"; do wait_member_port "$dir" "member-$org-m1" "$(member_port "$org" 1)"; done
    fi
  done
  for org in "${ORGS[@]}"; do
    local waited=0
    until [[ -n "$(cluster_master "$org")" ]]; do
      (( waited++ < 180 )) || die "$org's cluster has no master after 3 minutes (logs in $RUN/sites/*/logs)"
      sleep 1
    done
  done
  say "every organisation's cluster has a master"
  cluster_status
}

# Waits until member NAME (pid file in site folder DIR) listens on PORT, or dies, or 180 s pass.
wait_member_port() {
  local dir="$1" name="$2" port="$3" start=$SECONDS
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    pid_alive "$dir/pids/$name.pid" || { show_log "$dir/logs/$name.log"; die "$name died while starting"; }
    (( SECONDS - start < 180 )) || { show_log "$dir/logs/$name.log"; die "$name did not open port $port within 180s"; }
    sleep 0.2
  done
}

cluster_status() {
  local d f state
  for d in "$RUN"/sites/site*; do
    [[ -d "$d/pids" ]] || continue
    echo "$(basename "$d"):"
    for f in "$d"/pids/*.pid; do
      [[ -e "$f" ]] || continue
      if pid_alive "$f"; then state="running"; else state="DEAD"; fi
      printf '  %-20s pid %-8s %s\n' "$(basename "$f" .pid)" "$(cat "$f")" "$state"
    done
  done
  local org
  for org in "${ORGS[@]}"; do
    printf '%s master: %s\n' "$org" "$(cluster_master "$org")"
  done
}

# A whole site lost at once: SIGKILL of every member process (and its children) of site N.
cluster_kill_site() {
  local n="$1" f pid; [[ -d "$(site_dir "$n")/pids" ]] || die "no site $n in $RUN/sites"
  for f in "$(site_dir "$n")"/pids/*.pid; do
    [[ -e "$f" ]] || continue
    pid="$(cat "$f")"
    say "killing $(basename "$f" .pid) (site $n, pid $pid)"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
}

cluster_stop_members() {
  local f
  for f in "$RUN"/sites/site*/pids/*.pid; do
    [[ -e "$f" ]] || continue
    stop_pidfile "$f"
  done
}

cluster_down() {
  local org
  cluster_stop_members
  for org in "${ORGS[@]}"; do
    if cluster_cli "$org" status >/dev/null 2>&1; then
      say "dissolving $(org_msp "$org")'s cluster (its gateway is unfenced again)"
      cluster_cli "$org" dissolve >>"$RUN/logs/cluster.log" 2>&1 || warn "weft cluster dissolve failed for $org"
    fi
  done
  rm -rf "$RUN/sites"
}

cmd_cluster() {
  resolve_fabric
  [[ -f "$RUN/network.env" ]] || die "the network is not up; run ./test-network.sh up and deploy first"
  mkdir -p "$RUN/logs"
  case "${1:-status}" in
    up) cluster_up ;;
    status) cluster_status ;;
    down) cluster_down ;;
    kill-site) [[ -n "${2:-}" ]] || die "usage: $0 cluster kill-site N"; cluster_kill_site "$2" ;;
    *) die "usage: $0 cluster up|status|down|kill-site N" ;;
  esac
}
