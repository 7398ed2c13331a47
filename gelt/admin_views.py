"""The committee's views inside the admin: dashboard, measuring, exports, report, empalme."""

import csv
import io
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from participation.results import csv_cell
from portal.admin import edited_by
from portal.models import Document, Entity, Municipality, Status

from . import ita
from .checks import last_measured, measure_all
from .handover import handover_context
from .models import Activity, CommitteeMember, Evaluation, Measurement, Meeting
from .overview import overview
from .policy import policy_view

RECENT_MEETINGS = 5
LISTED_ACTIVITIES = 50


def require_view(request):
    if not request.user.has_perm("gelt.view_phase"):
        raise PermissionDenied


def can_measure(user):
    return user.has_perm("gelt.add_evaluation") and user.has_perm("gelt.add_measurement")


def committee_context(today, now):
    """
    Overview plus the current policy view and the committee's agenda: overdue activities
    (with their owners) and meetings.
    """
    context = overview(today, with_history=True)
    context.update(policy_view(context["phases"], today))
    context["overdue"] = list(
        Activity.objects.overdue(today)
        .with_owner()
        .select_related("action", "meeting")[:LISTED_ACTIVITIES]
    )
    context["next_meeting"] = Meeting.objects.upcoming(now).first()
    context["without_evidence"] = [c for row in context["phases"] for c in row.without_evidence]
    return context


def dashboard(request, model_admin):
    require_view(request)
    now = timezone.now()
    context = committee_context(timezone.localdate(now), now)
    context.update(
        model_admin.admin_site.each_context(request),
        title="Tablero del Comité GEL-T",
        opts=model_admin.opts,
        can_measure=can_measure(request.user),
        last_measured=last_measured(),
    )
    return render(request, "admin/gelt/dashboard.html", context)


@require_POST
def measure(request):
    if not can_measure(request.user):
        raise PermissionDenied
    try:
        outcomes = measure_all(today=timezone.localdate(), user=request.user)
        ita.store_snapshots(timezone.localdate())
    except IntegrityError:
        # Two clicks at once: the other request is writing today's rows.
        messages.warning(request, "Ya se estaba midiendo en este momento. Revise el tablero.")
        return redirect("admin:gelt_dashboard_changelist")
    stored = sum(1 for outcome in outcomes if outcome.stored)
    messages.success(
        request,
        f"Verificaciones ejecutadas: {stored} evaluaciones y mediciones registradas con su "
        "evidencia (si ya se había medido hoy, se actualizó la medición del día).",
    )
    skipped = [o for o in outcomes if not o.stored]
    if skipped:
        messages.warning(
            request,
            "Sin registrar: " + "; ".join(f"{o.target} ({o.note})" for o in skipped) + ".",
        )
    return redirect("admin:gelt_dashboard_changelist")


def report(request):
    """A printable report for the committee."""
    require_view(request)
    now = timezone.now()
    context = committee_context(timezone.localdate(now), now)
    context["generated_at"] = now
    context["open_missing"] = True
    return render(request, "gelt/report.html", context)


def handover_data(now):
    """Everything the empalme document shows, for the page and for the published file."""
    today = timezone.localdate(now)
    context = committee_context(today, now)
    context.update(handover_context(today))
    context.update(
        generated_at=now,
        open_missing=True,
        members=list(CommitteeMember.objects.active()),
        meetings=list(Meeting.objects.held(now).prefetch_related("attendees")[:RECENT_MEETINGS]),
    )
    return context


def publishing_entity(user):
    """
    The Alcaldía, when `user` may publish the empalme as one of its documents: the permission
    to add documents and to edit the Alcaldía's content (the portal's one rule of offices).
    """
    if not (user.has_perm("gelt.view_phase") and user.has_perm("portal.add_document")):
        return None
    alcaldias = Entity.objects.filter(kind=Entity.Kind.ALCALDIA).order_by("order", "pk")
    return edited_by(user, alcaldias, entity_path="pk").first()


def handover(request):
    """The empalme document for an incoming administration, generated from the data."""
    require_view(request)
    context = handover_data(timezone.now())
    context["can_publish"] = publishing_entity(request.user) is not None
    return render(request, "gelt/handover.html", context)


