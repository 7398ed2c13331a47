"""
Writes that cross models: filing a request (radicado, due date, history, outbox) and every
staff step after it. The public view, the admin, the demo command and the tests call these.
"""

import datetime
import logging
import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.outbox import SECRET_PLACEHOLDER, queue_email

from . import completion_terms, deadlines, notification
from .models import (
    Attachment,
    FilingCounter,
    Request,
    RequestStatus,
    StatusChange,
    non_working_days,
    non_working_days_around,
)
from .radicado import hash_tracking_code, new_tracking_code

logger = logging.getLogger(__name__)

REQUEST_FIELDS = {
    "request_type",
    "subject",
    "description",
    "addressee_entity",
    "addressee_office",
    "is_anonymous",
    "person_kind",
    "document_type",
    "document_number",
    "name",
    "email",
    "phone",
    "address",
    "answer_channel",
    "priority_reason",
}


def weekend_receipt_rule():
    return getattr(settings, "PQRSD_WEEKEND_RECEIPT_RULE", "literal")


def closing_time():
    """The office's closing hour (PQRSD_CLOSING_TIME, e.g. "17:00"), or None."""
    try:
        return deadlines.parse_closing_time(getattr(settings, "PQRSD_CLOSING_TIME", ""))
    except ValueError as error:
        raise ImproperlyConfigured(
            "PQRSD_CLOSING_TIME debe ser una hora HH:MM, por ejemplo 17:00."
        ) from error


def extension_cap(request) -> datetime.date:
    """The latest due date an extension of this request may set."""
    named = non_working_days_around(request.received_on, 3 * request.term_days)
    if deadlines.has_fixed_extension(request.request_type):
        return deadlines.fixed_extension_limit(
            request.request_type, request.original_due_date, named
        )
    return deadlines.extension_limit(
        request.received_on,
        request.original_due_date,
        request.term_days,
        named,
        extension_cap_rule(),
    )


def extension_cap_rule():
    return getattr(settings, "PQRSD_EXTENSION_CAP_RULE", "total")


