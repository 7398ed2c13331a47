"""
Completing a request (Ley 1755 de 2015, art. 17), after staff asked for it
(`filing.request_completion`):

- the citizen completes it online from the tracking page (`submit_completion`): their text and
  files go into the history, the term restarts by the same rule staff use
  (`filing.restart_term`), and the office is told through the outbox;
- the citizen asks once, before the month runs out, for one more month (`extend_window`);
- when the month (or the extension) has passed, staff declare the desistimiento tácito by a
  reasoned act (`declare_withdrawal`): the law asks for an act of the authority, so the portal
  never closes a request by itself; `withdrawals_due` lists the ones waiting for that act.

The dates are plain functions in pqrsd/completion_terms.py.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import completion_terms, filing
from .models import Attachment, Request, RequestStatus, StatusChange, non_working_days

NOT_AWAITING = (
    "Esta solicitud no está esperando información suya: no hay nada que completar. Si quiere "
    "agregar algo, radique una nueva solicitud citando el radicado {radicado}."
)

DEFAULT_MOTIVATION_GENERIC = (
    "El peticionario no aportó, dentro del plazo que la ley le concede, la información o los "
    "documentos que se le pidieron para resolver su solicitud, ni pidió a tiempo la prórroga. "
    "Por eso, conforme al artículo 17 de la Ley 1437 de 2011 (sustituido por la Ley 1755 de "
    "2015), se decreta el desistimiento tácito y el archivo de la solicitud."
)


def _window_days(day):
    return non_working_days(completion_terms.years_for_window(day))


def awaiting(request) -> bool:
    return request.status == RequestStatus.AWAITING_COMPLETION


def withdrawals_due(queryset, today):
    """Requests whose window to complete has passed: staff must declare the desistimiento."""
    return queryset.filter(
        status=RequestStatus.AWAITING_COMPLETION, completion_deadline__lt=today
    ).order_by("completion_deadline", "pk")


def can_extend(request, today) -> bool:
    return (
        awaiting(request)
        and completion_terms.may_extend(request.request_type)
        and request.completion_extended_at is None
        and request.completion_deadline is not None
        and today <= request.completion_deadline
    )


@dataclass(frozen=True)
class CompletionResult:
    request: Request
    entry: StatusChange
    created: bool  # False when a replayed submission found the one already received


def _office_email(request, subject, body):
    office = request.office
    if office is not None and office.email:
        filing._queue_email(request, office.email, subject, body)


def _admin_link(request):
    return f"{filing.site_url()}{reverse('admin:pqrsd_request_change', args=[request.pk])}"


@transaction.atomic
def submit_completion(request, *, text, files=(), submission_key=None, now=None):
    """
    The citizen's answer to the request to complete: stored with its files in the history, the
    term restarts the next business day (`filing.restart_term`, the staff rule), and the office
    and the citizen get an e-mail. A replayed `submission_key` returns what was already stored.
    Accepted while the desistimiento has not been declared, even after the window: the act is
    what ends the request, and a late answer is better than a new filing.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    request = filing._lock(request)
    if submission_key:
        earlier = StatusChange.objects.filter(
            request=request, submission_key=submission_key
        ).first()
        if earlier is not None:
            return CompletionResult(request, earlier, False)
    if not awaiting(request):
        raise ValidationError(NOT_AWAITING.format(radicado=request.radicado), code="not_awaiting")
    text = text.strip()
    if not text and not files:
        raise ValidationError(
            "Escriba la información que le pedimos o adjunte al menos un archivo.", code="empty"
        )
    filing.restart_term(request, today)
    entry = StatusChange.objects.create(
        request=request,
        status=RequestStatus.IN_PROCESS,
        created_at=now,
        office=request.office,
        public_note="Usted completó su solicitud en línea"
        + (f" con {len(files)} archivo{'s' if len(files) != 1 else ''}" if files else "")
        + f". El plazo vuelve a correr: nueva fecha límite de respuesta "
        f"{request.due_date:%d/%m/%Y}.",
        citizen_text=text,
        submission_key=submission_key,
    )
    for upload in files:
        stored = filing._store_attachment(request, upload, Attachment.Kind.COMPLETION, now)
        stored.status_change = entry
        stored.save(update_fields=["status_change"])
    _office_email(
        request,
        f"PQRSD {request.radicado}: el ciudadano completó la solicitud",
        f"El ciudadano completó en línea la solicitud {request.radicado} «{request.subject}»"
        + (f", con {len(files)} adjunto(s)" if files else "")
        + f".\nEl término se reanudó: vence el {request.due_date:%d/%m/%Y}.\n\n"
        f"Lo que escribió:\n{text or '(solo adjuntos)'}\n\nVéala en {_admin_link(request)}",
    )
    filing._queue_email(
        request,
        request.email,
        f"Radicado {request.radicado}: recibimos la información que faltaba",
        f"Recibimos la información con la que completó su solicitud {request.radicado}.\n"
        f"El plazo de respuesta volvió a correr: le responderemos a más tardar el "
        f"{request.due_date:%d/%m/%Y}.\n\nConsulte el estado en {filing._tracking_link()}.",
    )
    return CompletionResult(request, entry, True)


