"""
The project's one e-mail outbox. A message is written in the same transaction as the change
that causes it (a filing, an answer, a reminder) and sent later, outside any citizen's request,
by the `send_outbox` command (a systemd timer in production, a loop beside runserver in
`make run`): a mail server that is down or hung never holds a page, and loses nothing.

A secret for the addressee (a PQRSD tracking code) never lies in the outbox in clear: the body
carries `SECRET_PLACEHOLDER`, the secret is kept encrypted with a key derived from SECRET_KEY
only until the message goes out, and is then erased.
"""

import base64
import hashlib
import logging
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

SECRET_PLACEHOLDER = "[[secreto]]"
# Written instead of a secret that can no longer be read (SECRET_KEY changed before sending
# without the old one in SECRET_KEY_FALLBACKS).
SECRET_UNAVAILABLE = "(no disponible en este correo; lo recibió en pantalla al radicar)"
# A sender that claimed a message and died before recording the result frees it after this
# long; longer than any SMTP timeout, so a slow sender is never overtaken by another.
CLAIM_SECONDS = 600
# A run stops after this many failures in a row: the server is down, the rest waits.
FAILURES_BEFORE_STOPPING = 3


def _fernet():
    """The current SECRET_KEY encrypts; it and SECRET_KEY_FALLBACKS decrypt (key rotation)."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(hashlib.sha256(f"portal.outbox:{key}".encode()).digest())
            )
            for key in keys
        ]
    )


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str | None:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


class OutboundEmailQuerySet(models.QuerySet):
    def pending(self):
        """Messages not sent yet (a failed attempt stays pending for the next run)."""
        return self.filter(sent_at__isnull=True)

    def for_reference(self, reference):
        """The messages about one thing, e.g. a PQRSD's radicado."""
        return self.filter(reference=reference)


class OutboundEmail(models.Model):
    """An e-mail written with the change that caused it and sent later by `send_outbox`."""

    # Not shown on any public page: writing one leaves the page cache alone.
    changes_public_pages = False

    to = models.EmailField("para")
    subject = models.CharField("asunto", max_length=200)
    body = models.TextField("texto")
    reference = models.CharField(
        "referencia",
        max_length=60,
        blank=True,
        db_index=True,
        help_text="De qué trata, para encontrarlo: el radicado de una PQRSD, por ejemplo.",
    )
    secret = models.TextField("dato secreto (cifrado)", blank=True, editable=False)
    created_at = models.DateTimeField("creado", default=timezone.now)
    sent_at = models.DateTimeField("enviado", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("intentos", default=0)
    last_error = models.TextField("último error", blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "correo saliente"
        verbose_name_plural = "correos salientes"
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    def message_body(self):
        """The text as sent: the secret written in where the placeholder is."""
        if SECRET_PLACEHOLDER not in self.body:
            return self.body
        secret = decrypt_secret(self.secret) if self.secret else None
        if secret is None:
            logger.warning("Correo %s: el dato secreto ya no se puede leer.", self.pk)
        return self.body.replace(SECRET_PLACEHOLDER, secret or SECRET_UNAVAILABLE)

    def send(self, now=None):
        """
        Try to send once and record the attempt: True when the message has gone out, False
        when the attempt failed, None when there was nothing to do (already sent, or another
        sender holds it).

        The message is first claimed with one UPDATE (no transaction stays open while the mail
        server answers), so two senders never send the same message twice. Once sent, the
        secret is erased.
        """
        now = now or timezone.now()
        claimed = (
            OutboundEmail.objects.pending()
            .filter(pk=self.pk)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .update(
                claimed_until=now + timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1
            )
        )
        if not claimed:
            return None
        self.refresh_from_db()
        try:
            send_mail(self.subject, self.message_body(), None, [self.to], fail_silently=False)
        except Exception as error:  # any backend failure: keep it for the next run
            self.last_error = f"{type(error).__name__}: {error}"[:2000]
            OutboundEmail.objects.filter(pk=self.pk).update(
                last_error=self.last_error, claimed_until=None
            )
            return False
        self.sent_at = timezone.now()
        self.secret = self.last_error = ""
        OutboundEmail.objects.filter(pk=self.pk).update(
            sent_at=self.sent_at, secret="", last_error="", claimed_until=None
        )
        return True


def queue_email(*, to, subject, body, reference="", secret=None):
    """
    Write a message to the outbox (inside the caller's transaction); None without an address.
    With `secret`, the body must carry SECRET_PLACEHOLDER where it goes.
    """
    if not to:
        return None
    if secret is not None and SECRET_PLACEHOLDER not in body:
        raise ValueError("The body has no place for the secret.")
    return OutboundEmail.objects.create(
        to=to,
        subject=subject[:200],
        body=body,
        reference=reference[:60],
        secret=encrypt_secret(secret) if secret else "",
    )


def send_pending(limit=500):
    """
    Send what the outbox still holds; returns (sent, failed). Messages tried fewer times go
    first, so a few addresses the server always refuses never hold back the others.
    """
    sent = failed = in_a_row = 0
    pending = OutboundEmail.objects.pending().order_by("attempts", "created_at", "pk")
    for message in pending[:limit]:
        result = message.send()
        if result:
            sent += 1
            in_a_row = 0
        elif result is False:
            failed += 1
            in_a_row += 1
            if in_a_row >= FAILURES_BEFORE_STOPPING:
                break
    return sent, failed