def site_url():
    """The address that starts links in e-mails: the setting, or the municipality's website."""
    configured = getattr(settings, "PQRSD_SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    from portal.models import Municipality

    return Municipality.current().website.rstrip("/")


def explain(request: Request) -> deadlines.DueDateExplanation:
    """How this request's current due date was computed (for the confirmation and tracking)."""
    named = non_working_days_around(request.received_on, request.term_days)
    explanation = deadlines.explain_due_date(request.received_on, request.term_days, named)
    # received_on already applies the weekend rule, so report the original filing date.
    return deadlines.DueDateExplanation(
        **{**explanation.__dict__, "filed_on": request.filed_on, "received_on": request.received_on}
    )


@dataclass(frozen=True)
class FilingResult:
    request: Request
    tracking_code: str | None  # None when a replayed submission returned an earlier request
    created: bool


def _store_attachment(request, upload, kind, now):
    extension = os.path.splitext(upload.name)[1].lower()[:8]
    original_name = os.path.basename(upload.name)[:150]
    upload.name = f"{secrets.token_hex(16)}{extension}"
    return Attachment.objects.create(
        request=request,
        kind=kind,
        file=upload,
        original_name=original_name,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        size=upload.size,
        uploaded_at=now,
    )


def _queue_email(request, to, subject, body, *, secret=None):
    """
    Write an e-mail about `request` to the outbox, in the caller's transaction. It is sent by
    `send_outbox`, never inside the citizen's request (a hung mail server holds no page).
    """
    return queue_email(to=to, subject=subject, body=body, reference=request.radicado, secret=secret)


def _tracking_link():
    return f"{site_url()}{reverse('pqrsd:track')}"


@transaction.atomic
def file_request(
    *,
    data: dict,
    files=(),
    channel: str = "web",
    user=None,
    submission_key: str | None = None,
    tracking_code: str | None = None,
    now: datetime.datetime | None = None,
) -> FilingResult:
    """
    File a request: a radicado without gaps (the year's counter row is locked until commit),
    a secret code, the legal due date, the first history entry and the acknowledgement
    e-mail in the outbox. A replayed `submission_key` returns the request already filed.
    `tracking_code` lets the form pick the code in advance, so a double click can show the
    same confirmation; by default a new one is drawn.
    """
    now = now or timezone.now()
    filed_on = timezone.localdate(now)
    year = filed_on.year
    FilingCounter.objects.get_or_create(year=year)
    counter = FilingCounter.objects.select_for_update().get(year=year)
    if submission_key:
        earlier = Request.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            return FilingResult(earlier, None, False)

    term = deadlines.TERMS[data["request_type"]]
    named = non_working_days_around(filed_on, term)
    received_on = deadlines.receipt_date_at(
        timezone.localtime(now), named, weekend_receipt_rule(), closing_time()
    )
    due = deadlines.add_business_days(received_on, term, named)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])

    code = tracking_code or new_tracking_code()
    fields = {key: value for key, value in data.items() if key in REQUEST_FIELDS}
    if fields.get("is_anonymous"):
        for key in ("document_type", "document_number", "name", "email", "phone", "address"):
            fields[key] = ""
        fields["person_kind"] = ""
    office = fields.get("addressee_office")
    fields["addressee_entity"] = fields.get("addressee_entity") or (
        office.entity if office else None
    )
    request = Request.objects.create(
        **fields,
        year=year,
        number=counter.last_number,
        tracking_code_hash=hash_tracking_code(code),
        submission_key=submission_key,
        channel=channel,
        office=office,
        filed_at=now,
        filed_on=filed_on,
        received_on=received_on,
        term_days=term,
        original_due_date=due,
        due_date=due,
        data_consent_at=now,
        created_by=user,
    )
    for upload in files:
        _store_attachment(request, upload, Attachment.Kind.REQUEST, now)
    StatusChange.objects.create(
        request=request,
        status=RequestStatus.FILED,
        created_at=now,
        user=user,
        office=office,
        public_note=f"Recibida por el canal: {request.get_channel_display()}.",
    )
    if data.get("e_notification"):
        notification.record_consent(
            request, accepted=True, source=notification_source(channel), now=now
        )
    if request.email and not request.is_anonymous:
        _queue_email(
            request,
            request.email,
            f"Radicado {request.radicado}: recibimos su {request.get_request_type_display()}",
            acknowledgement_text(request, SECRET_PLACEHOLDER),
            secret=code,
        )
    if office and office.email:
        _queue_email(
            request,
            office.email,
            f"Nueva PQRSD {request.radicado} para {office.name}",
            f"Se radicó la solicitud {request.radicado} ({request.get_request_type_display()}),"
            f" asunto «{request.subject}». Vence el {due:%d/%m/%Y}.\n"
            "Consúltela en la administración del portal.",
        )
    return FilingResult(request, code, True)


def file_request_and_survive(*, tracking_code: str, submission_key: str | None, **kwargs):
    """
    `file_request` for the public form: once the filing is committed, whatever fails after it
    (an on-commit hook, a lock in a later write) still gives the citizen the confirmation of
    what was filed, never "nothing was lost, try again". The request is found again by its
    submission key or its code, drawn before filing for this purpose.
    """
    try:
        return file_request(tracking_code=tracking_code, submission_key=submission_key, **kwargs)
    except Exception:
        try:
            filed = (
                Request.objects.filter(submission_key=submission_key)
                if submission_key
                else Request.objects.filter(tracking_code_hash=hash_tracking_code(tracking_code))
            ).first()
        except Exception:  # the database itself is failing: nothing is known to be filed
            filed = None
        if filed is None or filed.tracking_code_hash != hash_tracking_code(tracking_code):
            raise
        logger.exception("La solicitud %s quedó radicada; algo falló después.", filed.radicado)
        return FilingResult(filed, tracking_code, True)


