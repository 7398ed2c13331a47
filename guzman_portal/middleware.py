"""Project-wide middleware: headers Django does not set, and a calm answer when the database is down."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import engines

logger = logging.getLogger(__name__)

# Rendered once, from a string: no database, no context processors, no static manifest lookups.
UNAVAILABLE_HTML = """<!doctype html>
<html lang="es-CO">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Servicio no disponible | Portal municipal</title>
<link rel="stylesheet" href="{{ css }}"></head>
<body>
<main id="contenido" class="wrap">
<h1>El portal no está disponible en este momento</h1>
<p>Estamos teniendo una falla técnica temporal y no podemos mostrar esta página.
Ninguna información se ha perdido. Por favor intente de nuevo en unos minutos.</p>
<p>Si necesita radicar una solicitud urgente, acérquese a la Alcaldía o escriba al correo de
contacto que aparece en los documentos oficiales del municipio.</p>
</main>
</body>
</html>
"""


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response (Django sets the other security headers itself)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


def unavailable_response():
    from django.templatetags.static import static

    try:
        css = static("css/site.css")
    except ValueError:  # no manifest yet (collectstatic not run)
        css = settings.STATIC_URL + "css/site.css"
    html = engines["django"].from_string(UNAVAILABLE_HTML).render({"css": css})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """
    A database that cannot be reached becomes a Spanish 503 page instead of a 500.

    Django opens a fresh connection on the next request, so the site recovers by itself when
    the database comes back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Base de datos no disponible: %s", exception)
            return unavailable_response()
        return None
