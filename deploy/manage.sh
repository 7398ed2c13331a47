#!/usr/bin/env bash
# manage.py with the production environment, e.g. `sudo -u guzman deploy/manage.sh migrate`.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
# shellcheck disable=SC1090
. "${GUZMAN_PORTAL_ENV:-/etc/guzman-portal.env}"
set +a
exec .venv/bin/python manage.py "$@"
