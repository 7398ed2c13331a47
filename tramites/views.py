import csv
import io

from django.core.paginator import InvalidPage, Paginator
from django.db.models import CharField, F, Func
from django.http import Http404, HttpResponse, JsonResponse
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


def _catalogue_for_export(request):
    """
    The published sheets as `opendata` sheets (plain dicts), in catalogue order, for the JSON.

    One query for the sheets and one per list (requirements, steps, forms), none of them when
    nothing is published. Rows instead of model instances and one reverse() for all the sheet
    addresses: this runs over the whole catalogue on every download.
    """
    sheets = list(
        Procedure.objects.published()
        .order_by("name", "pk")
        .values(
            "pk",
            *opendata.SHEET_FIELDS,
            category_name=F("category__name"),
            office_name=F("office__name"),
            entity_name=F("office__entity__name"),
        )
    )
    if not sheets:
        return sheets
    # Every sheet address is the same text around the slug (slugs need no quoting).
    url_start, url_end = around_slug("tramites:detail")
    url_start = request.build_absolute_uri(url_start)
    by_pk = {}
    for sheet in sheets:
        sheet.update(requirements=[], steps=[], forms=[])
        sheet["url"] = f"{url_start}{sheet['slug']}{url_end}"
        by_pk[sheet.pop("pk")] = sheet
    # Every sheet's lists, in order, kept only for the sheets above: matching rows to them costs
    # less than joining the published sheets again in each query (the few drafts' rows are read
    # and dropped). A sheet published since the first query is left out too.
    requirements = Requirement.objects.order_by("order", "id")
    for pk, description, needs_document in requirements.values_list(
        "procedure", "description", "needs_document"
    ):
        if pk in by_pk:
            by_pk[pk]["requirements"].append((description, needs_document))
    steps = Step.objects.order_by("order", "id")
    for pk, description in steps.values_list("procedure", "description"):
        if pk in by_pk:
            by_pk[pk]["steps"].append(description)
    storage = ProcedureForm._meta.get_field("file").storage
    forms = ProcedureForm.objects.order_by("order", "id")
    for pk, title, name in forms.values_list("procedure", "title", "file"):
        if pk in by_pk:
            by_pk[pk]["forms"].append((title, request.build_absolute_uri(storage.url(name))))
    return sheets


class _IsoFormat(Func):
    """
    A datetime column as Django reads it (in UTC) and `datetime.isoformat()` writes it: "T"
    between date and time, microseconds only when not zero, "+00:00". Written by the database
    (PostgreSQL or SQLite) so no row needs a datetime object and a call to format it.
    """

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = (
            "replace(to_char(%(expressions)s AT TIME ZONE 'UTC',"
            " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'), '.000000+', '+')"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores the UTC time as str() writes it: "AAAA-MM-DD HH:MM:SS[.ffffff]".
        template = "replace(%(expressions)s, ' ', 'T') || '+00:00'"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _lines_by_sheet(pairs):
    """{sheet pk: its values, one per line}, from (sheet pk, value) pairs in order."""
    lines = {}
    for pk, value in pairs:
        lines[pk] = f"{lines[pk]}\n{value}" if pk in lines else value
    return lines


def _csv_rows(request):
    """
    The published sheets as CSV rows, in catalogue order, with the same queries as
    `_catalogue_for_export`: tuples read in CSV order and each list joined once, instead of a
    dict and a `record` per sheet (this runs over the whole catalogue on every download).
    """
    rows = list(
        Procedure.objects.published()
        .order_by("name", "pk")
        .annotate(updated_at_iso=_IsoFormat("updated_at"))
        .values_list(*opendata.CSV_FIELDS.values())
    )
    if not rows:
        return rows
    # Every sheet's lists, in order; a draft's are never looked up.
    requirements = _lines_by_sheet(
        Requirement.objects.order_by("order", "id").values_list("procedure", "description")
    )
    steps = _lines_by_sheet(
        Step.objects.order_by("order", "id").values_list("procedure", "description")
    )
    storage = ProcedureForm._meta.get_field("file").storage
    forms = _lines_by_sheet(
        (pk, request.build_absolute_uri(storage.url(name)))
        for pk, name in ProcedureForm.objects.order_by("order", "id").values_list(
            "procedure", "file"
        )
    )
    url_start, url_end = around_slug("tramites:detail")
    return opendata.csv_rows(
        rows,
        requirements=requirements,
        steps=steps,
        forms=forms,
        url_start=request.build_absolute_uri(url_start),
        url_end=url_end,
    )


def export_csv(request):
    # The byte order mark makes Excel read the file as UTF-8, so accents show right.
    content = io.StringIO()
    content.write("\ufeff")
    writer = csv.writer(content)
    writer.writerow(opendata.CSV_COLUMNS)
    writer.writerows(_csv_rows(request))
    response = HttpResponse(content.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tramites-puerto-guzman.csv"'
    return response


def export_json(request):
    sheets = _catalogue_for_export(request)
    last_change = max((sheet["updated_at"] for sheet in sheets), default=None)
    data = {
        "descripcion": "Catálogo de trámites, OPA y servicios publicados del municipio.",
        "generado": timezone.now().isoformat(),
        "ultima_modificacion": last_change.isoformat() if last_change else None,
        "total": len(sheets),
        "tramites": [opendata.record(sheet) for sheet in sheets],
    }
    # Not indented: only unindented output gets the standard library's C encoder, and indenting
    # the whole catalogue in Python took longer than the rest of the export.
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
