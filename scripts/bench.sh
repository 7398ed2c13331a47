#!/usr/bin/env bash
# make bench: a large data set on a scratch PostgreSQL (SQLite when PostgreSQL is missing),
# the portal under gunicorn with production settings, then scripts/bench_run.py, which measures
# every public page against the targets and writes the section "Última medición" of
# docs/rendimiento.md.
#
#   BENCH_SCALE=10000 BENCH_SECONDS=2 make bench
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
SCALE=${BENCH_SCALE:-10000}

for tool in wrk nginx openssl; do
  command -v "$tool" >/dev/null || { echo "make bench necesita $tool (apt-get install wrk nginx-light openssl)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/bench.XXXXXX)
chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
PGPORT=${BENCH_PGPORT:-5499}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -n "$PGBIN" ] && [ -d "$WORK/data" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
  [ "$(id -u)" = 0 ] && chown postgres: "$WORK"
  as_pg "$PGBIN/initdb" -D "$WORK/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # The settings production uses (docs/instalacion.md).
  cat deploy/postgresql/guzman-portal.conf >>"$WORK/data/postgresql.conf"
  as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w -t 60 -o \
    "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=off" \
    start >/dev/null || { cat "$WORK/pg.log" >&2; exit 1; }
  as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres portal
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/portal?conn_max_age=600"
  echo "== PostgreSQL temporal en el puerto $PGPORT"
else
  export DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
  echo "== PostgreSQL no está instalado: se usa SQLite (las cifras no son las de producción)"
fi

export DEBUG=false
export SECRET_KEY="bench-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export ALLOWED_HOSTS="127.0.0.1,localhost,puertoguzman-putumayo.gov.co"
export MEDIA_ROOT="$WORK/media" PRIVATE_MEDIA_ROOT="$WORK/private_media"
export EMAIL_URL="consolemail://" LOG_LEVEL=ERROR
# Simulated citizens send their own address, as nginx would (see scripts/bench_mixed.py).
export RATELIMIT_PROXY_HEADER=HTTP_X_REAL_IP
export PYTHONWARNINGS=ignore

run() { echo "   manage.py $*"; $PY manage.py "$@" >/dev/null; }

echo "== Esquema y datos (escala $SCALE)"
$PY manage.py migrate --noinput -v0
for command in setup_roles load_institution load_procedures load_transparency_menu load_gelt_plan seed_demo seed_demo_participation; do
  run "$command"
done
run seed_demo --scale "$SCALE"
run load_procedures --scale "$((SCALE / 20))"
run seed_demo_pqrsd
run seed_demo_pqrsd --scale "$((SCALE * 10))"
# The bulk loads send no signal: the search vectors of their rows are written here.
run update_search_vectors --missing
run measure_gelt
# The nightly sede check over every page of the large data set, published for the page that
# serves it (a failing rule is in the published result; the bench goes on).
run check_sede --publish || echo "   (check_sede: alguna regla falla; el resultado publicado lo dice)"
# Production settings serve static files from the hashed manifest.
$PY manage.py collectstatic --noinput -v0
if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -q -d portal -c "VACUUM ANALYZE" >/dev/null
fi

$PY scripts/bench_run.py
