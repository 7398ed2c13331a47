"""
The anti-spam check of the citizens' forms (MinTIC criteria FUN-004 and SEG: «CAPTCHA»), without
a third-party service, without JavaScript and without asking people to solve a puzzle
(docs/diseno.md):

- a hidden field carries the moment the form was shown, signed with SECRET_KEY: a form sent
  back sooner than ANTISPAM_MIN_SECONDS (a person needs far longer to type), without the field,
  with a forged one or after ANTISPAM_MAX_AGE is refused with a Spanish message that keeps
  everything typed and carries a fresh signature, so a person only has to send again;
- the honeypot field of each form (a field people never see) stays as it was.

ANTISPAM_MIN_SECONDS = 0 turns the check off (the test settings do, as they turn off login
throttling; tests/test_design.py turns it on).
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

FIELD = "inicio_formulario"
SALT = "portal.antispam"
MIN_SECONDS = 3
MAX_AGE = 2 * 24 * 3600

TOO_FAST = (
    "El formulario se envió demasiado rápido para haberlo llenado una persona. Revise sus "
    "datos (los conservamos) y envíelo de nuevo."
)
NOT_VERIFIED = (
    "No pudimos comprobar que el formulario lo envió una persona. Revise sus datos "
    "(los conservamos) y envíelo de nuevo."
)
EXPIRED = (
    "El formulario estuvo abierto más de dos días. Revise sus datos (los conservamos) y "
    "envíelo de nuevo."
)


def new_token():
    return signing.dumps(round(time.time(), 1), salt=SALT)


def min_seconds():
    return getattr(settings, "ANTISPAM_MIN_SECONDS", MIN_SECONDS)


class AntiSpamMixin:
    """Adds the signed start time to a form and checks it in clean(); `antispam = False` in a
    subclass (staff forms) leaves it out."""

    antispam = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.antispam:
            self.fields[FIELD] = forms.CharField(
                widget=forms.HiddenInput(attrs={"data-sede": "antispam"}),
                required=False,
                initial=new_token,
            )

    def clean(self):
        data = super().clean()
        if self.antispam and min_seconds() > 0:
            error = self.antispam_error(self.data.get(self.add_prefix(FIELD), ""))
            if error:
                self.add_error(None, ValidationError(error, code="antispam"))
                self.data = self.data.copy()
                self.data[self.add_prefix(FIELD)] = new_token()
        if isinstance(data, dict):
            data.pop(FIELD, None)
        return data

    @staticmethod
    def antispam_error(token):
        """The Spanish reason to refuse a signed start time, or None when it is fine."""
        try:
            started = float(signing.loads(token, salt=SALT, max_age=MAX_AGE))
        except signing.SignatureExpired:
            return EXPIRED
        except (signing.BadSignature, TypeError, ValueError):
            return NOT_VERIFIED
        elapsed = time.time() - started
        if elapsed > MAX_AGE:
            return EXPIRED
        if elapsed < min_seconds():
            return TOO_FAST
        return None
