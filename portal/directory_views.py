"""
The entity page, its organigram, and the directory the law describes (Res. 1519 item 1.5):
public servants and, apart, contractors, as pages and as open data (CSV and JSON).
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Field:
    """
    What a column reads from a row of `values()`: the field `source` (a related one through
    `__`), written by `write` when given, as read otherwise.
    """

    source: str
    write: Callable | None = None

    def __call__(self, row):
        value = row[self.source]
        return value if self.write is None else self.write(value)


def _iso_or_empty(day):
    return day.isoformat() if day else ""


# Open data: the columns each file publishes (name, meaning) are also described in
# docs/datos-abiertos.md. Only what Decreto 1081 de 2015 art. 2.1.1.2.1.5 orders to publish.
IDENTITY_COLUMNS = (
    ("entidad", Field("office__entity__name")),
    ("dependencia", Field("office__name")),
    ("nombre", Field("name")),
    ("cargo", Field("position")),
    ("correo_institucional", Field("email")),
    ("telefono_institucional", Field("phone")),
    ("pais_nacimiento", Field("birth_country")),
    ("departamento_nacimiento", Field("birth_department")),
    ("municipio_nacimiento", Field("birth_municipality")),
    ("formacion_academica", Field("education")),
    ("experiencia", Field("experience")),
    ("url_sigep", Field("sigep_url")),
)
OFFICIAL_COLUMNS = (
    *IDENTITY_COLUMNS,
    ("escala_salarial", Field("salary_scale")),
    ("fecha_ingreso", Field("started_on", _iso_or_empty)),
    ("es_jefe_dependencia", Field("is_head", lambda is_head: "si" if is_head else "no")),
)
CONTRACTOR_COLUMNS = (
    *IDENTITY_COLUMNS,
    ("numero_contrato", Field("contract_number")),
    ("objeto", Field("contract_object")),
    (
        "valor_honorarios",
        Field("contract_value", lambda value: "" if value is None else str(value)),
    ),
    ("fecha_inicio", Field("start_date", _iso_or_empty)),
    ("fecha_terminacion", Field("end_date", _iso_or_empty)),
    ("url_secop", Field("secop_url")),
)


def _rows(queryset, columns):
    """The rows as dicts of the columns, read with one `values()` query: the files are tables."""
    fields = queryset.values(*dict.fromkeys(field.source for _, field in columns))
    for row in fields.iterator(chunk_size=500):
        yield {name: field(row) for name, field in columns}


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
