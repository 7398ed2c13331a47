import csv
import io
from operator import itemgetter

import orjson
from django.core.paginator import InvalidPage, Paginator
from django.db.models import CharField, F, Func
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from portal.links import around_slug, slug_url

from . import opendata
from .forms import CatalogueFilterForm
from .models import Procedure, ProcedureForm, Requirement, Step, count_visit

PAGE_SIZE = 20
KIND_LABELS = dict(Procedure.Kind.choices)
AUTOMATION_LABELS = dict(Procedure.Automation.choices)


def catalogue(request):
    form = CatalogueFilterForm(request.GET)
    # Rows rather than model instances, with only what the list shows.
    procedures = form.filter(Procedure.objects.published()).values(
        "name",
        "slug",
        "kind",
        "automation_level",
        "is_free",
        category_name=F("category__name"),
        office_name=F("office__name"),
    )
    paginator = Paginator(procedures, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404("Esa página del catálogo no existe.") from error
    for procedure in page.object_list:
        procedure["url"] = slug_url("tramites:detail", procedure["slug"])
        procedure["kind_label"] = KIND_LABELS[procedure["kind"]]
        procedure["automation_label"] = AUTOMATION_LABELS[procedure["automation_level"]]
    context = {
        "form": form,
        "page_obj": page,
        "paginator": paginator,
        "is_paginated": page.has_other_pages(),
        "procedures": page.object_list,
        "categories": form.topics,
        "filtered": any(form.data.get(name) for name in form.fields),
    }
    return render(request, "tramites/catalogue.html", context)


def detail(request, slug):
    procedures = Procedure.objects.select_related("category", "office__entity").prefetch_related(
        "requirements", "steps", "forms"
    )
    preview = request.user.is_staff and request.user.has_perm("tramites.view_procedure")
    if not preview:
        procedures = procedures.published()
    procedure = get_object_or_404(procedures, slug=slug)
    is_published = procedure.is_published()
    if is_published:
        count_visit(procedure.slug)
    context = {
        "procedure": procedure,
        "is_published": is_published,
        "last_updated": procedure.updated_at,
    }
    response = render(request, "tramites/detail.html", context)
    if not is_published:
        add_never_cache_headers(response)  # a staff preview must never be cached
    return response


class _IsoFormat(Func):
    """
    A date or datetime column as Django reads it (datetimes in UTC) and `isoformat()` writes
    it: "AAAA-MM-DD", or for a datetime "T" between date and time, microseconds only when not
    zero and "+00:00". Written by the database (PostgreSQL or SQLite) so no row needs a date or
    datetime object and a call to format it.
    """

    output_field = CharField()

    def _is_date(self):
        return self.get_source_fields()[0].get_internal_type() == "DateField"

    def as_postgresql(self, compiler, connection, **extra_context):
        if self._is_date():
            template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
        else:
            template = (
                "replace(to_char(%(expressions)s AT TIME ZONE 'UTC',"
                " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'), '.000000+', '+')"
            )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores dates as isoformat() writes them, and the UTC time as str() writes it:
        # "AAAA-MM-DD HH:MM:SS[.ffffff]".
        if self._is_date():
            template = "%(expressions)s"
        else:
            template = "replace(%(expressions)s, ' ', 'T') || '+00:00'"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _open_data(request):
    """
    The published sheets, in catalogue order, as `opendata.csv_rows` and `json_records` take
    them: tuples in CSV_FIELDS order and every sheet's lists (a draft's are read but never
    looked up).

    One query for the sheets and one per list (requirements, steps, forms), none of them when
    nothing is published. The database writes the dates as text, which would otherwise need a
    call per row, and one reverse() serves every sheet address: this runs over the whole
    catalogue on every download.
    """
    url_start, url_end = around_slug("tramites:detail")
    data = {
        "rows": list(
            Procedure.objects.published()
            .order_by("name", "pk")
            .annotate(
                fecha_ultima_revision=_IsoFormat("last_reviewed_on"),
                fecha_actualizacion=_IsoFormat("updated_at"),
            )
            .values_list(*opendata.CSV_FIELDS.values())
        ),
        "requirements": [],
        "steps": [],
        "forms": [],
        "url_start": request.build_absolute_uri(url_start),
        "url_end": url_end,
    }
    if not data["rows"]:
        return data
    data["requirements"] = list(
        Requirement.objects.order_by("order", "id").values_list(
            "procedure", "description", "needs_document"
        )
    )
    data["steps"] = list(
        Step.objects.order_by("order", "id").values_list("procedure", "description")
    )
    storage = ProcedureForm._meta.get_field("file").storage
    data["forms"] = [
        (pk, title, request.build_absolute_uri(storage.url(name)))
        for pk, title, name in ProcedureForm.objects.order_by("order", "id").values_list(
            "procedure", "title", "file"
        )
    ]
    return data


def export_csv(request):
    # The byte order mark makes Excel read the file as UTF-8, so accents show right.
    content = io.StringIO()
    content.write("\ufeff")
    writer = csv.writer(content)
    writer.writerow(opendata.CSV_COLUMNS)
    writer.writerows(opendata.csv_rows(**_open_data(request)))
    response = HttpResponse(content.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tramites-puerto-guzman.csv"'
    return response


def export_json(request):
    records = opendata.json_records(**_open_data(request))
    # Every update time is written alike in UTC, so the latest is also the greatest text.
    last_change = max(map(itemgetter("fecha_actualizacion"), records), default=None)
    data = {
        "descripcion": "Catálogo de trámites, OPA y servicios publicados del municipio.",
        "generado": timezone.now().isoformat(),
        "ultima_modificacion": last_change,
        "total": len(records),
        "tramites": records,
    }
    # orjson writes the whole catalogue (UTF-8, not indented) ten times faster than the
    # standard library, whose encoding took longer than reading the catalogue.
    return HttpResponse(orjson.dumps(data), content_type="application/json")
