"""WSGI entry point (gunicorn guzman_portal.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guzman_portal.settings")

application = get_wsgi_application()

from guzman_portal.secret_key import require_own_key  # noqa: E402 (needs the settings loaded)

require_own_key()
