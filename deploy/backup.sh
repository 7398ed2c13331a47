#!/usr/bin/env bash
# Backup of the portal: PostgreSQL (pg_dump, custom format) and uploaded media, in one
# time-stamped folder with checksums. Old backups beyond BACKUP_KEEP_DAYS are removed.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/guzman-portal/media deploy/backup.sh /var/backups/guzman-portal
#
# Prints the folder it wrote. Restore with deploy/restore.sh <folder>.
set -euo pipefail

DEST_ROOT=${1:?"uso: backup.sh CARPETA_DESTINO"}
: "${DATABASE_URL:?"falta DATABASE_URL (postgres://usuario:clave@servidor:puerto/base)"}"
MEDIA_ROOT=${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/private_media}
KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}

# libpq understands postgres:// and postgresql:// but not Django's extra query options.
libpq_url() {
  local url=${1%%\?*}
  url=${url/#pgsql:\/\//postgresql://}
  url=${url/#psql:\/\//postgresql://}
  echo "$url"
}

umask 077
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
DEST="$DEST_ROOT/guzman-portal-$STAMP"
mkdir -p "$DEST"

pg_dump --format=custom --compress=6 --no-owner --no-acl \
  --dbname="$(libpq_url "$DATABASE_URL")" --file="$DEST/db.dump"

archive() {
  local dir=$1 name=$2
  if [ -d "$dir" ]; then
    tar -C "$dir" -czf "$DEST/$name.tar.gz" .
  else
    tar -czf "$DEST/$name.tar.gz" -T /dev/null
  fi
}
archive "$MEDIA_ROOT" media
archive "$PRIVATE_MEDIA_ROOT" private_media

(cd "$DEST" && sha256sum db.dump ./*.tar.gz > SHA256SUMS)

if [ "$KEEP_DAYS" -gt 0 ]; then
  find "$DEST_ROOT" -maxdepth 1 -type d -name 'guzman-portal-*' -mtime +"$KEEP_DAYS" \
    -exec rm -rf {} +
fi
echo "$DEST"
