"""WSGI entry point (gunicorn guzman_portal.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guzman_portal.settings")

application = get_wsgi_application()
