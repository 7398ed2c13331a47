"""
The entity page, its organigram, and the directory the law describes (Res. 1519 item 1.5):
public servants and, apart, contractors, as pages and as open data (CSV and JSON).
"""

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from . import organigram as organigram_layout
from .forms import DirectoryFilterForm
from .models import Contractor, Document, Entity, Official

# The entity page shows the first officials of each office and links to the directory for
# the rest, so it stays light on a phone whatever the size of the staff.
OFFICIALS_PER_OFFICE = 10
DIRECTORY_PAGE_SIZE = 50


def active_officials():
    """Directory order: entity, office, then the official's own order."""
    return Official.objects.active().order_by(
        "office__entity__order",
        "office__entity__name",
        "office__order",
        "office__name",
        "office_id",
        "order",
        "name",
    )


def active_contractors():
    return Contractor.objects.active().order_by(
        "office__entity__order",
        "office__entity__name",
        "office__order",
        "office__name",
        "office_id",
        "name",
        "contract_number",
    )


def entity_detail(request, slug):
    entity = get_object_or_404(Entity, slug=slug)
    offices = list(entity.offices.select_related("parent"))
    listed = Official.objects.active().filter(office__entity=entity)
    listed = listed.first_of_each_office(OFFICIALS_PER_OFFICE)
    heads = organigram_layout.heads_by_office(entity)
    for office in offices:
        office.listed_officials, office.active_officials = listed.get(office.pk, ([], 0))
        office.head = heads.get(office.pk)
    organigram = organigram_layout.build(entity, offices, heads)
    context = {
        "entity": entity,
        "offices": offices,
        "organigram": organigram,
        "entity_head": organigram.head,
        "recent_documents": Document.objects.published().filter(entity=entity)[:5],
        "last_updated": entity.updated_at,
    }
    return render(request, "portal/entity_detail.html", context)


def organigram(request, slug):
    """The organigram alone, to print or to link from the transparency menu (item 1.2)."""
    entity = get_object_or_404(Entity, slug=slug)
    context = {
        "entity": entity,
        "organigram": organigram_layout.build(entity),
        "last_updated": entity.updated_at,
    }
    return render(request, "portal/organigram.html", context)


def _directory_page(request, queryset, template):
    form = DirectoryFilterForm(request.GET)
    rows = form.filter(queryset).select_related("office__entity")
    page = Paginator(rows, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "last_updated": max((row.updated_at for row in page), default=None),
    }
    return render(request, template, context)


def directory(request):
    return _directory_page(request, active_officials(), "portal/directory.html")


def contractors(request):
    return _directory_page(request, active_contractors(), "portal/contractors.html")


# Open data: the columns each file publishes (name, meaning) are also described in
# docs/datos-abiertos.md. Only what Decreto 1081 de 2015 art. 2.1.1.2.1.5 orders to publish.
IDENTITY_COLUMNS = (
    ("entidad", lambda row: row.office.entity.name),
    ("dependencia", lambda row: row.office.name),
    ("nombre", lambda row: row.name),
    ("cargo", lambda row: row.position),
    ("correo_institucional", lambda row: row.email),
    ("telefono_institucional", lambda row: row.phone),
    ("pais_nacimiento", lambda row: row.birth_country),
    ("departamento_nacimiento", lambda row: row.birth_department),
    ("municipio_nacimiento", lambda row: row.birth_municipality),
    ("formacion_academica", lambda row: row.education),
    ("experiencia", lambda row: row.experience),
    ("url_sigep", lambda row: row.sigep_url),
)
OFFICIAL_COLUMNS = (
    *IDENTITY_COLUMNS,
    ("escala_salarial", lambda row: row.salary_scale),
    ("fecha_ingreso", lambda row: row.started_on.isoformat() if row.started_on else ""),
    ("es_jefe_dependencia", lambda row: "si" if row.is_head else "no"),
)
CONTRACTOR_COLUMNS = (
    *IDENTITY_COLUMNS,
    ("numero_contrato", lambda row: row.contract_number),
    ("objeto", lambda row: row.contract_object),
    ("valor_honorarios", lambda row: "" if row.contract_value is None else str(row.contract_value)),
    ("fecha_inicio", lambda row: row.start_date.isoformat() if row.start_date else ""),
    ("fecha_terminacion", lambda row: row.end_date.isoformat() if row.end_date else ""),
    ("url_secop", lambda row: row.secop_url),
)


def _rows(queryset, columns):
    for row in queryset.select_related("office__entity").iterator(chunk_size=500):
        yield {name: value(row) for name, value in columns}


def _csv(queryset, columns, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 accents correctly with this mark.
    writer = csv.DictWriter(response, fieldnames=[name for name, _ in columns])
    writer.writeheader()
    writer.writerows(_rows(queryset, columns))
    return response


def _json(queryset, columns):
    return JsonResponse(
        {"columnas": [name for name, _ in columns], "filas": list(_rows(queryset, columns))},
        json_dumps_params={"ensure_ascii": False},
    )


def directory_csv(request):
    return _csv(active_officials(), OFFICIAL_COLUMNS, "directorio-servidores.csv")


def directory_json(request):
    return _json(active_officials(), OFFICIAL_COLUMNS)


def contractors_csv(request):
    return _csv(active_contractors(), CONTRACTOR_COLUMNS, "directorio-contratistas.csv")


def contractors_json(request):
    return _json(active_contractors(), CONTRACTOR_COLUMNS)
