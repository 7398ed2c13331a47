"""
The admin site of the project: Django's admin plus, when OTP_REQUIRED_FOR_STAFF is on (the
default in production), a TOTP code from the staff member's phone at login (django-otp).
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.http import HttpResponse
from django.utils.html import escape
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    """Asks for a verified OTP device only when OTP_REQUIRED_FOR_STAFF is on."""

    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.OTP_REQUIRED_FOR_STAFF else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.OTP_REQUIRED_FOR_STAFF else None

    def has_permission(self, request):
        if settings.OTP_REQUIRED_FOR_STAFF:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)


LOCKOUT_HTML = """<!doctype html>
<html lang="es-CO">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acceso bloqueado temporalmente</title></head>
<body>
<main>
<h1>Acceso bloqueado temporalmente</h1>
<p>{message}</p>
<p>Si usted es funcionario y olvidó su contraseña, pida a la mesa de ayuda de sistemas que la
restablezca.</p>
</main>
</body>
</html>
"""


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer after too many failed logins: a Spanish page, HTTP 429."""
    message = escape(settings.AXES_COOLOFF_MESSAGE)
    response = HttpResponse(LOCKOUT_HTML.format(message=message), status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME * 3600))
    return response
