"""
The one-time token of a filing form and the tracking code drawn for it, kept in the browser's
session: a double click finds the same code, another browser finds none. Shared by the PQRSD
form and the habeas data form, which also share the confirmation page.
"""

import secrets

from portal.outbox import decrypt_secret, encrypt_secret

from .filing import explain
from .radicado import new_tracking_code

# One-time form token -> the tracking code drawn for it, encrypted: tracking codes are never
# stored in clear, not even in the session table.
SESSION_FORMS = "pqrsd_forms"
SESSION_FORMS_KEPT = 10


def new_form_token(request):
    """A one-time token for a new form, and the tracking code its request will get."""
    token = secrets.token_urlsafe(16)
    kept = list(request.session.get(SESSION_FORMS, {}).items())[-(SESSION_FORMS_KEPT - 1) :]
    request.session[SESSION_FORMS] = {**dict(kept), token: encrypt_secret(new_tracking_code())}
    return token


def kept_code(request, token):
    """The tracking code drawn for the form `token` in this browser's session, or None."""
    sealed = request.session.get(SESSION_FORMS, {}).get(token)
    return decrypt_secret(sealed) if sealed else None


def confirmation_context(request_obj, code):
    """What the confirmation page shows of a request just filed with its tracking code."""
    return {"req": request_obj, "code": code, "explanation": explain(request_obj)}
