# Pieces of `./test-network.sh demo engines` for Org2 (PostgreSQL, module jdbc) and Org3 (Spark,
# module spark); source this file from test-network.sh (it uses say/die/CACHE and, for Spark,
# ensure_spark from there). Each function takes the demo's run folder.
#
#   demo_org2_postgres_up "$RUN/engines"     # a PostgreSQL server on loopback with Org2's sales,
#                                            # a SELECT-only role, org2-postgres.yaml beside them
#   demo_org3_spark_config "$RUN/engines"    # org3-spark.yaml for the cached PySpark
#   demo_org2_postgres_down "$RUN/engines"

ENGINES_EXAMPLES="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

pg_bin_dir() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local d; d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [[ -n "$d" ]] && { echo "$d"; return; }
  dirname "$(command -v initdb)"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pg_as_owner() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

demo_org2_postgres_up() {
  local dir="$1" bin port engine_port="${2:-7162}"
  bin="$(pg_bin_dir)" || die "PostgreSQL server binaries are needed (apt-get install postgresql)"
  mkdir -p "$dir/pg"
  [[ "$(id -u)" == 0 ]] && chown postgres "$dir/pg" && chmod 755 "$dir"
  port="$(free_port)"
  if [[ ! -f "$dir/pg/data/PG_VERSION" ]]; then
    pg_as_owner "$bin/initdb" -D "$dir/pg/data" -U weft -A trust -E UTF8 --no-sync >"$dir/pg/initdb.log" 2>&1 \
      || die "initdb failed: $(tail -5 "$dir/pg/initdb.log")"
  fi
  pg_as_owner "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
    -o "-p $port -k $dir/pg -c listen_addresses=127.0.0.1" start >/dev/null || die "PostgreSQL did not start"
  echo "$port" >"$dir/pg/port"
  local password; password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  (umask 077; printf '%s\n' "$password" >"$dir/org2-sales-db.password")
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U weft -d postgres -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS weft_sales" -c "CREATE DATABASE weft_sales" >/dev/null
  # the password travels on psql's stdin, never in argv
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U weft -d weft_sales -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE TABLE sales (id INT PRIMARY KEY, region TEXT NOT NULL, amount NUMERIC(12,2) NOT NULL);
INSERT INTO sales VALUES (1,'north',225),(2,'south',250),(3,'east',275),(4,'west',300),(5,'central',325);
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'weft_reader') THEN CREATE ROLE weft_reader LOGIN; END IF; END $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT SELECT ON sales TO weft_reader;
SQL
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U weft -d weft_sales -v ON_ERROR_STOP=1 >/dev/null <<SQL
ALTER ROLE weft_reader PASSWORD '$password';
SQL
  sed -e "s|@PG_PORT@|$port|" -e "s|@ENGINE_PORT@|$engine_port|" -e "s|@PASSWORD_FILE@|$dir/org2-sales-db.password|" \
    "$ENGINES_EXAMPLES/org2-postgres.yaml.in" >"$dir/org2-postgres.yaml"
  say "Org2's PostgreSQL (sales, 5 rows, sum 1375) on 127.0.0.1:$port; engine config $dir/org2-postgres.yaml"
}

demo_org2_postgres_down() {
  local dir="$1" bin; bin="$(pg_bin_dir)"
  [[ -f "$dir/pg/data/postmaster.pid" ]] && pg_as_owner "$bin/pg_ctl" -D "$dir/pg/data" -w -m fast stop >/dev/null || true
}

demo_org3_spark_config() {
  local dir="$1" engine_port="${2:-7163}"
  ensure_spark
  mkdir -p "$dir/spark-work"
  sed -e "s|@SPARK_HOME@|$WEFT_SPARK_HOME|" -e "s|@SPARK_PYTHON@|$WEFT_SPARK_PYTHON|" -e "s|@EXAMPLES@|$ENGINES_EXAMPLES|g" \
    -e "s|@WORK@|$dir/spark-work|" -e "s|@ENGINE_PORT@|$engine_port|" \
    "$ENGINES_EXAMPLES/org3-spark.yaml.in" >"$dir/org3-spark.yaml"
  say "Org3's Spark job (local[2], sales sum 1875); engine config $dir/org3-spark.yaml"
}
