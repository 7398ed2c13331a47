"""
The admin site of the project: Django's admin plus, when OTP_REQUIRED_FOR_STAFF is on (the
default in production), a TOTP code from the staff member's phone at login (django-otp), asked
with the password in one step (guzman_portal.staff_auth); staff without a device are sent to
enrol one (guzman_portal.two_factor).
"""

from functools import wraps

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import escape

from portal.staff import verified_staff

from . import staff_auth, two_factor


class PortalAdminSite(AdminSite):
    """Asks for a verified OTP device only when OTP_REQUIRED_FOR_STAFF is on."""

    @property
    def login_form(self):
        return staff_auth.StaffLoginForm if settings.OTP_REQUIRED_FOR_STAFF else None

    @property
    def login_template(self):
        return "admin/two_factor/login.html" if settings.OTP_REQUIRED_FOR_STAFF else None

    def has_permission(self, request):
        return verified_staff(request.user)

    def admin_view(self, view, cacheable=False):
        """Every admin view reads its query without NUL bytes, which PostgreSQL refuses in a
        text parameter (a search, an autocomplete term, a filter): no 500 for a typed %00."""

        @wraps(view)
        def without_nul(request, *args, **kwargs):
            if any("\x00" in value for _, values in request.GET.lists() for value in values):
                query = request.GET.copy()
                for key, values in query.lists():
                    query.setlist(key, [value.replace("\x00", "") for value in values])
                request.GET = query
            return view(request, *args, **kwargs)

        return super().admin_view(without_nul, cacheable)

    def login(self, request, extra_context=None):
        if request.method == "POST" and staff_auth.login_blocked(request):
            return lockout_response(request)
        if request.method == "GET" and two_factor.must_enrol(request):
            return redirect("staff_two_factor")
        response = super().login(request, extra_context)
        if request.method == "POST" and two_factor.must_enrol(request):
            return redirect("staff_two_factor")  # the password was right: now the phone
        return response

    def get_urls(self):
        # Django's "view on site" shortcut (r/<type>/<id>/) redirects any staff member to any
        # object's public address, revealing a draft's slug: ours asks the object's admin first.
        shortcut = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        return [shortcut, *urls]

    def view_on_site(self, request, content_type_id, object_id):
        """The public page of an object, only when the user may see it in the admin."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404("No existe ese tipo de contenido.") from error
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_permission(request):
            raise Http404("No existe ese objeto.")
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404("No existe ese objeto.")
        return contenttype_views.shortcut(request, content_type_id, object_id)


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
