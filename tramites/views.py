import csv

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from . import opendata
from .forms import CatalogueFilterForm
from .models import Category, Procedure, Requirement, Step, count_visit

PAGE_SIZE = 20


def catalogue(request):
    form = CatalogueFilterForm(request.GET)
    procedures = form.filter(
        Procedure.objects.published().select_related("category", "office__entity")
    )
    paginator = Paginator(procedures, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404("Esa página del catálogo no existe.") from error
    published = Procedure.objects.published()
    categories = (
        Category.objects.annotate(
            published_count=Count("procedures", filter=Q(procedures__in=published))
        )
        .filter(published_count__gt=0)
        .order_by("order", "name")
    )
    context = {
        "form": form,
        "page_obj": page,
        "paginator": paginator,
        "is_paginated": page.has_other_pages(),
        "procedures": page.object_list,
        "categories": categories,
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
        count_visit(procedure.pk)
    context = {
        "procedure": procedure,
        "is_published": is_published,
        "last_updated": procedure.updated_at,
    }
    response = render(request, "tramites/detail.html", context)
    if not is_published:
        add_never_cache_headers(response)  # a staff preview must never be cached
    return response


def _catalogue_for_export():
    return (
        Procedure.objects.published()
        .select_related("category", "office__entity")
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.order_by("order", "id")),
            Prefetch("steps", queryset=Step.objects.order_by("order", "id")),
            "forms",
        )
        .order_by("name", "pk")
    )


def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tramites-puerto-guzman.csv"'
    # The byte order mark makes Excel read the file as UTF-8, so accents show right.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(opendata.CSV_COLUMNS)
    for procedure in _catalogue_for_export():
        writer.writerow(opendata.csv_row(procedure, request))
    return response


def export_json(request):
    procedures = list(_catalogue_for_export())
    last_change = max((p.updated_at for p in procedures), default=None)
    data = {
        "descripcion": "Catálogo de trámites, OPA y servicios publicados del municipio.",
        "generado": timezone.now().isoformat(),
        "ultima_modificacion": last_change.isoformat() if last_change else None,
        "total": len(procedures),
        "tramites": [opendata.record(p, request) for p in procedures],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
