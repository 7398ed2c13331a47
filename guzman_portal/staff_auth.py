"""
Staff login to ASVS level 2: one form for user name, password and two-factor code, login
throttling beyond django-axes, and staff sessions that end after a working day without use.

- The login form (with OTP_REQUIRED_FOR_STAFF) asks for the three at once and answers every
  failure with one message through the same steps, so a wrong code does not tell an attacker
  that the password was right. A staff member without a device logs in with the password and
  is sent to enrol one (guzman_portal.two_factor).
- django-axes locks a (user name, address) pair after AXES_FAILURE_LIMIT failures. On top of
  it, failed logins are counted per address across user names (password spraying) and per
  user name across addresses (a distributed attempt on one account), in the shared rate-limit
  counters (portal.ratelimit): past LOGIN_FAILURES_PER_ADDRESS or LOGIN_FAILURES_PER_USER in
  LOGIN_FAILURE_WINDOW_SECONDS the login answers with the lockout page until the window ends.
- A staff session expires after STAFF_SESSION_IDLE_SECONDS without a request; citizens'
  sessions (the CSRF token of a form) keep Django's default.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from portal import ratelimit

from . import two_factor

INVALID_LOGIN = (
    "Usuario, contraseña o código de verificación incorrectos. Revise los tres datos; la "
    "contraseña distingue mayúsculas de minúsculas."
)


class CodeInput(forms.TextInput):
    """A one-time code is never written back into the page, right or wrong."""

    def format_value(self, value):
        return None


class StaffLoginForm(AdminAuthenticationForm):
    """User name, password and two-factor code in one step, with one message for any failure."""

    otp_token = forms.CharField(
        label="Código de verificación",
        required=False,
        max_length=40,
        help_text=(
            "Los 6 dígitos que muestra su aplicación de autenticación, o uno de sus códigos de "
            "recuperación. Si aún no ha configurado la verificación en dos pasos, déjelo vacío: "
            "el portal le guiará."
        ),
        widget=CodeInput(attrs={"autocomplete": "one-time-code", "size": 12}),
    )
    error_messages = {**AdminAuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        user = authenticate(self.request, username=username, password=password)
        # Checked whatever the password gave, through the same steps (two_factor.verify_code).
        device = two_factor.verify_code(user, self.cleaned_data.get("otp_token", ""))
        if user is not None and device is None and two_factor.has_device(user):
            # Counted as the failed login it is: django-axes and the throttle below see it.
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=self.request
            )
            user = None
        if user is None:
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(user)
        if device is not None:
            user.otp_device = device  # django-otp marks the session verified at login
        self.user_cache = user
        return self.cleaned_data


# --- Throttling beyond (user name, address) ---


def _throttle_on():
    return settings.AXES_ENABLED


def _username(credentials):
    return str((credentials or {}).get("username") or "")[:150].casefold()


@receiver(user_login_failed, dispatch_uid="staff-auth-count-failure")
def count_failure(sender, credentials, request=None, **kwargs):
    if request is None or not _throttle_on():
        return
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    ratelimit.count("login-ip", ratelimit.client_ip(request), window)
    if username := _username(credentials):
        ratelimit.count("login-user", username, window)


def login_blocked(request) -> bool:
    """Whether this login attempt comes from an address, or names a user, that failed too often."""
    if not _throttle_on():
        return False
    address = ratelimit.client_ip(request)
    if ratelimit.attempts("login-ip", address) >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return True
    username = _username(request.POST)
    return bool(username) and (
        ratelimit.attempts("login-user", username) >= settings.LOGIN_FAILURES_PER_USER
    )


# --- Staff sessions ---


@receiver(user_logged_in, dispatch_uid="staff-auth-session-expiry")
def staff_session_expiry(sender, request, user, **kwargs):
    if request is not None and user.is_staff and hasattr(request, "session"):
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


class StaffSessionMiddleware:
    """Each request of a logged-in staff member starts their idle time again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only where the request already read its session (the admin, previews, forms, anything
        # that looks at the user): elsewhere looking would cost every public page a query.
        session = getattr(request, "session", None)
        if session is not None and session.accessed and request.user.is_staff:
            session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return response
