"""
Electronic notification of the answer (CPACA art. 56, as amended by Ley 2080 de 2021 art. 10):
the citizen's consent and its revocation, each recorded with its time; the notice e-mail with a
signed link; and the first time the citizen opened the answer, which is when the notification
is deemed served ("a partir de la fecha y hora en que el administrado acceda a la misma").
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.outbox import SECRET_PLACEHOLDER

from .models import AnswerNotification, NotificationConsent, Request

# The version of the consent text the citizen accepted; change it when the wording changes.
CONSENT_TEXT_VERSION = "2026-12"
CONSENT_LABEL = (
    "Acepto que la respuesta se me notifique electrónicamente: recibiré un correo con un "
    "enlace, y la notificación queda hecha cuando abra la respuesta (art. 56 del CPACA). "
    "Puedo revocarlo cuando quiera desde la página de consulta."
)
LINK_SALT = "pqrsd.answer-notification"
LINK_MAX_AGE_DAYS = 365


def link_max_age_seconds():
    return 86400 * getattr(settings, "PQRSD_NOTIFICATION_LINK_DAYS", LINK_MAX_AGE_DAYS)


def current_consent(request: Request) -> NotificationConsent | None:
    """The consent in force: the latest acceptance or revocation, or None if never asked."""
    return request.notification_consents.order_by("-created_at", "-pk").first()


@transaction.atomic
def record_consent(request: Request, *, accepted: bool, email: str = "", source, now=None):
    """
    Record an acceptance (with the e-mail to notify to) or a revocation. Repeating the state in
    force (a double click) records nothing new; returns the consent in force.
    """
    request = Request.objects.select_for_update().get(pk=request.pk)
    email = (email or request.email or "").strip()
    if accepted and not email:
        raise ValidationError(
            "Para la notificación electrónica escriba un correo electrónico.", code="no_email"
        )
    if request.is_anonymous and accepted:
        raise ValidationError(
            "Una solicitud anónima no guarda correo: consulte la respuesta con su código.",
            code="anonymous",
        )
    current = current_consent(request)
    if (
        current is not None
        and current.accepted == accepted
        and (not accepted or current.email == email)
    ):
        return current
    if current is None and not accepted:
        return None
    return NotificationConsent.objects.create(
        request=request,
        accepted=accepted,
        email=email if accepted else "",
        source=source,
        text_version=CONSENT_TEXT_VERSION,
        created_at=now or timezone.now(),
    )


def answer_token(request: Request) -> str:
    """
    A signed token naming the request and the consent in force when it was sent; it never
    carries the tracking code. Revoking the consent, or changing the e-mail it names, ends the
    link (a forwarded or misdirected e-mail stops opening the request).
    """
    consent = current_consent(request)
    payload = {"r": request.pk, "c": consent.pk if consent else None}
    return signing.dumps(payload, salt=LINK_SALT, compress=True)


def request_from_token(token: str) -> Request | None:
    """
    The request a notification link names, or None if it is forged, altered or expired, or if
    the consent it was sent under is no longer the one in force.
    """
    try:
        payload = signing.loads(token, salt=LINK_SALT, max_age=link_max_age_seconds())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    pk = payload.get("r") if isinstance(payload, dict) else None
    if not isinstance(pk, int):
        return None
    request = Request.objects.filter(pk=pk, answered_at__isnull=False).first()
    consent = current_consent(request) if request else None
    if consent is None or not consent.accepted or consent.pk != payload.get("c"):
        return None
    return request


def answer_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Notice:
    """An e-mail for the outbox; `secret` replaces SECRET_PLACEHOLDER in `body` when sent."""

    to: str
    subject: str
    body: str
    secret: str | None = None


def answer_notice(request: Request, *, site_url: str, tracking_link: str, now=None):
    """
    Record how the answer is made available and return the e-mail that tells the citizen, or
    None when there is no address. With consent, the e-mail is the electronic notification: a
    signed link that opens the answer, kept encrypted in the outbox like a tracking code (it
    opens the request as the code does). Without consent, the e-mail is only a courtesy, and
    the answer is delivered by the channel the citizen chose.
    """
    consent = current_consent(request)
    electronic = bool(consent and consent.accepted)
    email = consent.email if electronic else request.email
    if electronic:
        subject = f"Radicado {request.radicado}: notificación de la respuesta"
        secret = site_url + reverse("pqrsd:notification_link", args=[answer_token(request)])
        body = (
            f"La respuesta a su solicitud {request.radicado} «{request.subject}» está lista.\n\n"
            f"Ábrala en este enlace:\n{SECRET_PLACEHOLDER}\n\n"
            "Usted aceptó la notificación electrónica: la notificación queda hecha en la fecha "
            "y la hora en que abra la respuesta (art. 56 del CPACA), y la Alcaldía lo certifica."
            f"\nTambién puede verla en {tracking_link} con su radicado y su código.\n\n"
            "Alcaldía Municipal de Puerto Guzmán"
        )
    else:
        secret = None
        subject = f"Radicado {request.radicado}: respuesta a su solicitud"
        body = (
            f"{request.answer}\n\nPuede ver la respuesta y sus adjuntos en {tracking_link} con "
            f"su radicado y su código. Se la entregaremos también por el medio que eligió: "
            f"{request.get_answer_channel_display().lower()}.\n\n"
            "Alcaldía Municipal de Puerto Guzmán"
        )
    AnswerNotification.objects.update_or_create(
        request=request,
        defaults={
            "available_at": now or timezone.now(),
            "electronic": electronic,
            "email": email or "",
            "email_subject": subject if email else "",
            "answer_sha256": answer_fingerprint(request.answer),
            "first_opened_at": None,
            "first_opened_via": "",
        },
    )
    if not email or request.is_anonymous:
        return None
    return Notice(email, subject, body, secret)


def record_open(request: Request, via: str, now=None) -> bool:
    """Record the first time the citizen opened the answer; later opens change nothing."""
    return bool(
        AnswerNotification.objects.filter(request=request, first_opened_at__isnull=True).update(
            first_opened_at=now or timezone.now(), first_opened_via=via
        )
    )


def sent_email(notification: AnswerNotification):
    """The outbox message that carried the notice (for its send time), or None."""
    from portal.outbox import OutboundEmail

    if not notification.email_subject:
        return None
    return (
        OutboundEmail.objects.for_reference(notification.request.radicado)
        .filter(subject=notification.email_subject, to=notification.email)
        .order_by("-created_at", "-pk")
        .first()
    )
