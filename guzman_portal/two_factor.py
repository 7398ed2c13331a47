"""
Staff two-factor login (TOTP, django-otp): checking a code at login and the self-service
enrolment of a staff member's own phone, with recovery codes.

A staff member without a device logs in with their password and is sent here: they scan a QR
code (or type the secret) into an authenticator app (Google Authenticator, FreeOTP, Aegis,
Microsoft Authenticator), confirm one code, and receive ten recovery codes, shown once. Only a
staff member without a confirmed device may enrol: a stolen password cannot add a second phone.
Losing the phone and every recovery code is solved by an administrator, who deletes the device
in the admin ("Dispositivos TOTP"); the staff member then enrols again (docs/seguridad.md).
"""

import base64
import secrets

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
DEVICE_NAME = "Aplicación de autenticación"
RECOVERY_DEVICE_NAME = "Códigos de recuperación"


def normalize(code: str) -> str:
    """What a person types, as stored: no spaces or hyphens, lower case."""
    return "".join(code.split()).replace("-", "").lower()


def has_device(user) -> bool:
    """Whether the user has confirmed a TOTP app (recovery codes come with it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_enrol(request) -> bool:
    """A logged-in staff member who must set up two-factor login before using the admin."""
    user = request.user
    return (
        settings.OTP_REQUIRED_FOR_STAFF
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and not has_device(user)
    )


def verify_code(user, code: str):
    """
    The confirmed device of `user` that accepts `code` (six digits of the app, or a recovery
    code, which is then used up), or None. It runs the same steps whether `user` is None (a
    wrong password) or not, so a wrong code cannot be told from a wrong password by the answer
    or its time. A device throttled by repeated failures (django-otp) accepts nothing.
    """
    code = normalize(code or "")
    user_id = user.pk if user is not None else None
    # ASCII only: "²".isdigit() is true, and int("²") fails.
    is_number = code.isascii() and code.isdigit()
    if is_number:
        devices = list(TOTPDevice.objects.filter(user_id=user_id, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user_id=user_id, confirmed=True))
    # The same arithmetic as a real check, when there is no device to check against.
    TOTP(secrets.token_bytes(20)).verify(int(code) if is_number else 0, tolerance=1)
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if allowed and code and device.verify_token(code):
            return device
    return None


def secret_for_people(device) -> str:
    """The TOTP secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device) -> str:
    """The otpauth:// address of the device as a QR code, an SVG data URI for an <img>."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label="Código de 6 dígitos que muestra la aplicación",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        error_messages={"required": "Escriba el código de 6 dígitos que muestra la aplicación."},
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = normalize(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("El código tiene 6 dígitos, sin letras.")
        allowed, _ = self.device.verify_is_allowed()  # django-otp slows down repeated failures
        if not allowed:
            raise forms.ValidationError(
                "Hubo varios intentos seguidos. Espere unos segundos y escriba el código que "
                "muestre entonces la aplicación."
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                "El código no coincide. Revise que la hora del teléfono sea la correcta y "
                "escriba el código que se muestra ahora (cambia cada 30 segundos)."
            )
        return code


def _pending_device(user):
    """The device being enrolled: the same one on every visit, so a scanned QR stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def _confirm(request, device):
    """Confirm the app, replace any recovery codes, and mark this session verified."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    StaticDevice.objects.filter(user=request.user).delete()
    recovery = StaticDevice.objects.create(user=request.user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    otp_login(request, device)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


@never_cache
@sensitive_post_parameters("code")
def enrol(request):
    """Set up two-factor login for oneself: QR code and secret, one code, recovery codes."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if has_device(user):
        messages.info(request, "Su verificación en dos pasos ya está configurada.")
        return redirect("admin:index")
    device = _pending_device(user)
    form = ConfirmForm(request.POST or None, device=device)
    context = {
        **admin_site.each_context(request),
        "title": "Configurar la verificación en dos pasos",
        "form": form,
        "qr_data_uri": qr_data_uri(device),
        "secret": secret_for_people(device),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    if request.method == "POST" and form.is_valid():
        context["recovery_codes"] = _confirm(request, device)
        context["title"] = "Guarde sus códigos de recuperación"
        return TemplateResponse(request, "admin/two_factor/recovery_codes.html", context)
    return TemplateResponse(request, "admin/two_factor/enrol.html", context)
