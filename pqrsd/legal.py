"""
Steps of Ley 1755 de 2015 beyond filing and answering: referral to the competent authority
(art. 21), documents deemed accepted by silence (art. 14 num. 1) and priority handling
(art. 20). Writes go through pqrsd.filing's helpers, so history and outbox work the same way.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import deadlines, filing
from .models import PriorityReason, RequestStatus, non_working_days, non_working_days_around

DEFAULT_PRIORITY_TARGET_DAYS = 5


def priority_target_days() -> int:
    return getattr(settings, "PQRSD_PRIORITY_TARGET_DAYS", DEFAULT_PRIORITY_TARGET_DAYS)


def inbox_non_working(today: datetime.date):
    """Non-working days from last year to next, enough for every date the inbox shows."""
    return non_working_days(range(today.year - 1, today.year + 2))


# --- Referral (art. 21) ---


@transaction.atomic
def mark_not_competent(request, *, user, note="", now=None):
    """Flag the request as not ours: it must be referred within 5 business days of receipt."""
    now = now or timezone.now()
    request = filing._lock(request)
    filing._ensure_open(request)
    if request.not_competent_on:
        raise ValidationError(
            "Ya está marcada como no competente: trasládela.", code="already_flagged"
        )
    named = non_working_days_around(request.received_on, deadlines.REFERRAL_DAYS)
    request.not_competent_on = timezone.localdate(now)
    request.referral_due_date = deadlines.referral_due(request.received_on, named)
    request.save(update_fields=["not_competent_on", "referral_due_date"])
    filing._record(
        request,
        request.status,
        user,
        internal_note=f"Marcada como no competente. Trasladar a más tardar el "
        f"{request.referral_due_date:%d/%m/%Y} (art. 21, Ley 1755 de 2015). {note}".strip(),
        now=now,
    )
    return request


@transaction.atomic
def keep_competent(request, *, user, note="", now=None):
    """Undo the mark: after all the request is ours, and it follows its ordinary term."""
    request = filing._lock(request)
    filing._ensure_open(request)
    if not request.not_competent_on:
        raise ValidationError(
            "La solicitud no estaba marcada como no competente.", code="not_flagged"
        )
    request.not_competent_on = request.referral_due_date = None
    request.save(update_fields=["not_competent_on", "referral_due_date"])
    filing._record(
        request,
        request.status,
        user,
        internal_note=f"Se quitó la marca de no competente: la atiende la entidad. {note}".strip(),
        now=now,
    )
    return request


def _authority_copy(request, name, reason):
    """The e-mail that forwards the request to the competent authority."""
    if request.is_anonymous:
        who = "Solicitud anónima (queja o denuncia)."
    else:
        who = "\n".join(
            f"{label}: {value}"
            for label, value in (
                ("Nombre o razón social", request.name),
                (
                    "Documento",
                    f"{request.get_document_type_display()} {request.document_number}".strip(),
                ),
                ("Correo electrónico", request.email),
                ("Teléfono", request.phone),
                ("Dirección", request.address),
            )
            if value
        )
    files = request.attachments.count()
    return (
        f"Señores {name}:\n\n"
        "En cumplimiento del artículo 21 de la Ley 1437 de 2011, sustituido por la Ley 1755 de "
        "2015, trasladamos por competencia la siguiente solicitud, con copia al peticionario. "
        "El término para responderla corre desde que ustedes la reciban.\n\n"
        f"Motivo del traslado: {reason}\n\n"
        f"Radicado en la Alcaldía: {request.radicado}\n"
        f"Recibida el: {timezone.localtime(request.filed_at):%d/%m/%Y %H:%M}\n"
        f"Tipo: {request.get_request_type_display()}\n"
        f"Asunto: {request.subject}\n\n"
        f"Solicitud:\n{request.description}\n\n"
        f"Peticionario:\n{who}\n\n"
        + (
            f"La solicitud trae {files} archivo(s) adjunto(s); pídalos a la ventanilla de "
            "correspondencia de la Alcaldía si los necesita.\n\n"
            if files
            else ""
        )
        + "Alcaldía Municipal de Puerto Guzmán"
    )


@transaction.atomic
def refer(
    request, *, reason, user, authority=None, authority_name="", authority_email="", now=None
):
    """
    Refer the request to the competent authority (art. 21): it closes as "trasladada", the
    citizen is told to whom and why, and the authority gets the request through the outbox.
    """
    now = now or timezone.now()
    request = filing._lock(request)
    filing._ensure_open(request)
    reason = (reason or "").strip()
    name = authority.name if authority else (authority_name or "").strip()
    email = (authority_email or "").strip() or (authority.email if authority else "")
    if not name:
        raise ValidationError(
            "Elija la autoridad de la lista o escriba su nombre.", code="no_authority"
        )
    if not email:
        raise ValidationError(
            f"Escriba el correo de {name}: la copia del traslado se le envía por correo.",
            code="no_email",
        )
    if not reason:
        raise ValidationError(
            "Explique por qué la solicitud no es de nuestra competencia.", code="no_reason"
        )
    today = timezone.localdate(now)
    if not request.not_competent_on:
        named = non_working_days_around(request.received_on, deadlines.REFERRAL_DAYS)
        request.not_competent_on = today
        request.referral_due_date = deadlines.referral_due(request.received_on, named)
    late = today > request.referral_due_date
    request.status = RequestStatus.REFERRED
    request.referred_to = authority
    request.referred_to_name = name
    request.referred_to_email = email
    request.referral_reason = reason
    request.referred_at = request.closed_at = now
    request.save()
    filing._record(
        request,
        RequestStatus.REFERRED,
        user,
        public_note=f"Trasladada por competencia a {name} (art. 21, Ley 1755 de 2015). "
        f"Motivo: {reason}",
        internal_note=(
            f"Traslado fuera del plazo: vencía el {request.referral_due_date:%d/%m/%Y}."
            if late
            else ""
        ),
        now=now,
    )
    filing._queue_email(
        request,
        request.email,
        f"Radicado {request.radicado}: trasladamos su solicitud a {name}",
        f"Hola{(' ' + request.name) if request.name else ''}:\n\n"
        f"Su solicitud {request.radicado} «{request.subject}» no es de competencia de la "
        f"Alcaldía. La trasladamos hoy a {name} ({email}), que debe responderle; el término "
        "para responder corre desde que esa autoridad la recibe (art. 21, Ley 1755 de 2015).\n\n"
        f"Motivo: {reason}\n\n"
        f"Consulte el traslado en {filing._tracking_link()} con su radicado y su código.\n\n"
        "Alcaldía Municipal de Puerto Guzmán",
    )
    filing._queue_email(
        request,
        email,
        f"Traslado por competencia: solicitud {request.radicado} (art. 21, Ley 1755 de 2015)",
        _authority_copy(request, name, reason),
    )
    return request


def referral_deadline(request) -> datetime.date:
    """The stored referral deadline, or the one a mark made now would set."""
    if request.referral_due_date:
        return request.referral_due_date
    named = non_working_days_around(request.received_on, deadlines.REFERRAL_DAYS)
    return deadlines.referral_due(request.received_on, named)


def referral_state(request, today):
    """The referral's state ("vencido", "hoy", "pendiente") of an open request marked not ours."""
    if not request.is_open:
        return None
    return deadlines.referral_state(request.referral_due_date, today)