def acknowledgement_text(request, code):
    """The acuse de recibo (CPACA art. 61): radicado, date and time, type, due date and why."""
    return render_to_string(
        "pqrsd/email/receipt.txt",
        {"req": request, "code": code, "explanation": explain(request), "link": _tracking_link()},
    )


def notification_source(channel):
    from .models import NotificationConsent

    if channel == "web":
        return NotificationConsent.Source.FORM
    return NotificationConsent.Source.STAFF


def _record(request, status, user, *, public_note="", internal_note="", now=None):
    return StatusChange.objects.create(
        request=request,
        status=status,
        created_at=now or timezone.now(),
        user=user,
        office=request.office,
        public_note=public_note,
        internal_note=internal_note,
    )


def _lock(request):
    return Request.objects.select_for_update().get(pk=request.pk)


def _ensure_open(request):
    if not request.is_open:
        raise ValidationError("La solicitud ya fue respondida o cerrada.", code="not_open")


@transaction.atomic
def assign(request, *, office, user, note="", now=None):
    """Assign or reassign the request to an office."""
    request = _lock(request)
    _ensure_open(request)
    request.office = office
    if request.status == RequestStatus.FILED:
        request.status = RequestStatus.ASSIGNED
    request.save(update_fields=["office", "status"])
    _record(
        request,
        RequestStatus.ASSIGNED,
        user,
        public_note=f"Asignada a {office.name}.",
        internal_note=note,
        now=now,
    )
    if office.email:
        _queue_email(
            request,
            office.email,
            f"PQRSD {request.radicado} asignada a {office.name}",
            f"Se asignó la solicitud {request.radicado} «{request.subject}». "
            f"Vence el {request.due_date:%d/%m/%Y}.\n{note}",
        )
    return request


@transaction.atomic
def start_processing(request, *, user, note="", now=None):
    """Mark the request as being worked on."""
    request = _lock(request)
    _ensure_open(request)
    request.status = RequestStatus.IN_PROCESS
    request.save(update_fields=["status"])
    _record(request, RequestStatus.IN_PROCESS, user, internal_note=note, now=now)
    return request


