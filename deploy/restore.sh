#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a fresh (empty) PostgreSQL database and a
# media folder. Refuses to write over a database that already has tables.
#
#   DATABASE_URL=postgres://.../portal_nueva MEDIA_ROOT=/srv/guzman-portal/media \
#     deploy/restore.sh /var/backups/guzman-portal/guzman-portal-20261124T031500Z
set -euo pipefail

SRC=${1:?"uso: restore.sh CARPETA_DE_LA_COPIA"}
: "${DATABASE_URL:?"falta DATABASE_URL de la base de destino (vacía)"}"
MEDIA_ROOT=${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/private_media}

libpq_url() {
  local url=${1%%\?*}
  url=${url/#pgsql:\/\//postgresql://}
  url=${url/#psql:\/\//postgresql://}
  echo "$url"
}
TARGET=$(libpq_url "$DATABASE_URL")

(cd "$SRC" && sha256sum --quiet -c SHA256SUMS) || {
  echo "La copia en $SRC está incompleta o dañada (SHA256SUMS no coincide)." >&2
  exit 1
}

tables=$(psql --no-psqlrc -tA --dbname="$TARGET" \
  -c "select count(*) from pg_tables where schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "La base de destino ya tiene $tables tablas: restaure en una base nueva y vacía." >&2
  exit 1
fi

pg_restore --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$TARGET" "$SRC/db.dump"

mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$SRC/media.tar.gz"
tar -C "$PRIVATE_MEDIA_ROOT" -xzf "$SRC/private_media.tar.gz"
echo "Restaurada la copia $SRC"
