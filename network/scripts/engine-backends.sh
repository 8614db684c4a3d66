# The heterogeneous engines of `./test-network.sh demo engines` that are servers or installs of
# their own: Org2's PostgreSQL (module jdbc) and Org3's Spark (module spark). Sourced by
# test-network.sh (uses say/die/show_log/CACHE/RUN/BASE from common.sh, ensure_spark from there).
#
#   ensure_postgres                          # initdb/pg_ctl/psql present, installed when missing
#   org2_postgres_up DIR PORT                # a throwaway cluster in DIR/pg on 127.0.0.1:PORT with Org2's
#                                            # sales, a SELECT-only role, DIR/org2.yaml for the jdbc module
#   org2_postgres_down DIR                   # stops that cluster (called by `down`)
#   org3_spark_config DIR                    # DIR/org3.yaml for the cached PySpark
# shellcheck shell=bash

ENGINES_EXAMPLES="$REPO/examples/engines"

# PostgreSQL server binaries (initdb, pg_ctl, psql): for the store's and the jdbc module's tests, and
# for Org2's database in the demo. Installed from the distribution when missing (as root).
ensure_postgres() {
  pg_bin_dir >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
    mkdir -p "$CACHE"
    say "installing PostgreSQL (throwaway clusters for tests and the engines demo)"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } >"$CACHE/apt.log" 2>&1 \
      || { show_log "$CACHE/apt.log"; die "could not install postgresql"; }
  else
    die "PostgreSQL server binaries (initdb, pg_ctl) are needed: install the postgresql package or set PG_BIN"
  fi
}

pg_bin_dir() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local d; d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [[ -n "$d" && -x "$d/initdb" ]] && { echo "$d"; return; }
  command -v initdb >/dev/null 2>&1 || return 1
  dirname "$(command -v initdb)"
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
pg_as_owner() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

org2_postgres_up() {
  local dir="$1" port="$2" bin password
  bin="$(pg_bin_dir)" || die "PostgreSQL server binaries are needed (ensure_postgres)"
  mkdir -p "$dir/pg"
  if [[ "$(id -u)" == 0 ]]; then chown postgres "$dir/pg"; chmod 755 "$dir"; fi
  if [[ ! -f "$dir/pg/data/PG_VERSION" ]]; then
    pg_as_owner "$bin/initdb" -D "$dir/pg/data" -U weft --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-sync >"$dir/pg/initdb.log" 2>&1 \
      || die "initdb failed: $(tail -5 "$dir/pg/initdb.log")"
  fi
  if [[ ! -f "$dir/pg/data/postmaster.pid" ]]; then
    check_port_free postgres-org2 "$port"
    # the owner (weft) sets it up over the cluster's own Unix socket; over TCP every role needs its password
    pg_as_owner "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
      -o "-p $port -k $dir/pg -c listen_addresses=127.0.0.1" start >/dev/null \
      || { show_log "$dir/pg/server.log"; die "PostgreSQL did not start"; }
  fi
  if [[ ! -s "$dir/org2-sales-db.password" ]]; then
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    (umask 077; printf '%s\n' "$password" >"$dir/org2-sales-db.password")
  fi
  password="$(head -n 1 "$dir/org2-sales-db.password")"
  PGOPTIONS="-c client_min_messages=warning" "$bin/psql" -q -h "$dir/pg" -p "$port" -U weft -d postgres \
    -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS weft_sales" -c "CREATE DATABASE weft_sales" >/dev/null
  # the password reaches psql on its stdin, never in argv
  "$bin/psql" -q -h "$dir/pg" -p "$port" -U weft -d weft_sales -v ON_ERROR_STOP=1 >/dev/null <<SQL
CREATE TABLE sales (id INT PRIMARY KEY, region TEXT NOT NULL, amount NUMERIC(12,2) NOT NULL);
INSERT INTO sales VALUES (1,'north',225),(2,'south',250),(3,'east',275),(4,'west',300),(5,'central',325);
DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'weft_reader') THEN CREATE ROLE weft_reader LOGIN; END IF; END \$\$;
ALTER ROLE weft_reader PASSWORD '$password';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT SELECT ON sales TO weft_reader;
SQL
  sed -e "s|@PG_PORT@|$port|" -e "s|@PASSWORD_FILE@|$dir/org2-sales-db.password|" \
    "$ENGINES_EXAMPLES/org2.yaml" >"$dir/org2.yaml"
  say "Org2's PostgreSQL (table sales, 5 rows) on 127.0.0.1:$port, cluster $dir/pg; engine config $dir/org2.yaml"
}

org2_postgres_down() {
  local dir="$1" bin
  [[ -f "$dir/pg/data/postmaster.pid" ]] || return 0
  bin="$(pg_bin_dir)" || return 0
  say "stopping Org2's PostgreSQL ($dir/pg)"
  pg_as_owner "$bin/pg_ctl" -D "$dir/pg/data" -w -t 30 -m fast stop >/dev/null 2>&1 || true
}

org3_spark_config() {
  local dir="$1"
  ensure_spark
  mkdir -p "$dir/spark-work"
  sed -e "s|@SPARK_HOME@|$WEFT_SPARK_HOME|" -e "s|@SPARK_PYTHON@|$WEFT_SPARK_PYTHON|" -e "s|@EXAMPLES@|$ENGINES_EXAMPLES|g" \
    -e "s|@WORK@|$dir/spark-work|" "$ENGINES_EXAMPLES/org3.yaml" >"$dir/org3.yaml"
  say "Org3's Spark ($WEFT_SPARK_HOME, master local[2]); engine config $dir/org3.yaml"
}