@transaction.atomic
def extend(request, *, new_due_date, reason, user, now=None):
    """
    Extend the term once (parágrafo of art. 14): recorded before the original due date, with
    reasons told to the citizen, and never past the configured cap.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    request = _lock(request)
    _ensure_open(request)
    if request.extended_at:
        raise ValidationError("El término ya fue prorrogado una vez.", code="already_extended")
    if request.status == RequestStatus.AWAITING_COMPLETION:
        raise ValidationError(
            "El término está suspendido mientras el ciudadano completa la solicitud.",
            code="suspended",
        )
    if today > request.original_due_date:
        raise ValidationError(
            "La prórroga debe informarse antes de que venza el término inicial "
            f"({request.original_due_date:%d/%m/%Y}).",
            code="too_late",
        )
    if not reason.strip():
        raise ValidationError("Explique al ciudadano el motivo de la prórroga.", code="no_reason")
    named = non_working_days_around(request.received_on, 3 * request.term_days)
    limit = extension_cap(request)
    if new_due_date <= request.due_date:
        raise ValidationError(
            "La nueva fecha debe ser posterior al vencimiento actual.", code="not_later"
        )
    if new_due_date > limit:
        raise ValidationError(
            f"La nueva fecha no puede pasar del {limit:%d/%m/%Y}: la ley permite como máximo "
            f"{deadlines.extension_basis(request.request_type)}.",
            code="over_limit",
        )
    if not deadlines.is_business_day(new_due_date, named):
        raise ValidationError("La nueva fecha debe ser un día hábil.", code="not_business_day")
    request.due_date = new_due_date
    request.extended_at = now
    request.extension_reason = reason
    request.status = RequestStatus.EXTENDED
    request.save(update_fields=["due_date", "extended_at", "extension_reason", "status"])
    _record(
        request,
        RequestStatus.EXTENDED,
        user,
        public_note=f"Nuevo plazo: {new_due_date:%d/%m/%Y}. Motivo: {reason}",
        now=now,
    )
    _queue_email(
        request,
        request.email,
        f"Radicado {request.radicado}: se amplió el plazo de respuesta",
        f"Su solicitud {request.radicado} se responderá a más tardar el "
        f"{new_due_date:%d/%m/%Y}.\nMotivo: {reason}\n\nConsulte el estado en {_tracking_link()}.",
    )
    return request


@transaction.atomic
def request_completion(request, *, what_is_missing, user, now=None):
    """Ask the citizen to complete the request (art. 17): the term stops until they do."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    request = _lock(request)
    _ensure_open(request)
    if not what_is_missing.strip():
        raise ValidationError("Indique qué información o documentos faltan.", code="empty")
    if request.status == RequestStatus.AWAITING_COMPLETION:
        raise ValidationError("Ya se pidió completar esta solicitud.", code="already")
    limit_days = deadlines.completion_request_days(request.request_type)
    named = non_working_days_around(request.received_on, limit_days)
    elapsed = deadlines.business_days_between(request.received_on, today, named)
    if elapsed > limit_days:
        raise ValidationError(
            "La ley solo permite pedir que se complete la solicitud dentro de los "
            f"{limit_days} días hábiles siguientes a su recibo "
            f"(han pasado {elapsed}). Responda con lo que tiene.",
            code="completion_too_late",
        )
    request.status = RequestStatus.AWAITING_COMPLETION
    request.completion_requested_on = today
    # Art. 17: one calendar month to complete (pqrsd/completion_terms.py explains the reading).
    window_days = non_working_days(completion_terms.years_for_window(today))
    request.completion_deadline = completion_terms.completion_deadline(
        today, window_days, request_type=request.request_type
    )
    request.completion_extended_at = None
    request.save(
        update_fields=[
            "status",
            "completion_requested_on",
            "completion_deadline",
            "completion_extended_at",
        ]
    )
    _record(
        request,
        RequestStatus.AWAITING_COMPLETION,
        user,
        public_note=f"Le pedimos completar su solicitud: {what_is_missing} Tiene hasta el "
        f"{request.completion_deadline:%d/%m/%Y} para hacerlo"
        + (
            " (puede pedir una prórroga, una sola vez)"
            if completion_terms.may_extend(request.request_type)
            else ""
        )
        + "; si no lo hace, se entenderá que desistió.",
        now=now,
    )
    if completion_terms.may_extend(request.request_type):
        extension, law = (
            "; allí también puede pedir, una sola vez, un mes más",
            "17 de la Ley 1755 de 2015",
        )
    else:
        extension, law = "", "15 de la Ley 1581 de 2012"
    _queue_email(
        request,
        request.email,
        f"Radicado {request.radicado}: necesitamos más información",
        f"Para responder su solicitud {request.radicado} necesitamos: {what_is_missing}\n"
        f"Tiene hasta el {request.completion_deadline:%d/%m/%Y} para completarla. Puede "
        "hacerlo en línea: entre a la consulta con su radicado y su código y use «Completar mi "
        f"solicitud»{extension}. El plazo de respuesta se reanuda al día siguiente de que la "
        "complete. Si no la completa a tiempo, se entenderá que desistió de ella (art. "
        f"{law}).\n\n"
        f"Consulte el estado en {_tracking_link()}.",
    )
    return request


def restart_term(request, today):
    """
    The restart rule of art. 17, shared by staff and the online completion: the request counts
    as received again `today`, so its whole term runs from the next business day.
    """
    named = non_working_days_around(today, request.term_days)
    request.received_on = today
    request.original_due_date = request.due_date = deadlines.add_business_days(
        today, request.term_days, named
    )
    request.status = RequestStatus.IN_PROCESS
    request.save(update_fields=["received_on", "original_due_date", "due_date", "status"])
    return request