@require_POST
def publish_handover(request):
    """Publish today's empalme document on the site as a Document (a text file) of the Alcaldía."""
    entity = publishing_entity(request.user)
    if entity is None:
        raise PermissionDenied
    now = timezone.now()
    context = handover_data(now)
    context["municipality"] = Municipality.current()
    text = render_to_string("gelt/handover.txt", context)
    today = timezone.localdate(now)
    administration = context["administration"]
    document = Document(
        entity=entity,
        title=f"Documento de empalme del Comité GEL-T ({today:%d/%m/%Y})",
        kind=Document.Kind.INFORME,
        issued_on=today,
        description="Estado del plan GEL-T y de la Política de Gobierno Digital vigente, "
        "solicitudes PQRSD pendientes por dependencia y compromisos pendientes con su "
        "responsable"
        + (f", administración {administration}" if administration else "")
        + ". Generado desde los datos del portal.",
        status=Status.PUBLISHED,
        publish_at=now,
        author=request.user,
    )
    document.file.save(
        f"empalme-gelt-{today:%Y-%m-%d}.txt", ContentFile(text.encode("utf-8")), save=False
    )
    document.save()
    messages.success(
        request,
        format_html(
            'Documento de empalme publicado: <a href="{}">{}</a>.',
            document.get_absolute_url(),
            document.title,
        ),
    )
    return redirect("admin:gelt_dashboard_handover")


def excel_co(value):
    """
    A cell for Excel configured for Colombia: numbers with a decimal comma (1234,5), text a
    spreadsheet would run as a formula defused with a leading apostrophe.
    """
    if isinstance(value, (Decimal, float)):
        return str(value).replace(".", ",")
    return csv_cell(value) if isinstance(value, str) else value


def xlsx_cell(value):
    """A number as a number; text never taken for a formula (openpyxl writes "=…" as one)."""
    if isinstance(value, Decimal):
        return float(value)
    return csv_cell(value) if isinstance(value, str) else value


def yes_no(value):
    return "sí" if value else "no"


# Each export: its permission, its rows, and its columns as (header, value of a row).
EXPORTS = {
    "evaluaciones": (
        "gelt.view_evaluation",
        lambda: Evaluation.objects.select_related("criterion__phase", "evaluator").order_by(
            "criterion__code", "date"
        ),
        [
            ("Código", lambda e: e.criterion.code),
            ("Criterio", lambda e: e.criterion.name),
            ("Fase", lambda e: e.criterion.phase.name),
            ("Fecha", lambda e: e.date.isoformat()),
            ("Resultado", lambda e: e.get_result_display()),
            ("Puntaje (%)", lambda e: e.score),
            ("Automática", lambda e: yes_no(e.automatic)),
            ("Evidencia", lambda e: e.evidence_text),
            ("Enlace", lambda e: e.evidence_url),
            ("Evaluador", lambda e: e.evaluator.get_username() if e.evaluator else ""),
        ],
    ),
    "mediciones": (
        "gelt.view_measurement",
        lambda: Measurement.objects.select_related("indicator").order_by(
            "indicator__order", "indicator__code", "date"
        ),
        [
            ("Código", lambda m: m.indicator.code),
            ("Indicador", lambda m: m.indicator.name),
            ("Fecha", lambda m: m.date.isoformat()),
            ("Valor", lambda m: "" if m.value is None else m.value),
            ("Unidad", lambda m: m.indicator.get_unit_display()),
            ("Meta", lambda m: "" if m.indicator.goal is None else m.indicator.goal),
            ("Fuente", lambda m: m.source),
            ("Automática", lambda m: yes_no(m.automatic)),
            ("Evidencia", lambda m: m.evidence_text),
        ],
    ),
    # The ITA-style self-assessment item by item, for the entity's annual ITA report.
    "autoevaluacion-ita": (
        "gelt.view_phase",
        lambda: ita.assessed_items(timezone.localdate()),
        [
            ("Entidad", lambda i: i.entity.name),
            ("Categoría", lambda i: ita.category_code(i.code)),
            ("Numeral", lambda i: i.code),
            ("Ítem", lambda i: i.label),
            ("Estado", ita.item_state_label),
            ("Cuenta para el ITA", lambda i: yes_no(ita.counts(i))),
            (
                "Última actualización",
                lambda i: i.state.last_updated.isoformat() if i.state.last_updated else "",
            ),
            ("Frecuencia", lambda i: i.get_update_frequency_display()),
            ("Dependencia responsable", lambda i: i.owner_office.name if i.owner_office else ""),
            ("Razón de «no aplica»", lambda i: i.na_justification),
        ],
    ),
}


def export(request, kind, fmt):
    """Evaluations or measurements as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    if kind not in EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404("Exportación desconocida.")
    permission, objects, columns = EXPORTS[kind]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    header = [name for name, _ in columns]
    rows = ([value(obj) for _, value in columns] for obj in objects())
    filename = f"gelt-{kind}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        # Excel configured for Colombia reads ";" as the separator and "," as the decimal mark.
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(header)
        writer.writerows([excel_co(value) for value in row] for row in rows)
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(kind.capitalize())
        sheet.append(header)
        for row in rows:
            sheet.append([xlsx_cell(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
