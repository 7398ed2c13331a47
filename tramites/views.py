import csv
import io

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from portal.admin import never_cache_preview, previewable

from . import opendata
from .admin import ProcedureAdmin
from .forms import CatalogueFilterForm
from .models import Procedure

PAGE_SIZE = 20


def catalogue(request):
    form = CatalogueFilterForm(request.GET)
    procedures = form.filter(Procedure.objects.published()).select_related("category", "office")
    paginator = Paginator(procedures, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404("Esa página del catálogo no existe.") from error
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
    procedures = previewable(request, Procedure, office_path=ProcedureAdmin.office_path)
    procedure = get_object_or_404(
        procedures.select_related("category", "office__entity").prefetch_related(
            "requirements", "steps", "forms"
        ),
        slug=slug,
    )
    context = {
        "procedure": procedure,
        "is_published": procedure.is_published(),
        "last_updated": procedure.updated_at,
    }
    return never_cache_preview(render(request, "tramites/detail.html", context), procedure)


def open_data(request):
    """The published sheets, in catalogue order, as the exports' JSON records."""
    rows = opendata.rows(Procedure.objects.published().order_by("name", "pk"))
    return [opendata.json_record(row, request.build_absolute_uri) for row in rows]


def export_csv(request):
    # The byte order mark makes Excel read the file as UTF-8, so accents show right.
    content = io.StringIO()
    content.write("\ufeff")
    writer = csv.writer(content)
    writer.writerow(column.name for column in opendata.COLUMNS)
    writer.writerows(opendata.csv_row(record) for record in open_data(request))
    response = HttpResponse(content.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tramites-puerto-guzman.csv"'
    return response


def export_json(request):
    records = open_data(request)
    data = {
        "descripcion": "Catálogo de trámites, OPA y servicios publicados del municipio.",
        "generado": timezone.now().isoformat(),
        # Every update time is written alike in UTC, so the latest is also the greatest text.
        "ultima_modificacion": max((r["fecha_actualizacion"] for r in records), default=None),
        "total": len(records),
        "tramites": records,
    }
    dumps = {"ensure_ascii": False, "separators": (",", ":")}
    return JsonResponse(data, json_dumps_params=dumps)