@transaction.atomic
def extend_window(request, *, now=None):
    """
    The citizen's one extension of the window to complete (art. 17: asked before it runs out,
    "hasta por un término igual"): one more calendar month, recorded in the history.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    request = filing._lock(request)
    if not awaiting(request):
        raise ValidationError(NOT_AWAITING.format(radicado=request.radicado), code="not_awaiting")
    if not completion_terms.may_extend(request.request_type):
        raise ValidationError(
            "Un reclamo sobre sus datos personales no admite prórroga para completarlo (art. 15 "
            f"de la Ley 1581 de 2012). Tiene hasta el {request.completion_deadline:%d/%m/%Y}.",
            code="no_extension",
        )
    if request.completion_extended_at is not None:
        raise ValidationError(
            "Ya pidió la prórroga: la ley la permite una sola vez. Tiene hasta el "
            f"{request.completion_deadline:%d/%m/%Y} para completar su solicitud.",
            code="already_extended",
        )
    if request.completion_deadline is None or today > request.completion_deadline:
        raise ValidationError(
            "La prórroga debe pedirse antes de que venza el plazo para completar"
            + (f" ({request.completion_deadline:%d/%m/%Y})" if request.completion_deadline else "")
            + ". Aún puede enviar la información.",
            code="too_late",
        )
    requested_on = request.completion_requested_on or today
    request.completion_deadline = completion_terms.completion_deadline(
        requested_on,
        _window_days(requested_on),
        extended=True,
        request_type=request.request_type,
    )
    request.completion_extended_at = now
    request.save(update_fields=["completion_deadline", "completion_extended_at"])
    StatusChange.objects.create(
        request=request,
        status=RequestStatus.AWAITING_COMPLETION,
        created_at=now,
        office=request.office,
        public_note="Usted pidió una prórroga para completar su solicitud. Nuevo plazo para "
        f"enviar la información: {request.completion_deadline:%d/%m/%Y}.",
    )
    _office_email(
        request,
        f"PQRSD {request.radicado}: el ciudadano pidió prórroga para completar",
        f"El ciudadano pidió la prórroga del art. 17 para completar la solicitud "
        f"{request.radicado}. Nuevo plazo: {request.completion_deadline:%d/%m/%Y}.\n\n"
        f"Véala en {_admin_link(request)}",
    )
    filing._queue_email(
        request,
        request.email,
        f"Radicado {request.radicado}: prórroga para completar su solicitud",
        f"Registramos su prórroga. Tiene hasta el {request.completion_deadline:%d/%m/%Y} para "
        f"completar su solicitud {request.radicado}.\n\nHágalo en {filing._tracking_link()}.",
    )
    return request


def default_motivation(request) -> str:
    """The reasons of the act, prefilled for staff to review (the dates are added by the notice)."""
    return DEFAULT_MOTIVATION_GENERIC


def withdrawal_is_due_for(request, today) -> bool:
    return awaiting(request) and completion_terms.withdrawal_is_due(
        request.completion_deadline, today
    )


def withdrawal_notice(request, motivation, act_reference) -> str:
    """The text notified to the citizen: the dates of this request, the act, its reasons."""
    act = f" mediante {act_reference}" if act_reference else ""
    dates = ""
    if request.completion_requested_on and request.completion_deadline:
        extension = " (con la prórroga que usted pidió)" if request.completion_extended_at else ""
        dates = (
            f"El {request.completion_requested_on:%d/%m/%Y} le pedimos completar su solicitud; "
            f"el plazo para hacerlo venció el {request.completion_deadline:%d/%m/%Y}{extension} "
            "sin que recibiéramos la información. "
        )
    return (
        f"{dates}Se declaró el desistimiento tácito de su solicitud{act}. {motivation} "
        "Contra esta decisión procede únicamente el recurso de reposición. Puede presentar de "
        "nuevo su solicitud cuando quiera, con la información completa."
    )


@transaction.atomic
def declare_withdrawal(request, *, user, motivation, act_reference="", now=None):
    """
    The desistimiento tácito (art. 17): a reasoned act by staff once the window (or its
    extension) has passed; the citizen is notified through the outbox and on the tracking page.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    request = filing._lock(request)
    if not awaiting(request):
        raise ValidationError(
            f"La solicitud {request.radicado} no está en espera de que el ciudadano la complete.",
            code="not_awaiting",
        )
    if not completion_terms.withdrawal_is_due(request.completion_deadline, today):
        deadline = request.completion_deadline
        raise ValidationError(
            f"El ciudadano aún tiene plazo para completar la solicitud {request.radicado}"
            + (f" (hasta el {deadline:%d/%m/%Y} inclusive)" if deadline else "")
            + ": no se puede declarar el desistimiento.",
            code="not_due",
        )
    motivation = (motivation or "").strip()
    if not motivation:
        raise ValidationError("Escriba la motivación del acto.", code="no_motivation")
    request.status = RequestStatus.WITHDRAWN
    request.closed_at = now
    request.save(update_fields=["status", "closed_at"])
    notice = withdrawal_notice(request, motivation, act_reference.strip())
    StatusChange.objects.create(
        request=request,
        status=RequestStatus.WITHDRAWN,
        created_at=now,
        user=user,
        office=request.office,
        public_note=notice,
        internal_note=f"Acto: {act_reference.strip()}" if act_reference.strip() else "",
    )
    filing._queue_email(
        request,
        request.email,
        f"Radicado {request.radicado}: desistimiento tácito de su solicitud",
        f"{notice}\n\nPara radicar una nueva solicitud: {filing.site_url()}"
        f"{reverse('pqrsd:file')}\nConsulte el estado en {filing._tracking_link()}.\n\n"
        "Alcaldía Municipal de Puerto Guzmán",
    )
    return request


def window_summary(request, today: datetime.date) -> dict:
    """What the tracking page says about the window to complete."""
    return {
        "deadline": request.completion_deadline,
        "can_extend": can_extend(request, today),
        "extended": request.completion_extended_at is not None,
        "passed": completion_terms.withdrawal_is_due(request.completion_deadline, today),
    }