# --- Documents deemed accepted by silence (art. 14 num. 1) ---


def accepted_by_silence(request, today) -> bool:
    return deadlines.is_accepted_by_silence(
        request.request_type,
        request.due_date,
        today,
        is_open=request.is_open,
        paused=request.status == RequestStatus.AWAITING_COMPLETION,
    )


def silence_delivery_due(request, today, named=None):
    """The day the copies are due when the request is deemed accepted; None otherwise."""
    if not accepted_by_silence(request, today):
        return None
    if named is None:
        named = non_working_days_around(request.due_date, deadlines.SILENCE_DELIVERY_DAYS)
    return deadlines.silence_delivery_due(request.due_date, named)


# --- Priority (art. 20) ---


@transaction.atomic
def set_priority(request, *, reason, user, note="", now=None):
    """Set, change or remove (reason "") the priority of an open request."""
    request = filing._lock(request)
    filing._ensure_open(request)
    if reason and reason not in PriorityReason.values:
        raise ValidationError("Elija un motivo de la lista.", code="bad_reason")
    if reason == request.priority_reason:
        raise ValidationError("La solicitud ya tiene esa prioridad.", code="unchanged")
    request.priority_reason = reason
    request.save(update_fields=["priority_reason"])
    label = request.get_priority_reason_display()
    filing._record(
        request,
        request.status,
        user,
        public_note=f"Atención prioritaria: {label}." if reason else "",
        internal_note=note if reason else f"Se quitó la atención prioritaria. {note}".strip(),
        now=now,
    )
    return request


def priority_target(request, named=None):
    """The internal target date of a prioritised request (the legal due date stays)."""
    if not request.priority_reason:
        return None
    target = priority_target_days()
    if named is None:
        named = non_working_days_around(request.received_on, min(target, request.term_days))
    return deadlines.priority_target(request.received_on, request.term_days, target, named)


def staff_context(request, today):
    """What the change form shows staff about these three steps."""
    return {
        "referral_state": referral_state(request, today),
        "silence_delivery_due": silence_delivery_due(request, today),
        "priority_target": priority_target(request),
        "priority_target_days": priority_target_days(),
    }


def tracking_context(request, today):
    """What the public tracking page shows about these three steps."""
    return {"silence_delivery_due": silence_delivery_due(request, today)}