@transaction.atomic
def record_completion(request, *, user, note="", now=None):
    """The citizen completed the request: the term starts again the next business day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    request = _lock(request)
    if request.status != RequestStatus.AWAITING_COMPLETION:
        raise ValidationError("La solicitud no estaba en espera de completarse.", code="not_paused")
    restart_term(request, today)
    _record(
        request,
        RequestStatus.IN_PROCESS,
        user,
        public_note=f"Recibimos lo que faltaba. Nuevo plazo: {request.due_date:%d/%m/%Y}.",
        internal_note=note,
        now=now,
    )
    return request


@transaction.atomic
def answer(
    request,
    *,
    text,
    files=(),
    user,
    now=None,
    denial_ground="",
    denial_partial=False,
    denial_reason="",
):
    """
    Answer the request; store how many business days it took and whether it was on time.
    `denial_ground` (a DenialGround) records that the answer denied access to information,
    with its reasons in `denial_reason`, for the Decreto 1081 report.
    """
    now = now or timezone.now()
    request = _lock(request)
    _ensure_open(request)
    if not text.strip():
        raise ValidationError("Escriba la respuesta.", code="empty")
    if denial_ground and not denial_reason.strip():
        raise ValidationError(
            "Una negación del acceso debe motivarse: escriba la norma y las razones.",
            code="denial_without_reason",
        )
    request.denial_ground = denial_ground or ""
    request.denial_partial = bool(denial_ground) and denial_partial
    request.denial_reason = denial_reason.strip() if denial_ground else ""
    answered_on = timezone.localdate(now)
    named = non_working_days_around(request.received_on, 3 * request.term_days)
    request.answer = text
    request.answered_at = now
    request.answered_on = answered_on
    request.response_business_days = deadlines.business_days_between(
        request.received_on, answered_on, named
    )
    request.answered_on_time = answered_on <= request.due_date
    request.status = RequestStatus.ANSWERED
    request.save()
    for upload in files:
        _store_attachment(request, upload, Attachment.Kind.ANSWER, now)
    _record(request, RequestStatus.ANSWERED, user, now=now)
    # With consent, the e-mail is the electronic notification (pqrsd/notification.py).
    notice = notification.answer_notice(
        request, site_url=site_url(), tracking_link=_tracking_link(), now=now
    )
    if notice:
        _queue_email(request, notice.to, notice.subject, notice.body, secret=notice.secret)
    return request


@transaction.atomic
def close(request, *, user, note="", now=None):
    """Close the request after its answer (a tacit withdrawal has its own act)."""
    request = _lock(request)
    if request.status == RequestStatus.CLOSED:
        raise ValidationError("La solicitud ya está cerrada.", code="closed")
    if request.status == RequestStatus.REFERRED:
        raise ValidationError(
            "La solicitud fue trasladada a la autoridad competente y ya está cerrada.",
            code="referred",
        )
    if request.status == RequestStatus.WITHDRAWN:
        raise ValidationError(
            "La solicitud ya terminó por desistimiento tácito (art. 17).", code="withdrawn"
        )
    if request.status == RequestStatus.AWAITING_COMPLETION:
        # Art. 17: a request waiting for the citizen ends only by the reasoned act of
        # desistimiento, notified to them, never by a plain close.
        raise ValidationError(
            "La solicitud espera que el ciudadano la complete: si venció su plazo, declare el "
            "desistimiento tácito (acto motivado que se le notifica) en lugar de cerrarla.",
            code="awaiting_completion",
        )
    request.status = RequestStatus.CLOSED
    request.closed_at = now or timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _record(request, RequestStatus.CLOSED, user, public_note=note, now=request.closed_at)
    return request
