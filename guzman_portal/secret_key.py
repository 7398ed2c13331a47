"""
Production never runs on the development key: sessions, signed links and form tokens, the
outbox's encrypted codes and the tracking-code hashes all depend on SECRET_KEY.

Development commands (`make run`, `manage.py makemigrations`, the tests) may use the shipped
development key. What serves the portal with DEBUG off refuses it: the WSGI application that
gunicorn loads raises, and `manage.py check --deploy` reports an error.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_SECRET_KEY = "django-insecure-solo-para-desarrollo-y-pruebas"
MISSING = (
    "Falta SECRET_KEY: en producción (DEBUG apagado) el portal no arranca sin una clave secreta "
    "larga y aleatoria en /etc/guzman-portal.env (docs/instalacion.md)."
)


def lacks_own_key() -> bool:
    return not settings.DEBUG and settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY


def require_own_key():
    """Called by the WSGI application before it serves anything."""
    if lacks_own_key():
        raise ImproperlyConfigured(MISSING)


@checks.register(checks.Tags.security, deploy=True)
def check_own_key(app_configs, **kwargs):
    return [checks.Error(MISSING, id="guzman_portal.E001")] if lacks_own_key() else []
