"""Public pages of the PQRSD app: file, confirm, track, attachments, statistics."""

import csv

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from portal.ratelimit import allow_request
from portal.staff import verified_staff

from . import data_rights, legal, notification_views
from .access import grant, has_access, proven_request
from .filing import explain, file_request_and_survive
from .form_tokens import confirmation_context, kept_code, new_form_token
from .forms import RequestForm, TrackForm
from .models import TYPE_HELP, Attachment, Request, RequestType, StatusChange
from .radicado import new_tracking_code, tracking_code_matches

FILE_LIMIT_PER_HOUR = 20
TRACK_LIMIT_PER_HOUR = 20
GENERIC_TRACK_ERROR = (
    "No encontramos una solicitud con ese radicado y ese código. Revise los dos datos e "
    "intente de nuevo."
)


def _render_form(request, form, status=None, **extra):
    context = {
        "form": form,
        "type_help": TYPE_HELP,
        "denuncia": getattr(request, "pqrsd_denuncia", False),
        **extra,
    }
    return render(request, "pqrsd/form.html", context, status=status)


@never_cache
def file_form(request, denuncia=False):
    """
    The one filing form; errors re-render it with everything the citizen typed. With
    `denuncia`, it is the entry point "Denunciar un acto de corrupción": the same form with the
    type denuncia chosen and the advice on anonymity (regulatory A10).
    """
    if denuncia:
        request.pqrsd_denuncia = True
    if request.method != "POST":
        initial = {"form_token": new_form_token(request)}
        if denuncia:
            initial["request_type"] = RequestType.DENUNCIA
        return _render_form(request, RequestForm(initial=initial))

    form = RequestForm(request.POST, request.FILES)
    uploaded_names = [f.name for f in request.FILES.getlist("attachments")][:10]
    if form.data.get("website"):
        # A bot filled the hidden field: nothing is filed and nothing is explained.
        return _render_form(request, form, status=400, blocked=True)
    if not form.is_valid():
        if not form.cleaned_data.get("form_token"):
            form.data = form.data.copy()
            form.data["form_token"] = new_form_token(request)
        return _render_form(request, form, reattach=uploaded_names)
    if not allow_request(request, "pqrsd-file", FILE_LIMIT_PER_HOUR, 3600):
        return _render_form(request, form, status=429, rate_limited=True)
    token = form.cleaned_data["form_token"] or None
    code = kept_code(request, token)
    # Once filed, the citizen sees the confirmation whatever fails afterwards.
    result = file_request_and_survive(
        data=form.request_data(),
        files=form.cleaned_data["attachments"],
        channel="web",
        submission_key=token,
        tracking_code=code or new_tracking_code(),
    )
    if not result.created and not (
        code and tracking_code_matches(code, result.request.tracking_code_hash)
    ):
        return _render_form(request, form, already_filed=True)
    if code:
        # The confirmation page grants access to the attachments: after the commit, this
        # answer writes nothing more (not even the session) that could fail.
        return redirect("pqrsd:confirmation", token=token)
    grant(request, result.request)
    # A form this session did not show (cookies blocked, or an expired session): the
    # confirmation page could not find the code, so it is shown now only.
    return render(
        request,
        "pqrsd/confirmation.html",
        confirmation_context(result.request, result.tracking_code),
    )


@never_cache
def confirmation(request, token):
    code = kept_code(request, token)
    request_obj = (
        Request.objects.select_related("office", "addressee_entity")
        .filter(submission_key=token)
        .first()
        if code
        else None
    )
    if request_obj is None or not tracking_code_matches(code, request_obj.tracking_code_hash):
        raise Http404("No hay una radicación reciente en esta sesión.")
    grant(request, request_obj)
    return render(request, "pqrsd/confirmation.html", confirmation_context(request_obj, code))


@never_cache
def track(request):
    """Radicado + code → the request's status page; one generic message for any mismatch."""
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not allow_request(request, "pqrsd-track", TRACK_LIMIT_PER_HOUR, 3600):
            form.is_valid()
            form.add_error(
                None,
                "Hizo demasiados intentos. Por seguridad, espere una hora e intente de nuevo.",
            )
            status = 429
        elif form.is_valid():
            year, number = form.cleaned_data["radicado"]
            request_obj = Request.objects.filter(year=year, number=number).first()
            stored = request_obj.tracking_code_hash if request_obj else ""
            if tracking_code_matches(form.cleaned_data["code"], stored):
                grant(request, request_obj)
                return redirect("pqrsd:status", radicado=request_obj.radicado)
            form.add_error(None, GENERIC_TRACK_ERROR)
    return render(request, "pqrsd/track.html", {"form": form}, status=status)


@never_cache
def status(request, radicado):
    request_obj = proven_request(
        request,
        radicado,
        Request.objects.select_related("office__entity", "addressee_entity").prefetch_related(
            Prefetch("history", queryset=StatusChange.objects.order_by("created_at", "pk")),
            "attachments",
        ),
    )
    if request_obj is None:
        return redirect("pqrsd:track")
    attachments = list(request_obj.attachments.all())
    return render(
        request,
        "pqrsd/status.html",
        {
            "req": request_obj,
            "history": request_obj.history.all(),
            "request_files": [
                a
                for a in attachments
                if a.kind in (Attachment.Kind.REQUEST, Attachment.Kind.COMPLETION)
            ],
            "answer_files": [a for a in attachments if a.kind == Attachment.Kind.ANSWER],
            "explanation": explain(request_obj),
            "today": timezone.localdate(),
            **legal.tracking_context(request_obj, timezone.localdate()),
            "data_claims": data_rights.open_claims_for(request_obj),
            **notification_views.tracking_context(request_obj),
        },
    )


@never_cache
def attachment(request, pk):
    """A private file, for staff who may see the request or the requester with the code."""
    item = get_object_or_404(Attachment.objects.select_related("request"), pk=pk)
    allowed = has_access(request, item.request)
    if not allowed and verified_staff(request.user):
        allowed = (
            request.user.has_perm("pqrsd.view_request")
            and Request.objects.visible_to(request.user).filter(pk=item.request_id).exists()
        )
    if not allowed:
        raise PermissionDenied
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("El archivo no está disponible.") from error
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Statistics ---


def _filename(year, extension):
    return f"pqrsd-{year or 'todos'}-{timezone.localdate():%Y%m%d}.{extension}"


# The public statistics pages live in pqrsd/report.py, next to the Decreto 1081 report.


def report_csv(totals, by_month, year):
    """The staff report as CSV: one row per (dimension, value)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(year, "csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["dimension", "valor", "solicitudes"])
    for dimension, values in (
        ("tipo", totals.by_type),
        ("dependencia", totals.by_office),
        ("estado", totals.by_status),
        ("mes", by_month),
        ("canal", totals.by_channel),
    ):
        for key, count in values.items():
            writer.writerow([dimension, key, count])
    for key, value in (
        ("recibidas", totals.received),
        ("respondidas", totals.answered),
        ("respondidas_a_tiempo", totals.answered_on_time),
        ("respondidas_tarde", totals.answered_late),
        ("vencidas_sin_respuesta", totals.overdue_open),
        ("trasladadas", totals.referred),
        ("acceso_negado", totals.denied),
        ("base_porcentaje_a_tiempo", totals.due_or_answered),
        ("porcentaje_a_tiempo", totals.share_answered_on_time),
        ("respuestas_promediadas", totals.days_counted),
        ("promedio_dias_habiles", totals.average_response_business_days),
        ("porcentaje_en_linea", totals.online_share),
    ):
        writer.writerow(["total", key, "" if value is None else value])
    return response
