# Shared settings and helpers for test-network.sh. Sourced, not run.
# shellcheck shell=bash

FABRIC_VERSION=3.1.5
# Fabric's v3 tags are not valid Go module versions (the module path has no /v3),
# so `go install` pins the commit of the release tag.
FABRIC_COMMIT=86c1172bec37e6590c6b1ae6f847833df48d65fc
FABRIC_TOOLS=(peer orderer configtxgen cryptogen osnadmin)

RUN="${WEFT_RUN_DIR:-$REPO/.run}"
export WEFT_RUN_DIR="$RUN" WEFT_HOME="$REPO"
CACHE="${WEFT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/weft}"
CHANNEL="${WEFT_CHANNEL_NAME:-weft}"
CC_NAME=weft
ORGS=(org1 org2 org3)

# Ports come from one base so that two networks never collide. The base chosen
# at `up` is remembered in the run folder and reused by every later command.
if [[ -f "$RUN/network.env" ]]; then
  # shellcheck disable=SC1091
  source "$RUN/network.env"
fi
BASE="${WEFT_BASE_PORT:-${BASE:-27050}}"
BATCH_TIMEOUT="${WEFT_BATCH_TIMEOUT:-${BATCH_TIMEOUT:-250ms}}"
BATCH_MAX_MESSAGES="${WEFT_BATCH_MAX_MESSAGES:-${BATCH_MAX_MESSAGES:-100}}"

ORDERER_PORT=$((BASE))
ORDERER_ADMIN_PORT=$((BASE + 1))
ORDERER_OPS_PORT=$((BASE + 2))
CC_PORT=$((BASE + 60))

# Peers, in a fixed order: name org index
PEERS=("peer0 org1 0" "peer1 org1 1" "peer0 org2 2" "peer0 org3 3")
peer_port()     { echo $((BASE + 10 + 10 * $1)); }
peer_cc_port()  { echo $((BASE + 11 + 10 * $1)); }
peer_ops_port() { echo $((BASE + 12 + 10 * $1)); }

CRYPTO="$RUN/crypto"
org_domain() { echo "$1.example.com"; }
org_msp()    { echo "Org${1#org}MSP"; }
org_dir()    { echo "$CRYPTO/peerOrganizations/$1.example.com"; }
orderer_dir() { echo "$CRYPTO/ordererOrganizations/example.com/orderers/orderer.example.com"; }
orderer_ca() { echo "$(orderer_dir)/tls/ca.crt"; }

say()  { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints the last lines of a log under a heading, for failure messages.
show_log() {
  local log="$1" lines="${2:-30}"
  if [[ -f "$log" ]]; then
    printf -- '--- last %s lines of %s ---\n' "$lines" "$log" >&2
    tail -n "$lines" "$log" >&2
    printf -- '---\n' >&2
  fi
}

port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$port" 2>/dev/null | grep -q .
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

pid_alive() {
  local pidfile="$1"
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# Starts a process in its own session, records its PID, logs to the run folder.
spawn() {
  local name="$1"; shift
  mkdir -p "$RUN/pids" "$RUN/logs"
  setsid "$@" >>"$RUN/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/pids/$name.pid"
}

# Waits until a TCP port accepts connections, or the process dies, or time runs out.
# The limit is wall-clock seconds: a JVM on a loaded machine can take minutes to
# open its port, and a process that died is reported at once anyway.
wait_for_port() {
  local name="$1" port="$2" timeout="${3:-180}" start=$SECONDS
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! pid_alive "$RUN/pids/$name.pid"; then
      show_log "$RUN/logs/$name.log"
      die "$name died while starting (see $RUN/logs/$name.log)"
    fi
    if (( SECONDS - start >= timeout )); then
      show_log "$RUN/logs/$name.log"
      die "$name did not open port $port within ${timeout}s"
    fi
    sleep 0.2
  done
}

stop_pidfile() {
  local pidfile="$1" pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
